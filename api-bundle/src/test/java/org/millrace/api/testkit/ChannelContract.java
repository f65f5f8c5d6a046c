package org.millrace.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.Channel;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;

/**
 * The behaviour every channel owes its users (Flume's transaction semantics), as tests a channel's own test
 * class inherits. The subclass builds a started channel from Flume properties ({@code capacity},
 * {@code transactionCapacity}, {@code keep-alive}); a channel type without a capacity or a transaction capacity
 * of its own (a Kafka channel) says so in {@link #capabilities()}, and the tests of what it lacks are skipped.
 */
public abstract class ChannelContract {

    /**
     * What a channel type offers.
     *
     * @param capacity it holds at most {@code capacity} events and refuses a commit beyond it
     * @param transactionCapacity a transaction puts or takes at most {@code transactionCapacity} events
     */
    public record Capabilities(boolean capacity, boolean transactionCapacity) {
    }

    /** Both, by default. */
    protected Capabilities capabilities() {
        return new Capabilities(true, true);
    }

    private final List<Channel> started = new ArrayList<>();
    private ChannelContext context;

    /** A new channel for these properties, not started. */
    protected abstract Channel create(Map<String, String> properties) throws Exception;

    /** A started channel. */
    protected Channel channel(int capacity, int transactionCapacity) throws Exception {
        Channel channel = create(Map.of("capacity", String.valueOf(capacity), "transactionCapacity",
                String.valueOf(transactionCapacity), "keep-alive", "0"));
        context = TestContexts.channelContext("c1");
        channel.start(context);
        started.add(channel);
        return channel;
    }

    /** The counters of the last channel {@link #channel(int, int)} started. */
    protected ChannelCounter counter() {
        return context.counter();
    }

    @AfterEach
    void stopChannels() {
        started.forEach(Channel::stop);
    }

    /** An event whose body is the text. */
    protected static Event event(String body) {
        return Event.of(body);
    }

