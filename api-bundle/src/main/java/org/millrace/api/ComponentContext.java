package org.millrace.api;

/** Where a running component sits: its agent and its name there. */
@org.osgi.annotation.versioning.ProviderType
public interface ComponentContext {

    /** The agent name, e.g. {@code a1}. */
    String agentName();

    /** The component name, e.g. {@code r1}. */
    String componentName();

    /** {@code agent/component}, the prefix of every log line the component writes, e.g. {@code [a1/r1]}. */
    default String label() {
        return agentName() + "/" + componentName();
    }
}
