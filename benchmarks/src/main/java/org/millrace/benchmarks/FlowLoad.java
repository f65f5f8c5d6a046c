package org.millrace.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flume.interceptor.HostInterceptor;
import org.apache.flume.interceptor.Interceptor;
import org.apache.flume.interceptor.RegexFilteringInterceptor;
import org.apache.flume.interceptor.RemoveHeaderInterceptor;
import org.apache.flume.interceptor.StaticInterceptor;
import org.apache.flume.interceptor.TimestampInterceptor;
import org.millrace.channel.memory.internal.MemoryChannelFactory;
import org.millrace.channel.selectors.internal.MultiplexingSelectorFactory;
import org.millrace.flume.plugins.internal.FlumeInterceptorFactory;
import org.millrace.interceptor.core.internal.HostInterceptorFactory;
import org.millrace.interceptor.core.internal.StaticInterceptorFactory;
import org.millrace.interceptor.core.internal.TimestampInterceptorFactory;
import org.millrace.interceptor.regex.internal.RegexExtractorInterceptorFactory;
import org.millrace.interceptor.regex.internal.RegexFilterInterceptorFactory;
import org.millrace.interceptor.regex.internal.RemoveHeaderInterceptorFactory;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.millrace.platform.internal.plan.ConnectorKind;
import org.millrace.platform.internal.runtime.Agent;
import org.millrace.platform.internal.runtime.ConnectorCatalog;
import org.millrace.sink.nullsink.internal.NullSinkFactory;
import org.millrace.source.seq.internal.SeqSourceFactory;

/**
 * End-to-end load through the real engine and connectors in one JVM, without Karaf: seq → memory → null as a
 * Flume agent configuration, bare, through a chain of five interceptors, through a multiplexing selector over
 * four channels (each with its own null sink), through the same five interceptors as Flume 1.11's own classes run
 * by the Flume plugins adapter, and through one static interceptor, Millrace's and Flume's. The scenarios run alternately in one process; each prints
 * events/s per run, then min/median/max.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.millrace.benchmarks.FlowLoad [events] [runs]}
 */
public final class FlowLoad {
    private static final String FLUME = "org.apache.flume.interceptor.";

