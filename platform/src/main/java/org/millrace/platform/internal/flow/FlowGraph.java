package org.millrace.platform.internal.flow;

import java.util.List;
import java.util.function.Function;
import org.millrace.api.SelectorRoute;

/**
 * A flow as Graphviz DOT ({@code millrace:graph}): sources, their interceptor chains and selectors, channels,
 * sinks, and sink groups as clusters. Selector edges say when they are taken (a multiplexing value, default,
 * optional), as each selector describes its own routes.
 */
public final class FlowGraph {
    private FlowGraph() {
    }

    /**
     * The DOT text of a model.
     *
     * @param routes how each source's selector routes events to its channels
     */
    public static String dot(FlowModel model, Function<SourceSpec, List<SelectorRoute>> routes) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(model.agentName())).append(" {\n");
        out.append("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (SourceSpec s : model.sources().values()) {
            String name = s.component().name();
            String from = "source:" + name;
            node(out, from, name + "\\n" + s.component().type(), "box", "style=rounded");
            if (!s.interceptors().isEmpty()) {
                String chain = "interceptors:" + name;
                StringBuilder label = new StringBuilder("interceptors");
                s.interceptors().forEach(i -> label.append("\\n").append(i.name()).append(": ").append(i.type()));
                node(out, chain, label.toString(), "cds", null);
                edge(out, from, chain, null, false);
                from = chain;
            }
            String selector = "selector:" + name;
            node(out, selector, s.selector().type(), "diamond", null);
            edge(out, from, selector, null, false);
            routes.apply(s).forEach(r -> edge(out, selector, "channel:" + r.channel(), r.when(), r.optional()));
        }
        for (ComponentSpec c : model.channels().values()) {
            node(out, "channel:" + c.name(), c.name() + "\\n" + c.type(), "cylinder", null);
        }
        for (SinkGroupSpec g : model.sinkGroups().values()) {
            out.append("  subgraph ").append(quote("cluster_" + g.name())).append(" {\n    label=")
                    .append(quote(g.name() + " (" + g.processor().type() + ")")).append(";\n");
            g.sinks().forEach(k -> out.append("  ").append("  ").append(quote("sink:" + k)).append(";\n"));
            out.append("  }\n");
        }
        for (SinkSpec k : model.sinks().values()) {
            String sink = "sink:" + k.component().name();
            node(out, sink, k.component().name() + "\\n" + k.component().type(), "box", null);
            edge(out, "channel:" + k.channel(), sink, null, false);
        }
        return out.append("}\n").toString();
    }

    private static void node(StringBuilder out, String id, String label, String shape, String extra) {
        out.append("  ").append(quote(id)).append(" [label=").append(quote(label)).append(", shape=").append(shape)
                .append(extra == null ? "" : ", " + extra).append("];\n");
    }

    private static void edge(StringBuilder out, String from, String to, String label, boolean optional) {
        out.append("  ").append(quote(from)).append(" -> ").append(quote(to));
        if (label != null || optional) {
            out.append(" [");
            if (label != null) {
                out.append("label=").append(quote(label));
            }
            if (optional) {
                out.append(label != null ? ", " : "").append("style=dashed");
            }
            out.append("]");
        }
        out.append(";\n");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }
}