    /** Puts the events in one committed transaction. */
    protected static void putCommitted(Channel channel, List<Event> events) {
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.putAll(events);
            tx.commit();
        }
    }

    /** Takes up to {@code max} events in one committed transaction. */
    protected static List<String> takeCommitted(Channel channel, int max) {
        List<Event> out = new ArrayList<>();
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.take(max, out);
            tx.commit();
        }
        return bodies(out);
    }

    /** The bodies, as text. */
    protected static List<String> bodies(List<Event> events) {
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void putsAreInvisibleUntilCommit() throws Exception {
        Channel channel = channel(10, 10);
        try (Transaction put = channel.newTransaction()) {
            put.begin();
            put.put(event("a"));
            assertTrue(takeCommitted(channel, 10).isEmpty());
            put.commit();
        }
        assertEquals(List.of("a"), takeCommitted(channel, 10));
    }

    @Test
    void takesComeInPutOrder() throws Exception {
        Channel channel = channel(10, 10);
        putCommitted(channel, List.of(event("1"), event("2")));
        putCommitted(channel, List.of(event("3")));
        assertEquals(List.of("1", "2", "3"), takeCommitted(channel, 10));
    }

    @Test
    void rollbackReturnsTakenEventsToTheHeadInOrder() throws Exception {
        Channel channel = channel(10, 10);
        putCommitted(channel, List.of(event("1"), event("2"), event("3")));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            assertEquals("1", new String(tx.take().body(), StandardCharsets.UTF_8));
            assertEquals("2", new String(tx.take().body(), StandardCharsets.UTF_8));
            tx.rollback();
        }
        assertEquals(List.of("1", "2", "3"), takeCommitted(channel, 10));
    }

    @Test
    void rollbackDiscardsPuts() throws Exception {
        Channel channel = channel(10, 10);
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.put(event("gone"));
            tx.rollback();
        }
        assertTrue(takeCommitted(channel, 10).isEmpty());
        assertEquals(0, channel.size());
    }

    @Test
    void closingAnOpenTransactionRollsItBack() throws Exception {
        Channel channel = channel(10, 10);
        putCommitted(channel, List.of(event("kept")));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.take();
            tx.put(event("dropped"));
        }
        assertEquals(List.of("kept"), takeCommitted(channel, 10));
    }

    @Test
    void operationsNeedAnOpenTransaction() throws Exception {
        Channel channel = channel(10, 10);
        Transaction tx = channel.newTransaction();
        assertThrows(IllegalStateException.class, () -> tx.put(event("x")));
        tx.begin();
        tx.commit();
        assertThrows(IllegalStateException.class, tx::take);
        assertThrows(IllegalStateException.class, tx::commit);
        tx.close();
    }

    @Test
    void transactionCapacityLimitsPutsAndTakes() throws Exception {
        assumeTrue(capabilities().transactionCapacity(), "no transaction capacity of its own");
        Channel channel = channel(10, 2);
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.put(event("1"));
            tx.put(event("2"));
            assertThrows(ChannelException.class, () -> tx.put(event("3")));
            tx.commit();
        }
        putCommitted(channel, List.of(event("3")));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            List<Event> out = new ArrayList<>();
            assertEquals(2, tx.take(10, out));
            assertThrows(ChannelException.class, tx::take);
            tx.commit();
        }
        assertEquals(List.of("3"), takeCommitted(channel, 10));
    }

    @Test
    void aFullChannelRefusesTheCommitAndKeepsWhatItHolds() throws Exception {
        assumeTrue(capabilities().capacity(), "no capacity of its own");
        Channel channel = channel(3, 3);
        putCommitted(channel, List.of(event("1"), event("2")));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.putAll(List.of(event("3"), event("4")));
            assertThrows(ChannelFullException.class, tx::commit);
            tx.rollback();
        }
        assertEquals(2, channel.size());
        assertEquals(List.of("1", "2"), takeCommitted(channel, 10));
    }

    @Test
    void aCommittedTakeFreesRoom() throws Exception {
        assumeTrue(capabilities().capacity(), "no capacity of its own");
        Channel channel = channel(2, 2);
        putCommitted(channel, List.of(event("1"), event("2")));
        assertEquals(List.of("1"), takeCommitted(channel, 1));
        putCommitted(channel, List.of(event("3")));
        assertEquals(List.of("2", "3"), takeCommitted(channel, 10));
    }

    @Test
    void countersFollowFlumeNames() throws Exception {
        Channel channel = channel(10, 10);
        putCommitted(channel, List.of(event("1"), event("2")));
        takeCommitted(channel, 1);
        assertEquals(2L, counter().get(ChannelCounter.Name.EventPutSuccessCount));
        assertEquals(1L, counter().get(ChannelCounter.Name.EventTakeSuccessCount));
        assertEquals(1L, counter().attributes().get("ChannelSize"));
        if (capabilities().capacity()) {
            assertEquals(10L, counter().attributes().get("ChannelCapacity"));
        }
    }

    @Test
    void itSaysWhatItHoldsBeforeItStarts() throws Exception {
        Channel channel = create(Map.of("capacity", "10", "transactionCapacity", "10", "keep-alive", "0"));
        List<org.millrace.api.Resource> declared = channel.resources();
        channel.start(TestContexts.channelContext("c1"));
        started.add(channel);
        assertEquals(declared, channel.resources(), "what a plan sees is what the channel holds");
    }

    @Test
    void awaitEventsWakesWhenEventsAreCommitted() throws Exception {
        Channel channel = channel(10, 10);
        CountDownLatch waiting = new CountDownLatch(1);
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> woke = exec.submit(() -> {
                waiting.countDown();
                return channel.awaitEvents(30_000);
            });
            waiting.await();
            Thread.sleep(50);
            putCommitted(channel, List.of(event("x")));
            assertTrue(woke.get(10, TimeUnit.SECONDS));
        } finally {
            exec.shutdownNow();
        }
        assertFalse(channel(10, 10).awaitEvents(10));
    }

    @Test
    void concurrentPutsAndTakesLoseAndDuplicateNothing() throws Exception {
        Channel channel = channel(500, 50);
        int producers = 4;
        int perProducer = 20_000;
        int total = producers * perProducer;
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        AtomicInteger committedTakes = new AtomicInteger();
        ExecutorService exec = Executors.newFixedThreadPool(producers + 2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                work.add(exec.submit(() -> {
                    int i = 0;
                    while (i < perProducer) {
                        int n = Math.min(1 + ThreadLocalRandom.current().nextInt(50), perProducer - i);
                        List<Event> batch = new ArrayList<>();
                        for (int k = 0; k < n; k++) {
                            batch.add(event(String.valueOf(base + i + k)));
                        }
                        try (Transaction tx = channel.newTransaction()) {
                            tx.begin();
                            tx.putAll(batch);
                            tx.commit();
                            i += n;
                        } catch (ChannelFullException full) {
                            Thread.onSpinWait();
                        }
                    }
                    return null;
                }));
            }
            for (int c = 0; c < 2; c++) {
                work.add(exec.submit(() -> {
                    while (committedTakes.get() < total) {
                        List<Event> out = new ArrayList<>();
                        try (Transaction tx = channel.newTransaction()) {
                            tx.begin();
                            tx.take(1 + ThreadLocalRandom.current().nextInt(50), out);
                            if (ThreadLocalRandom.current().nextInt(10) == 0) {
                                tx.rollback();
                                continue;
                            }
                            tx.commit();
                        }
                        out.forEach(e -> received.add(new String(e.body(), StandardCharsets.UTF_8)));
                        committedTakes.addAndGet(out.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            exec.shutdownNow();
        }
        BitSet seen = new BitSet(total);
        for (String body : received) {
            int n = Integer.parseInt(body);
            assertFalse(seen.get(n), "event " + n + " delivered twice");
            seen.set(n);
        }
        assertEquals(total, seen.cardinality(), "every event delivered once");
        assertEquals(0, channel.size());
        assertTrue(takeCommitted(channel, 10).isEmpty());
    }
}
