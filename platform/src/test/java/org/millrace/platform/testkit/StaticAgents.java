package org.millrace.platform.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentState;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.FlowShape;

/** For tests of what reads the {@link Agents} service: agents as the test sets them. */
public final class StaticAgents implements Agents {
    private final List<AgentStatus> agents = new CopyOnWriteArrayList<>();
    private final Map<String, FlowShape> shapes = new ConcurrentHashMap<>();

    /** Replaces every agent. */
    public StaticAgents set(AgentStatus... now) {
        agents.clear();
        agents.addAll(List.of(now));
        return this;
    }

    /** Sets the flow shape of an agent. */
    public StaticAgents shape(FlowShape shape) {
        shapes.put(shape.agent(), shape);
        return this;
    }

    /** A running component with these counters (every one a running total). */
    public static ComponentStatus running(ComponentKind kind, String name, String type, Map<String, Object> counters) {
        return new ComponentStatus(kind, name, type, ComponentState.RUNNING, null, 1_700_000_000_000L, 1, counters,
                Set.of());
    }

    /** An agent of generation 1 with these components and no configuration problems. */
    public static AgentStatus agent(String name, ComponentStatus... components) {
        return new AgentStatus(name, 1, List.of(components), List.of(), List.of());
    }

    @Override
    public List<AgentStatus> list() {
        return List.copyOf(agents);
    }

    @Override
    public Optional<AgentStatus> get(String name) {
        return agents.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    @Override
    public Optional<FlowShape> graph(String name) {
        return Optional.ofNullable(shapes.get(name));
    }

    @Override
    public List<String> installedTypes() {
        return List.of();
    }
}
