package org.millrace.platform.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.millrace.api.SelectorRoute;

class FlowGraphTest {

    @Test
    void theQuickStartGraph() {
        assertEquals("""
                digraph "a1" {
                  rankdir=LR;
                  node [fontname="Helvetica", fontsize=10];
                  edge [fontname="Helvetica", fontsize=9];
                  "source:r1" [label="r1\\nnetcat", shape=box, style=rounded];
                  "selector:r1" [label="replicating", shape=diamond];
                  "channel:c1" [label="c1\\nmemory", shape=cylinder];
                  "sink:k1" [label="k1\\nlogger", shape=box];
                  "source:r1" -> "selector:r1";
                  "selector:r1" -> "channel:c1";
                  "channel:c1" -> "sink:k1";
                }
                """, FlowGraph.dot(FlowGraph.shape(FlumeConfigParserTest.parse(FlumeConfigParserTest.QUICK_START),
                s -> SelectorRoute.toAll(s.channels()))));
    }

    @Test
    void interceptorsSelectorRoutesAndSinkGroupsAreDrawn() {
        String dot = FlowGraph.dot(FlowGraph.shape(FlumeConfigParserTest.parse(FlumeConfigParserTest.QUICK_START + """
                a1.channels = c1 c2
                a1.channels.c2.type = memory
                a1.sinks = k1 k2
                a1.sinks.k2.type = null
                a1.sinks.k2.channel = c2
                a1.sinkgroups = g1
                a1.sinkgroups.g1.sinks = k1 k2
                a1.sinkgroups.g1.processor.type = failover
                a1.sources.r1.channels = c1 c2
                a1.sources.r1.interceptors = ts
                a1.sources.r1.interceptors.ts.type = timestamp
                a1.sources.r1.selector.type = multiplexing
                a1.sources.r1.selector.header = State
                a1.sources.r1.selector.mapping.CZ = c1
                a1.sources.r1.selector.optional.CZ = c2
                a1.sources.r1.selector.default = c2
                """), s -> List.of(new SelectorRoute("c1", "State=CZ", false), new SelectorRoute("c2", "State=CZ", true),
                new SelectorRoute("c2", "default", false))));
        assertTrue(dot.contains("\"interceptors:r1\" [label=\"interceptors\\nts: timestamp\", shape=cds];"), dot);
        assertTrue(dot.contains("\"selector:r1\" -> \"channel:c1\" [label=\"State=CZ\"];"), dot);
        assertTrue(dot.contains("\"selector:r1\" -> \"channel:c2\" [label=\"State=CZ\", style=dashed];"), dot);
        assertTrue(dot.contains("\"selector:r1\" -> \"channel:c2\" [label=\"default\"];"), dot);
        assertTrue(dot.contains("""
                  subgraph "cluster_g1" {
                    label="g1 (failover)";
                    "sink:k1";
                    "sink:k2";
                  }
                """), dot);
    }
}
