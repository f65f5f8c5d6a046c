package org.millrace.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.channel.memory.MemoryChannelFactory;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.millrace.platform.internal.runtime.Agent;
import org.millrace.platform.internal.runtime.ConnectorCatalog;
import org.millrace.platform.internal.runtime.ConnectorCatalog.Kind;
import org.millrace.sink.nullsink.NullSinkFactory;
import org.millrace.source.seq.SeqSourceFactory;

/**
 * End-to-end load through the real engine and connectors, in one JVM without Karaf: seq → memory → null, as a
 * Flume agent configuration. Prints events/s per run and the median.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.millrace.benchmarks.SeqToNullLoad [events] [batch] [runs]}
 */
public final class SeqToNullLoad {
    private SeqToNullLoad() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ConnectorCatalog catalog = new ConnectorCatalog();
        catalog.add(Kind.SOURCE, new SeqSourceFactory(), List.of("seq"), 0, "bench");
        catalog.add(Kind.CHANNEL, new MemoryChannelFactory(), List.of("memory"), 0, "bench");
        catalog.add(Kind.SINK, new NullSinkFactory(), List.of("null"), 0, "bench");
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            rates[run] = run(catalog, "run" + run, events, batch);
            System.out.printf("run %d: %,d events, batch %d: %,.0f events/s%n", run + 1, events, batch, rates[run]);
        }
        java.util.Arrays.sort(rates);
        System.out.printf("seq -> memory -> null, batch %d: min %,.0f  median %,.0f  max %,.0f events/s%n", batch,
                rates[0], rates[runs / 2], rates[runs - 1]);
    }

    private static double run(ConnectorCatalog catalog, String name, long events, int batch) throws Exception {
        Map<String, String> flume = new LinkedHashMap<>();
        flume.put("a1.sources", "r1");
        flume.put("a1.channels", "c1");
        flume.put("a1.sinks", "k1");
        flume.put("a1.sources.r1.type", "seq");
        flume.put("a1.sources.r1.batchSize", String.valueOf(batch));
        flume.put("a1.sources.r1.totalEvents", String.valueOf(events));
        flume.put("a1.sources.r1.channels", "c1");
        flume.put("a1.channels.c1.type", "memory");
        flume.put("a1.channels.c1.capacity", "10000");
        flume.put("a1.channels.c1.transactionCapacity", String.valueOf(Math.max(100, batch)));
        flume.put("a1.sinks.k1.type", "null");
        flume.put("a1.sinks.k1.batchSize", String.valueOf(batch));
        flume.put("a1.sinks.k1.channel", "c1");
        Agent agent = new Agent(name, catalog);
        long start = System.nanoTime();
        agent.apply(FlumeConfigParser.parse(name, null, flume));
        while (drained(agent) < events) {
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        agent.stop();
        return events / seconds;
    }

    private static long drained(Agent agent) {
        Object n = agent.status().component(ComponentKind.SINK, "k1").counters().get("EventDrainSuccessCount");
        return n == null ? 0 : (Long) n;
    }
}
