package org.millrace.platform;

import java.util.List;

/**
 * An agent's flow as a picture's data: what {@code millrace:graph} draws, for views that draw it themselves (the
 * monitoring web page). Node ids are {@code <role>:<name>}, e.g. {@code source:r1}, {@code channel:c1}.
 *
 * @param agent the agent's name
 * @param nodes sources, their interceptor chains and selectors, channels, sink groups and sinks, in that order
 * @param edges how events move between them
 */
public record FlowShape(String agent, List<Node> nodes, List<Edge> edges) {

    /** What a node stands for. */
    public enum Role {
        /** A source. */
        SOURCE(ComponentKind.SOURCE.id()),
        /** A source's interceptor chain (its members in {@link Node#details()}). */
        INTERCEPTORS("interceptors"),
        /** A source's channel selector. */
        SELECTOR("selector"),
        /** A channel. */
        CHANNEL(ComponentKind.CHANNEL.id()),
        /** A sink group (its sinks name it as their {@link Node#group()}). */
        SINK_GROUP(ComponentKind.SINK_GROUP.id()),
        /** A sink. */
        SINK(ComponentKind.SINK.id());

        private final String prefix;

        Role(String prefix) {
            this.prefix = prefix;
        }

        /** The id prefix, e.g. {@code source}; a component's is its kind's {@link ComponentKind#id()}. */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * One node.
     *
     * @param id unique in the flow, {@code <role prefix>:<name>}
     * @param role what it stands for
     * @param name the component's name (for interceptors and selectors: their source's)
     * @param type the configured type (selector and sink processor types included)
     * @param group for a sink in a sink group, the group's node id; else {@code null}
     * @param details for an interceptor chain, {@code name: type} of each member in order; else empty
     */
    public record Node(String id, Role role, String name, String type, String group, List<String> details) {
    }

    /**
     * One edge.
     *
     * @param from a node id
     * @param to a node id
     * @param when for a selector's route, when it is taken (a multiplexing value, {@code default}), else {@code null}
     * @param optional whether a selector's route is optional (a failed put there does not fail the source's)
     */
    public record Edge(String from, String to, String when, boolean optional) {
    }
}
