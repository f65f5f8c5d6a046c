package org.millrace.channel.spillablememory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.api.testkit.ChannelContract;
import org.millrace.api.testkit.TestContexts;

/**
 * The channel contract with a third of the capacity as overflow, so that contract runs fill memory and spill; then
 * what is particular to spilling.
 */
class SpillableMemoryChannelTest extends ChannelContract {
    private final List<FakeFileChannel> overflows = new CopyOnWriteArrayList<>();
    private final ChannelFactory fileChannels = config -> {
        FakeFileChannel overflow = new FakeFileChannel(config);
        overflows.add(overflow);
        return overflow;
    };
    private final List<Channel> startedHere = new ArrayList<>();

    @Override
    protected Channel create(Map<String, String> contract) throws ConfigurationException {
        int capacity = Integer.parseInt(contract.get("capacity"));
        return fromContract(contract, capacity - capacity / 3, capacity / 3);
    }

    /** A channel for the contract's properties, its capacity split between memory and overflow as given. */
    static Channel fromContract(Map<String, String> contract, int memoryCapacity, int overflowCapacity)
            throws ConfigurationException {
        return new SpillableMemoryChannelFactory(FakeFileChannel::new).create(config(Map.of(
                "memoryCapacity", String.valueOf(memoryCapacity),
                "overflowCapacity", String.valueOf(overflowCapacity),
                "overflowTimeout", contract.get("keep-alive"),
                "transactionCapacity", contract.get("transactionCapacity"))));
    }

    private static ComponentConfig config(Map<String, String> properties) {
        return TestContexts.config("channels", "c1", "spillablememory", properties);
    }

    private Channel spillable(Map<String, String> properties) throws ConfigurationException {
        return new SpillableMemoryChannelFactory(fileChannels).create(config(properties));
    }

    private Channel started(Map<String, String> properties) throws Exception {
        Channel channel = spillable(properties);
        channel.start(TestContexts.channelContext("c1"));
        startedHere.add(channel);
        return channel;
    }

    @AfterEach
    void stopStartedHere() {
        startedHere.forEach(Channel::stop);
    }

    private FakeFileChannel overflow() {
        return overflows.get(overflows.size() - 1);
    }

