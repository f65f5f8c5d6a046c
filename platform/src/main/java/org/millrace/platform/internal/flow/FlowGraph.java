package org.millrace.platform.internal.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.millrace.api.SelectorRoute;
import org.millrace.platform.FlowShape;
import org.millrace.platform.FlowShape.Edge;
import org.millrace.platform.FlowShape.Node;
import org.millrace.platform.FlowShape.Role;

/**
 * A flow as a picture: sources, their interceptor chains and selectors, channels, sinks, and sink groups. Selector
 * edges say when they are taken (a multiplexing value, default, optional), as each selector describes its own
 * routes. {@link #shape} gives the data (the monitoring web page draws it); {@link #dot} the Graphviz text
 * ({@code millrace:graph}).
 */
public final class FlowGraph {
    private FlowGraph() {
    }

    /**
     * The nodes and edges of a model.
     *
     * @param routes how each source's selector routes events to its channels
     */
    public static FlowShape shape(FlowModel model, Function<SourceSpec, List<SelectorRoute>> routes) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (SourceSpec s : model.sources().values()) {
            String name = s.component().name();
            String from = add(nodes, Role.SOURCE, name, s.component().type(), null, List.of());
            if (!s.interceptors().isEmpty()) {
                String chain = add(nodes, Role.INTERCEPTORS, name, "interceptors", null,
                        s.interceptors().stream().map(i -> i.name() + ": " + i.type()).toList());
                edges.add(new Edge(from, chain, null, false));
                from = chain;
            }
            String selector = add(nodes, Role.SELECTOR, name, s.selector().type(), null, List.of());
            edges.add(new Edge(from, selector, null, false));
            routes.apply(s).forEach(r -> edges.add(new Edge(selector, id(Role.CHANNEL, r.channel()), r.when(),
                    r.optional())));
        }
        model.channels().values().forEach(c -> add(nodes, Role.CHANNEL, c.name(), c.type(), null, List.of()));
        for (SinkGroupSpec g : model.sinkGroups().values()) {
            add(nodes, Role.SINK_GROUP, g.name(), g.processor().type(), null, List.of());
        }
        for (SinkSpec k : model.sinks().values()) {
            String name = k.component().name();
            String group = model.sinkGroups().values().stream().filter(g -> g.sinks().contains(name)).findFirst()
                    .map(g -> id(Role.SINK_GROUP, g.name())).orElse(null);
            String sink = add(nodes, Role.SINK, name, k.component().type(), group, List.of());
            edges.add(new Edge(id(Role.CHANNEL, k.channel()), sink, null, false));
        }
        return new FlowShape(model.agentName(), List.copyOf(nodes), List.copyOf(edges));
    }

    /** The DOT text of a shape: nodes, sink groups as clusters, then edges. */
    public static String dot(FlowShape shape) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(shape.agent())).append(" {\n");
        out.append("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (Node n : shape.nodes()) {
            switch (n.role()) {
                case SOURCE -> node(out, n.id(), n.name() + "\\n" + n.type(), "box", "style=rounded");
                case INTERCEPTORS -> node(out, n.id(), "interceptors\\n" + String.join("\\n", n.details()), "cds",
                        null);
                case SELECTOR -> node(out, n.id(), n.type(), "diamond", null);
                case CHANNEL -> node(out, n.id(), n.name() + "\\n" + n.type(), "cylinder", null);
                case SINK -> node(out, n.id(), n.name() + "\\n" + n.type(), "box", null);
                case SINK_GROUP -> { }
            }
        }
        for (Node g : shape.nodes()) {
            if (g.role() == Role.SINK_GROUP) {
                out.append("  subgraph ").append(quote("cluster_" + g.name())).append(" {\n    label=")
                        .append(quote(g.name() + " (" + g.type() + ")")).append(";\n");
                shape.nodes().stream().filter(k -> g.id().equals(k.group()))
                        .forEach(k -> out.append("    ").append(quote(k.id())).append(";\n"));
                out.append("  }\n");
            }
        }
        shape.edges().forEach(e -> edge(out, e));
        return out.append("}\n").toString();
    }

    private static String add(List<Node> nodes, Role role, String name, String type, String group,
            List<String> details) {
        String id = id(role, name);
        nodes.add(new Node(id, role, name, type, group, details));
        return id;
    }

    private static String id(Role role, String name) {
        return role.prefix() + ":" + name;
    }

    private static void node(StringBuilder out, String id, String label, String shape, String extra) {
        out.append("  ").append(quote(id)).append(" [label=").append(quote(label)).append(", shape=").append(shape)
                .append(extra == null ? "" : ", " + extra).append("];\n");
    }

    private static void edge(StringBuilder out, Edge e) {
        out.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()));
        if (e.when() != null || e.optional()) {
            out.append(" [");
            if (e.when() != null) {
                out.append("label=").append(quote(e.when()));
            }
            if (e.optional()) {
                out.append(e.when() != null ? ", " : "").append("style=dashed");
            }
            out.append("]");
        }
        out.append(";\n");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