    private static final String BARE = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = seq
            a1.sources.r1.batchSize = 100
            a1.sources.r1.totalEvents = EVENTS
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 10000
            a1.sinks.k1.type = null
            a1.sinks.k1.channel = c1
            """;

    private static final String FIVE_INTERCEPTORS = BARE + """
            a1.sources.r1.interceptors = ts host dc rm keep
            a1.sources.r1.interceptors.ts.type = timestamp
            a1.sources.r1.interceptors.host.type = host
            a1.sources.r1.interceptors.dc.type = static
            a1.sources.r1.interceptors.dc.key = datacenter
            a1.sources.r1.interceptors.dc.value = NEW_YORK
            a1.sources.r1.interceptors.rm.type = remove_header
            a1.sources.r1.interceptors.rm.withName = host
            a1.sources.r1.interceptors.keep.type = regex_filter
            a1.sources.r1.interceptors.keep.regex = ^\\d+$
            """;

    /** The same five interceptors, Flume 1.11's own classes run through the Flume plugins adapter. */
    private static final String FIVE_FLUME_INTERCEPTORS = FIVE_INTERCEPTORS
            .replace("ts.type = timestamp", "ts.type = " + FLUME + "TimestampInterceptor$Builder")
            .replace("host.type = host", "host.type = " + FLUME + "HostInterceptor$Builder")
            .replace("dc.type = static", "dc.type = " + FLUME + "StaticInterceptor$Builder")
            .replace("rm.type = remove_header", "rm.type = " + FLUME + "RemoveHeaderInterceptor$Builder")
            .replace("keep.type = regex_filter", "keep.type = " + FLUME + "RegexFilteringInterceptor$Builder");

    /** One static interceptor, Millrace's, then Flume's through the adapter: the adapter's own cost per event. */
    private static final String ONE_STATIC = BARE + """
            a1.sources.r1.interceptors = dc
            a1.sources.r1.interceptors.dc.type = static
            a1.sources.r1.interceptors.dc.key = datacenter
            a1.sources.r1.interceptors.dc.value = NEW_YORK
            """;

    private static final String ONE_FLUME_STATIC = ONE_STATIC.replace("dc.type = static",
            "dc.type = " + FLUME + "StaticInterceptor$Builder");

    /** The last digit of the sequence number picks one of four channels. */
    private static final String MULTIPLEXING = BARE.replace("a1.channels = c1", "a1.channels = c1 c2 c3 c4")
            .replace("a1.sinks = k1", "a1.sinks = k1 k2 k3 k4")
            .replace("a1.sources.r1.channels = c1", "a1.sources.r1.channels = c1 c2 c3 c4") + """
            a1.sources.r1.interceptors = digit
            a1.sources.r1.interceptors.digit.type = regex_extractor
            a1.sources.r1.interceptors.digit.regex = (\\d)$
            a1.sources.r1.interceptors.digit.serializers = s1
            a1.sources.r1.interceptors.digit.serializers.s1.name = digit
            a1.sources.r1.selector.type = multiplexing
            a1.sources.r1.selector.header = digit
            a1.sources.r1.selector.mapping.0 = c1
            a1.sources.r1.selector.mapping.1 = c2
            a1.sources.r1.selector.mapping.2 = c3
            a1.sources.r1.selector.mapping.3 = c4
            a1.sources.r1.selector.mapping.4 = c1
            a1.sources.r1.selector.mapping.5 = c2
            a1.sources.r1.selector.mapping.6 = c3
            a1.sources.r1.selector.mapping.7 = c4
            a1.sources.r1.selector.default = c1
            a1.channels.c2.type = memory
            a1.channels.c2.capacity = 10000
            a1.channels.c3.type = memory
            a1.channels.c3.capacity = 10000
            a1.channels.c4.type = memory
            a1.channels.c4.capacity = 10000
            a1.sinks.k2.type = null
            a1.sinks.k2.channel = c2
            a1.sinks.k3.type = null
            a1.sinks.k3.channel = c3
            a1.sinks.k4.type = null
            a1.sinks.k4.channel = c4
            """;

    private FlowLoad() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ConnectorCatalog catalog = catalog();
        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("seq -> memory -> null (bare)", BARE);
        scenarios.put("through 5 interceptors (timestamp host static remove_header regex_filter)", FIVE_INTERCEPTORS);
        scenarios.put("regex_extractor + multiplexing over 4 channels, 4 null sinks", MULTIPLEXING);
        scenarios.put("through Flume's own 5 (the same, Flume 1.11 classes, adapted)", FIVE_FLUME_INTERCEPTORS);
        scenarios.put("through 1 static interceptor (Millrace's)", ONE_STATIC);
        scenarios.put("through 1 static interceptor (Flume 1.11's, adapted)", ONE_FLUME_STATIC);
        Map<String, double[]> rates = new LinkedHashMap<>();
        scenarios.keySet().forEach(s -> rates.put(s, new double[runs]));
        for (int run = 0; run < runs; run++) {
            int r = run;
            int scenario = 0;
            for (Map.Entry<String, String> s : scenarios.entrySet()) {
                double rate = run(catalog, "run" + run + "-" + scenario++, s.getValue().replace("EVENTS",
                        String.valueOf(events)), events);
                rates.get(s.getKey())[r] = rate;
                System.out.printf("run %d  %-75s %,12.0f events/s%n", run + 1, s.getKey(), rate);
            }
        }
        System.out.printf("%n%,d events per run, seq batchSize 100, %d runs each:%n", events, runs);
        rates.forEach((name, values) -> {
            Arrays.sort(values);
            System.out.printf("%-75s min %,12.0f  median %,12.0f  max %,12.0f events/s%n", name, values[0],
                    values[values.length / 2], values[values.length - 1]);
        });
    }

    static ConnectorCatalog catalog() {
        ConnectorCatalog catalog = new ConnectorCatalog();
        catalog.add(ConnectorKind.SOURCE, new SeqSourceFactory(), List.of("seq"), 0, "bench");
        catalog.add(ConnectorKind.CHANNEL, new MemoryChannelFactory(), List.of("memory"), 0, "bench");
        catalog.add(ConnectorKind.SINK, new NullSinkFactory(), List.of("null"), 0, "bench");
        catalog.add(ConnectorKind.INTERCEPTOR, new TimestampInterceptorFactory(), List.of("timestamp"), 0, "bench");
        catalog.add(ConnectorKind.INTERCEPTOR, new HostInterceptorFactory(), List.of("host"), 0, "bench");
        catalog.add(ConnectorKind.INTERCEPTOR, new StaticInterceptorFactory(), List.of("static"), 0, "bench");
        catalog.add(ConnectorKind.INTERCEPTOR, new RemoveHeaderInterceptorFactory(), List.of("remove_header"), 0, "bench");
        catalog.add(ConnectorKind.INTERCEPTOR, new RegexFilterInterceptorFactory(), List.of("regex_filter"), 0, "bench");
        catalog.add(ConnectorKind.INTERCEPTOR, new RegexExtractorInterceptorFactory(), List.of("regex_extractor"), 0, "bench");
        catalog.add(ConnectorKind.SELECTOR, new MultiplexingSelectorFactory(), List.of("multiplexing"), 0, "bench");
        for (Class<? extends Interceptor.Builder> flume : List.of(TimestampInterceptor.Builder.class,
                HostInterceptor.Builder.class, StaticInterceptor.Builder.class, RemoveHeaderInterceptor.Builder.class,
                RegexFilteringInterceptor.Builder.class)) {
            catalog.add(ConnectorKind.INTERCEPTOR, new FlumeInterceptorFactory(flume),
                    List.of(flume.getName().toLowerCase(java.util.Locale.ROOT)), 0, "bench");
        }
        return catalog;
    }

    /** Runs one agent until its sinks drained every event (no interceptor here drops any); returns events/s. */
    private static double run(ConnectorCatalog catalog, String name, String flume, long events) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : flume.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            keys.put(kv[0].trim(), kv[1].trim());
        }
        Agent agent = new Agent(name, catalog);
        long start = System.nanoTime();
        if (!agent.apply(FlumeConfigParser.parse(name, null, keys)) || !agent.status().errors().isEmpty()) {
            throw new IllegalStateException(agent.status().errors().toString());
        }
        while (drained(agent.status()) < events) {
            Thread.sleep(2);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        agent.stop();
        return events / seconds;
    }

    private static long drained(AgentStatus status) {
        return status.components().stream().filter(c -> c.kind() == ComponentKind.SINK)
                .mapToLong(c -> (Long) c.counters().getOrDefault("EventDrainSuccessCount", 0L)).sum();
    }
}
