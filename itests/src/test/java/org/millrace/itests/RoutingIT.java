package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.SinkFactory;
import org.millrace.platform.ComponentKind;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * Routing and transformation families, each with the user guide's configuration as written (sources and sinks
 * swapped for netcat and a counting sink where the guide uses connectors of other issues).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoutingIT extends MillraceTestSupport {
    private ServiceRegistration<SinkFactory> counting;

    @Before
    public void registerCountingSink() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConnectorTypes.TYPE, "counting");
        counting = bundleContext.registerService(SinkFactory.class, LoadDriver.COUNTING, props);
    }

    @After
    public void unregisterCountingSink() {
        counting.unregister();
    }

    private static Set<String> deliveredBy(String sink) {
        return new TreeSet<>(LoadDriver.BY_SINK.getOrDefault(sink, Map.of()).keySet());
    }

    private static void awaitDeliveredBy(String sink, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (deliveredBy(sink).size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(sink + ": " + deliveredBy(sink), n, deliveredBy(sink).size());
    }

    @Test
    public void theMultiplexingSelectorRoutesByHeaderAsTheUserGuideSays() throws Exception {
        configureAgent("agent_foo", flume("""
                # list the sources, sinks and channels in the agent
                agent_foo.sources = avro-AppSrv-source1
                agent_foo.sinks = hdfs-Cluster1-sink1 avro-forward-sink2
                agent_foo.channels = mem-channel-1 file-channel-2

                # set channels for source
                agent_foo.sources.avro-AppSrv-source1.channels = mem-channel-1 file-channel-2

                # set channel for sinks
                agent_foo.sinks.hdfs-Cluster1-sink1.channel = mem-channel-1
                agent_foo.sinks.avro-forward-sink2.channel = file-channel-2

                # channel selector configuration
                agent_foo.sources.avro-AppSrv-source1.selector.type = multiplexing
                agent_foo.sources.avro-AppSrv-source1.selector.header = State
                agent_foo.sources.avro-AppSrv-source1.selector.mapping.CA = mem-channel-1
                agent_foo.sources.avro-AppSrv-source1.selector.mapping.AZ = file-channel-2
                agent_foo.sources.avro-AppSrv-source1.selector.mapping.NY = mem-channel-1 file-channel-2
                agent_foo.sources.avro-AppSrv-source1.selector.default = mem-channel-1

                # what the guide leaves to other sections
                agent_foo.sources.avro-AppSrv-source1.type = netcat
                agent_foo.sources.avro-AppSrv-source1.bind = 127.0.0.1
                agent_foo.sources.avro-AppSrv-source1.port = 44631
                agent_foo.sources.avro-AppSrv-source1.interceptors = state
                agent_foo.sources.avro-AppSrv-source1.interceptors.state.type = regex_extractor
                agent_foo.sources.avro-AppSrv-source1.interceptors.state.regex = ^([A-Z][A-Z]):
                agent_foo.sources.avro-AppSrv-source1.interceptors.state.serializers = s1
                agent_foo.sources.avro-AppSrv-source1.interceptors.state.serializers.s1.name = State
                agent_foo.channels.mem-channel-1.type = memory
                agent_foo.channels.file-channel-2.type = memory
                agent_foo.sinks.hdfs-Cluster1-sink1.type = counting
                agent_foo.sinks.avro-forward-sink2.type = counting
                """));
        awaitRunning("agent_foo");
        awaitPort(44631);
        assertEquals(List.of("OK", "OK", "OK", "OK", "OK"), send(44631, List.of("CA:1", "AZ:2", "NY:3", "TX:4",
                "no state")));
        awaitDeliveredBy("agent_foo/hdfs-Cluster1-sink1", 4);
        awaitDeliveredBy("agent_foo/avro-forward-sink2", 2);
        assertEquals(Set.of("CA:1", "NY:3", "TX:4", "no state"), deliveredBy("agent_foo/hdfs-Cluster1-sink1"));
        assertEquals(Set.of("AZ:2", "NY:3"), deliveredBy("agent_foo/avro-forward-sink2"));
        String graph = execute("millrace:graph agent_foo");
        assertTrue(graph, graph.contains("\"selector:avro-AppSrv-source1\" -> \"channel:file-channel-2\""
                + " [label=\"State=NY\"];"));
    }

    @Test
    public void failoverAndLoadBalanceGroupsAsTheUserGuideConfiguresThem() throws Exception {
        configureAgent("groups", flume("""
                groups.sources = r1 r2
                groups.channels = c1 c2
                groups.sinks = k1 k2 k3 k4
                groups.sources.r1.type = netcat
                groups.sources.r1.bind = 127.0.0.1
                groups.sources.r1.port = 44641
                groups.sources.r1.channels = c1
                groups.sources.r2.type = netcat
                groups.sources.r2.bind = 127.0.0.1
                groups.sources.r2.port = 44642
                groups.sources.r2.channels = c2
                groups.channels.c1.type = memory
                groups.channels.c2.type = memory
                groups.sinks.k1.type = counting
                groups.sinks.k1.channel = c1
                groups.sinks.k2.type = counting
                groups.sinks.k2.channel = c1
                groups.sinks.k3.type = counting
                groups.sinks.k3.channel = c2
                groups.sinks.k4.type = counting
                groups.sinks.k4.channel = c2
                groups.sinkgroups = g1 g2
                groups.sinkgroups.g1.sinks = k1 k2
                groups.sinkgroups.g1.processor.type = failover
                groups.sinkgroups.g1.processor.priority.k1 = 5
                groups.sinkgroups.g1.processor.priority.k2 = 10
                groups.sinkgroups.g1.processor.maxpenalty = 10000
                groups.sinkgroups.g2.sinks = k3 k4
                groups.sinkgroups.g2.processor.type = load_balance
                """));
        awaitRunning("groups");
        awaitPort(44641);
        assertEquals(List.of("OK", "OK"), send(44641, List.of("f1", "f2")));
        awaitDeliveredBy("groups/k2", 2);
        assertEquals("k2 has the higher priority", Set.of(), deliveredBy("groups/k1"));

        LoadDriver.FAILING.add("groups/k2");
        try {
            assertEquals(List.of("OK", "OK"), send(44641, List.of("f3", "f4")));
            awaitDeliveredBy("groups/k1", 2);
            assertEquals("k1 took over while k2 failed", Set.of("f3", "f4"), deliveredBy("groups/k1"));
        } finally {
            LoadDriver.FAILING.remove("groups/k2");
        }

        awaitPort(44642);
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of("OK"), send(44642, List.of("lb" + i)));
            Thread.sleep(20);
        }
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (deliveredBy("groups/k3").size() + deliveredBy("groups/k4").size() < 20
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(20, deliveredBy("groups/k3").size() + deliveredBy("groups/k4").size());
        assertTrue("both load-balanced sinks delivered", !deliveredBy("groups/k3").isEmpty()
                && !deliveredBy("groups/k4").isEmpty());
        assertEquals("every sink group is listed", 2, agents.get("groups").orElseThrow().components().stream()
                .filter(c -> c.kind() == ComponentKind.SINK_GROUP).count());
    }

    @Test
    public void everyFlumeInterceptorAsTheUserGuideConfiguresIt() throws Exception {
        configureAgent("icpt", flume("""
                icpt.sources = r1
                icpt.channels = c1
                icpt.sinks = k1
                icpt.sources.r1.type = netcat
                icpt.sources.r1.bind = 127.0.0.1
                icpt.sources.r1.port = 44651
                icpt.sources.r1.channels = c1
                icpt.sources.r1.interceptors = drop search-replace i1 rm ts host dc id
                icpt.sources.r1.interceptors.drop.type = regex_filter
                icpt.sources.r1.interceptors.drop.regex = ^DEBUG
                icpt.sources.r1.interceptors.drop.excludeEvents = true
                # Use grouping operators to reorder and munge words on a line.
                icpt.sources.r1.interceptors.search-replace.type = search_replace
                icpt.sources.r1.interceptors.search-replace.searchPattern = The quick brown ([a-z]+) jumped over the lazy ([a-z]+)
                icpt.sources.r1.interceptors.search-replace.replaceString = The hungry $2 ate the careless $1
                icpt.sources.r1.interceptors.i1.type = regex_extractor
                icpt.sources.r1.interceptors.i1.regex = (\\\\d):(\\\\d):(\\\\d)
                icpt.sources.r1.interceptors.i1.serializers = s1 s2 s3
                icpt.sources.r1.interceptors.i1.serializers.s1.name = one
                icpt.sources.r1.interceptors.i1.serializers.s2.name = two
                icpt.sources.r1.interceptors.i1.serializers.s3.name = three
                icpt.sources.r1.interceptors.rm.type = remove_header
                icpt.sources.r1.interceptors.rm.withName = two
                icpt.sources.r1.interceptors.ts.type = timestamp
                icpt.sources.r1.interceptors.host.type = host
                icpt.sources.r1.interceptors.dc.type = static
                icpt.sources.r1.interceptors.dc.key = datacenter
                icpt.sources.r1.interceptors.dc.value = NEW_YORK
                icpt.sources.r1.interceptors.id.type = org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder
                icpt.sources.r1.interceptors.id.prefix = icpt-
                icpt.channels.c1.type = memory
                icpt.sinks.k1.type = counting
                icpt.sinks.k1.channel = c1
                """));
        awaitRunning("icpt");
        awaitPort(44651);
        assertEquals(List.of("OK", "OK", "OK"), send(44651, List.of("DEBUG noise", "1:2:3.4foobar5",
                "The quick brown fox jumped over the lazy dog")));
        awaitDeliveredBy("icpt/k1", 2);
        assertEquals(Set.of("1:2:3.4foobar5", "The hungry dog ate the careless fox"), deliveredBy("icpt/k1"));
        Map<String, String> headers = LoadDriver.HEADERS.get("1:2:3.4foobar5");
        assertEquals("1", headers.get("one"));
        assertEquals(null, headers.get("two"));
        assertEquals("3", headers.get("three"));
        assertEquals("NEW_YORK", headers.get("datacenter"));
        assertTrue(headers.toString(), headers.get("timestamp").matches("\\d{13}"));
        assertTrue(headers.toString(), headers.get("host") != null);
        assertTrue(headers.toString(), headers.get("id").startsWith("icpt-"));
        assertEquals(1L, agents.get("icpt").orElseThrow().component(ComponentKind.SOURCE, "r1").counters()
                .get("interceptor.drop.EventDroppedCount"));
        String tap = execute("millrace:tap -t 0 icpt c1 1");
        assertTrue(tap, tap.contains("(0 of 1 events within 0 s)"));
    }
}
