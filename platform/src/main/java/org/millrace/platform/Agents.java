package org.millrace.platform;

import java.util.List;
import java.util.Optional;

/** The running agents of this Karaf instance; a service registered by the platform. */
@org.osgi.annotation.versioning.ProviderType
public interface Agents {

    /** Every agent, by name. */
    List<AgentStatus> list();

    /** One agent. */
    Optional<AgentStatus> get(String name);

    /** An agent's flow as nodes and edges, its selectors' routes as they describe them; empty if no such agent. */
    Optional<FlowShape> graph(String name);

    /** The connector types installed bundles provide, as {@code kind: alias, alias...} lines. */
    List<String> installedTypes();
}
