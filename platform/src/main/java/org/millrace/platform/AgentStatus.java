package org.millrace.platform;

import java.util.List;

/**
 * One agent: its configuration's generation, what its components are doing, and what is wrong with its
 * configuration.
 *
 * @param name the agent's name (its configuration's name, e.g. {@code a1} for {@code org.millrace.agent-a1.cfg})
 * @param generation counts the configurations applied, from 1
 * @param components every declared component
 * @param errors configuration problems that refused a component or the last update
 * @param warnings configuration problems that were ignored, as Flume ignores them
 */
public record AgentStatus(String name, long generation, List<ComponentStatus> components, List<String> errors,
        List<String> warnings) {

    /** The component of that kind and name, or {@code null}. */
    public ComponentStatus component(ComponentKind kind, String componentName) {
        return components.stream().filter(c -> c.kind() == kind && c.name().equals(componentName)).findFirst()
                .orElse(null);
    }
}
