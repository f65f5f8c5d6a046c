package org.millrace.platform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names monitoring publishes components under (Flume's JSON keys, JMX ObjectNames, Prometheus labels): a
 * component's own name, as Flume does, unless another agent of this Karaf has a component of the same kind and
 * name; then both are published as {@code <agent>.<component>}. Flume runs one agent per JVM, so a Karaf whose
 * component names are unique across its agents keeps Flume's names exactly.
 */
public final class MonitoredNames {
    private final Map<String, Integer> uses = new HashMap<>();

    private MonitoredNames(List<AgentStatus> agents) {
        agents.forEach(a -> a.components().forEach(c -> uses.merge(key(c), 1, Integer::sum)));
    }

    /** The names for these agents (all of this Karaf's, as {@link Agents#list()} gives them). */
    public static MonitoredNames of(List<AgentStatus> agents) {
        return new MonitoredNames(agents);
    }

    /** The published name of a component of an agent. */
    public String of(AgentStatus agent, ComponentStatus component) {
        return uses.getOrDefault(key(component), 0) > 1 ? agent.name() + "." + component.name() : component.name();
    }

    private static String key(ComponentStatus c) {
        return c.kind() + ":" + c.name();
    }
}