    private static String body(Event event) {
        return new String(event.body(), StandardCharsets.UTF_8);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    // ---- spilling

    @Test
    void whatMemoryCannotHoldSpillsAndTakesKeepPutOrder() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "2", "overflowTimeout", "0"));
        putCommitted(channel, List.of(event("1"), event("2")));
        putCommitted(channel, List.of(event("3")));
        putCommitted(channel, List.of(event("4"), event("5")));
        assertEquals(3, overflow().size());
        assertEquals(5, channel.size());
        assertEquals(List.of("1"), takeCommitted(channel, 1));
        putCommitted(channel, List.of(event("6")));
        assertEquals(3, overflow().size(), "once memory has room, puts go to memory again");
        assertEquals(List.of("2", "3", "4", "5", "6"), takeCommitted(channel, 10));
        assertEquals(0, channel.size());
        assertEquals(0, overflow().size());
    }

    @Test
    void aFullMemoryMakesTheCommitWaitOverflowTimeoutThenSpill() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "1", "overflowTimeout", "1"));
        putCommitted(channel, List.of(event("1")));
        long start = System.nanoTime();
        putCommitted(channel, List.of(event("2")));
        assertTrue(millisSince(start) >= 990, "waited " + millisSince(start) + " ms");
        assertEquals(1, overflow().size());
        start = System.nanoTime();
        putCommitted(channel, List.of(event("3")));
        assertTrue(millisSince(start) < 900, "while memory stays full, puts spill without waiting");
        assertEquals(List.of("1", "2", "3"), takeCommitted(channel, 10));
        putCommitted(channel, List.of(event("4")));
        start = System.nanoTime();
        putCommitted(channel, List.of(event("5")));
        assertTrue(millisSince(start) >= 990, "once memory had room, a full memory makes puts wait again");
        assertEquals(1, overflow().size());
    }

    @Test
    void roomFreedDuringTheWaitKeepsThePutInMemory() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "1", "overflowTimeout", "10"));
        putCommitted(channel, List.of(event("1")));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> putCommitted(channel,
                List.of(event("2"))));
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "the put waits for room in memory");
        assertEquals(List.of("1"), takeCommitted(channel, 1));
        waiting.get(5, TimeUnit.SECONDS);
        assertEquals(0, overflow().size());
        assertEquals(List.of("2"), takeCommitted(channel, 10));
    }

    @Test
    void aBatchLargerThanMemorySpillsWithoutWaiting() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "2", "overflowTimeout", "30"));
        CompletableFuture.runAsync(() -> putCommitted(channel, List.of(event("1"), event("2"), event("3"))))
                .get(5, TimeUnit.SECONDS);
        assertEquals(3, overflow().size());
    }

    @Test
    void byteCapacityCountsBodiesInAvgEventSizeUnits() throws Exception {
        Channel channel = started(Map.of("byteCapacity", "1000", "byteCapacityBufferPercentage", "0",
                "avgEventSize", "100", "overflowTimeout", "0"));
        putCommitted(channel, List.of(Event.of(new byte[900])));
        assertEquals(0, overflow().size());
        putCommitted(channel, List.of(Event.of(new byte[101])));
        assertEquals(1, overflow().size(), "two units more than the ten that fit");
        assertEquals(2, channel.size());
    }

    @Test
    void withoutOverflowAFullMemoryRefusesTheCommitAndNoFileChannelIsMade() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "2", "overflowCapacity", "0", "overflowTimeout", "0"));
        putCommitted(channel, List.of(event("1"), event("2")));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.put(event("3"));
            ChannelFullException e = assertThrows(ChannelFullException.class, tx::commit);
            assertTrue(e.getMessage().contains("overflow is disabled"), e.getMessage());
        }
        assertTrue(overflows.isEmpty());
        assertEquals(List.of("1", "2"), takeCommitted(channel, 10));
    }

    @Test
    void withoutMemoryEveryEventGoesToTheOverflow() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "0", "overflowTimeout", "10"));
        putCommitted(channel, List.of(event("1"), event("2")));
        putCommitted(channel, List.of(event("3")));
        assertEquals(3, overflow().size());
        assertEquals(List.of("1", "2", "3"), takeCommitted(channel, 10));
    }

    // ---- transactions across memory and overflow

    /** Memory holds 2, the overflow 3 and 4, memory 5 again. */
    private Channel channelWithEventsInMemoryOverflowMemory() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "2", "overflowTimeout", "0"));
        putCommitted(channel, List.of(event("1"), event("2")));
        putCommitted(channel, List.of(event("3"), event("4")));
        assertEquals(List.of("1"), takeCommitted(channel, 1));
        putCommitted(channel, List.of(event("5")));
        assertEquals(2, overflow().size());
        return channel;
    }

    @Test
    void rollbackOfTakesSpanningMemoryAndOverflowReturnsThemInOrder() throws Exception {
        Channel channel = channelWithEventsInMemoryOverflowMemory();
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            List<Event> taken = new ArrayList<>();
            assertEquals(4, tx.take(10, taken));
            assertEquals(List.of("2", "3", "4", "5"), bodies(taken));
            tx.rollback();
        }
        assertEquals(4, channel.size());
        assertEquals(2, overflow().size());
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            assertEquals("2", body(tx.take()));
            assertEquals("3", body(tx.take()));
            tx.rollback();
        }
        assertEquals(List.of("2", "3", "4", "5"), takeCommitted(channel, 10));
    }

    @Test
    void aFailedOverflowCommitRolledBackLeavesEverythingInPlace() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "0"));
        putCommitted(channel, List.of(event("1"), event("2")));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            assertEquals("1", body(tx.take()));
            tx.put(event("3"));
            overflow().failNextCommit = true;
            assertThrows(ChannelException.class, tx::commit);
            tx.rollback();
        }
        assertEquals(2, channel.size());
        assertEquals(List.of("1", "2"), takeCommitted(channel, 10));
    }

    @Test
    void aFailedCommitOfOverflowTakesGivesBackTheMemoryItReserved() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "1", "overflowTimeout", "0"));
        putCommitted(channel, List.of(event("1")));
        putCommitted(channel, List.of(event("2")));
        assertEquals(List.of("1"), takeCommitted(channel, 1));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            assertEquals("2", body(tx.take()));
            tx.put(event("3"));
            overflow().failNextCommit = true;
            assertThrows(ChannelException.class, tx::commit);
        }
        putCommitted(channel, List.of(event("4")));
        assertEquals(1, overflow().size(), "4 found the memory the failed commit had reserved free again");
        assertEquals(List.of("2", "4"), takeCommitted(channel, 10));
    }

    @Test
    void eventsLeftInTheOverflowByAnEarlierRunAreDeliveredFirst() throws Exception {
        FakeFileChannel kept = new FakeFileChannel(TestContexts.config("channels", "c1", "file",
                Map.of("capacity", "100")));
        kept.holdFromEarlierRun(List.of(event("old1"), event("old2")));
        Channel channel = new SpillableMemoryChannelFactory(config -> kept).create(config(Map.of()));
        ChannelContext context = TestContexts.channelContext("c1");
        channel.start(context);
        startedHere.add(channel);
        assertEquals(2, channel.size());
        assertEquals(2L, context.counter().attributes().get("ChannelSize"));
        assertTrue(channel.awaitEvents(10));
        putCommitted(channel, List.of(event("new")));
        channel.stop();
        channel.start(context);
        assertEquals(3, channel.size(), "a restart of the same instance does not count them again");
        assertEquals(List.of("old1", "old2", "new"), takeCommitted(channel, 10));
    }

    @Test
    void concurrentPuttersKeepTheirOrderAcrossMemoryAndOverflowAndLoseNothing() throws Exception {
        Channel channel = started(Map.of("memoryCapacity", "100", "overflowTimeout", "0",
                "transactionCapacity", "50"));
        int producers = 4;
        int perProducer = 10_000;
        int total = producers * perProducer;
        ExecutorService exec = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> putters = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                String producer = p + ":";
                putters.add(exec.submit(() -> {
                    for (int i = 0; i < perProducer; ) {
                        int n = Math.min(1 + ThreadLocalRandom.current().nextInt(50), perProducer - i);
                        List<Event> batch = new ArrayList<>();
                        for (int k = 0; k < n; k++) {
                            batch.add(event(producer + (i + k)));
                        }
                        putCommitted(channel, batch);
                        i += n;
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (overflow().size() == 0) { // take only once memory is full, so that both hold events
                assertTrue(System.nanoTime() < deadline, "puts never spilled");
                Thread.sleep(1);
            }
            int[] next = new int[producers];
            int received = 0;
            while (received < total) {
                assertTrue(System.nanoTime() < deadline, "only " + received + " of " + total + " events arrived");
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
                for (String b : bodies(out)) {
                    String[] parts = b.split(":");
                    int p = Integer.parseInt(parts[0]);
                    assertEquals(next[p], Integer.parseInt(parts[1]), "producer " + p + "'s next event");
                    next[p]++;
                    received++;
                }
                if (out.isEmpty()) {
                    channel.awaitEvents(100);
                }
            }
            for (Future<?> f : putters) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            exec.shutdownNow();
        }
        assertEquals(0, channel.size());
        assertTrue(takeCommitted(channel, 10).isEmpty());
        long spilled = overflow().eventsPut.get();
        assertTrue(spilled > 0 && spilled < total, spilled + " of " + total + " events spilled");
    }

    // ---- configuration

    @Test
    void defaultsAreFlumes() throws ConfigurationException {
        SpillableMemoryChannel.Settings s = SpillableMemoryChannelFactory.settings(config(Map.of()));
        assertEquals(10000, s.memoryCapacity());
        assertEquals(100000000, s.overflowCapacity());
        assertEquals(3, s.overflowTimeoutSeconds());
        assertEquals(0.05, s.resumeShare());
        assertEquals(500, s.avgEventSize());
        assertEquals(10000, s.transactionCapacity());
        assertEquals((long) ((long) (Runtime.getRuntime().maxMemory() * 0.8) * 0.8 / 500), s.byteSlots());
    }

    @Test
    void invalidSettingsNameKeyValueAndReason() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> spillable(Map.of(
                "memoryCapacity", "lots", "overflowTimeout", "-1")));
        assertEquals(List.of("a1.channels.c1.memoryCapacity = lots: not a whole number",
                "a1.channels.c1.overflowTimeout = -1: must not be negative"),
                e.problems().stream().map(Object::toString).toList());
        e = assertThrows(ConfigurationException.class, () -> spillable(Map.of("overflowTimeout", "-1",
                "avgEventSize", "0", "byteCapacityBufferPercentage", "120")));
        assertEquals(List.of("a1.channels.c1.overflowTimeout = -1: must not be negative",
                "a1.channels.c1.byteCapacityBufferPercentage = 120: must be between 0 and 100",
                "a1.channels.c1.avgEventSize = 0: must be at least 1"),
                e.problems().stream().map(Object::toString).toList());
        e = assertThrows(ConfigurationException.class, () -> spillable(Map.of("memoryCapacity", "0",
                "overflowCapacity", "0")));
        assertEquals(List.of("a1.channels.c1.overflowCapacity = 0: cannot be 0 when memoryCapacity is 0 too"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void theOverflowIsAFileChannelWithEveryFileChannelProperty() throws Exception {
        spillable(Map.of("memoryCapacity", "10", "overflowCapacity", "500", "overflowTimeout", "1",
                "byteCapacity", "100000", "avgEventSize", "100", "checkpointDir", "/var/cp",
                "dataDirs", "/var/d1,/var/d2", "transactionCapacity", "50", "capacity", "7", "keep-alive", "9"));
        ComponentConfig overflowConfig = overflow().config;
        assertEquals("file", overflowConfig.type());
        assertEquals("a1", overflowConfig.agentName());
        assertEquals("c1", overflowConfig.componentName());
        assertEquals("a1.channels.c1.dataDirs", overflowConfig.key("dataDirs"));
        assertEquals(Map.of("checkpointDir", "/var/cp", "dataDirs", "/var/d1,/var/d2", "transactionCapacity", "50",
                "capacity", "500", "keep-alive", "0"), overflowConfig.properties());
    }

    @Test
    void overflowProblemsAreReportedUnderTheKeysTheUserWrote() {
        ChannelFactory refusing = config -> {
            throw new ConfigurationException(List.of(config.problem("capacity", "more than the disk holds"),
                    config.problem("checkpointDir", "not writable")));
        };
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new SpillableMemoryChannelFactory(refusing).create(config(Map.of("overflowCapacity", "5",
                        "checkpointDir", "/nope"))));
        assertEquals(List.of("a1.channels.c1.overflowCapacity = 5: more than the disk holds",
                "a1.channels.c1.checkpointDir = /nope: not writable"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void createOpensNothingStartAndStopRunTheOverflow() throws Exception {
        Channel channel = spillable(Map.of());
        assertFalse(overflow().started, "a dry run must not open the overflow's files");
        channel.start(TestContexts.channelContext("c1"));
        assertTrue(overflow().started);
        channel.stop();
        assertFalse(overflow().started);
    }

    @Test
    void memorySettingsChangeInPlaceKeepingTheEvents() throws Exception {
        ChannelContext context = TestContexts.channelContext("c1");
        Channel channel = spillable(Map.of("memoryCapacity", "2", "overflowCapacity", "10", "overflowTimeout", "0"));
        channel.start(context);
        startedHere.add(channel);
        putCommitted(channel, List.of(event("1"), event("2")));
        putCommitted(channel, List.of(event("3")));
        assertTrue(channel.reconfigure(config(Map.of("memoryCapacity", "10", "overflowCapacity", "10",
                "overflowTimeout", "0"))));
        assertEquals(3, channel.size());
        assertEquals(20L, context.counter().attributes().get("ChannelCapacity"));
        putCommitted(channel, List.of(event("4")));
        assertEquals(1, overflow().size(), "the larger memory takes 4");
        assertEquals(List.of("1", "2", "3", "4"), takeCommitted(channel, 10));
    }

    @Test
    void changesTheOverflowRefusesInPlaceNeedANewChannel() throws Exception {
        Channel channel = started(Map.of("checkpointDir", "/var/a"));
        assertTrue(channel.reconfigure(config(Map.of("checkpointDir", "/var/b"))));
        overflow().acceptsReconfiguration = false;
        assertFalse(channel.reconfigure(config(Map.of("checkpointDir", "/var/c"))));
        assertTrue(channel.reconfigure(config(Map.of("checkpointDir", "/var/b", "memoryCapacity", "5"))),
                "the overflow's settings are unchanged");
        assertFalse(channel.reconfigure(config(Map.of("checkpointDir", "/var/b", "avgEventSize", "100"))));
        assertFalse(channel.reconfigure(config(Map.of("overflowCapacity", "0"))));
        assertThrows(ConfigurationException.class, () -> channel.reconfigure(config(Map.of("memoryCapacity", "-1"))));
    }
}
