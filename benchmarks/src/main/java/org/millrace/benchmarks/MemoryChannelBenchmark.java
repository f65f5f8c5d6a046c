package org.millrace.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.channel.memory.internal.MemoryChannelFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The memory channel's transaction path: one put transaction of {@code batch} events, then one take
 * transaction of them, on one thread; and a producer and a consumer on two threads. Scores are transactions per
 * second; multiply by {@code batch} for events per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MemoryChannelBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Group)
public class MemoryChannelBenchmark {
    @Param({"1", "100"})
    int batch;

    private Channel channel;
    private List<Event> events;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        channel = new MemoryChannelFactory().create(new ComponentConfig("bench", "c1", "memory", "bench.channels.c1.",
                Map.of("capacity", "100000", "transactionCapacity", "1000", "keep-alive", "3")));
        ChannelCounter counter = new ChannelCounter();
        channel.start(new ChannelContext() {
            @Override
            public ChannelCounter counter() {
                return counter;
            }

            @Override
            public String agentName() {
                return "bench";
            }

            @Override
            public String componentName() {
                return "c1";
            }
        });
        events = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            events.add(Event.of(new byte[500]));
        }
    }

    /** Put a batch, commit; take it, commit. */
    @Benchmark
    @Group("sequential")
    @GroupThreads(1)
    public void putThenTake(Blackhole hole) {
        put();
        hole.consume(take());
    }

    /** One thread putting batches... */
    @Benchmark
    @Group("concurrent")
    @GroupThreads(1)
    public void producer() {
        try {
            put();
        } catch (ChannelFullException full) {
            // the consumer fell behind for a whole keep-alive; the next invocation tries again
        }
    }

    /** ...while another takes them. */
    @Benchmark
    @Group("concurrent")
    @GroupThreads(1)
    public int consumer() {
        return take();
    }

    private void put() {
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.putAll(events);
            tx.commit();
        }
    }

    private int take() {
        List<Event> out = new ArrayList<>(batch);
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            int n = tx.take(batch, out);
            tx.commit();
            return n;
        }
    }
}
