package org.millrace.channel.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Channel;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.api.testkit.ChannelContract;
import org.millrace.api.testkit.TestContexts;

class JdbcChannelTest extends ChannelContract {
    private static final AtomicInteger HOMES = new AtomicInteger();

    @TempDir
    static Path root;

    private final List<Channel> opened = new ArrayList<>();

    /**
     * The contract speaks the memory channel's property names: the jdbc channel's capacity is
     * {@code maximum.capacity}, and it has no keep-alive (a full channel refuses a commit at once, as Flume's does).
     * Each channel gets a database of its own.
     */
    @Override
    protected Channel create(Map<String, String> properties) throws ConfigurationException {
        Map<String, String> jdbc = new HashMap<>();
        properties.forEach((key, value) -> {
            switch (key) {
                case "capacity" -> jdbc.put("maximum.capacity", value);
                case "keep-alive" -> { }
                default -> jdbc.put(key, value);
            }
        });
        jdbc.put("sysprop.user.home", newHome().toString());
        return new JdbcChannelFactory().create(TestContexts.config("channels", "c1", "jdbc", jdbc));
    }

    private static Path newHome() {
        return root.resolve("home" + HOMES.incrementAndGet());
    }

    /** A started channel named {@code name}, its database below {@code home}; stopped after the test. */
    private Channel open(String name, Path home, Map<String, String> properties) throws Exception {
        Channel channel = build(name, home, properties);
        channel.start(TestContexts.channelContext(name));
        opened.add(channel);
        return channel;
    }

    private static Channel build(String name, Path home, Map<String, String> properties)
            throws ConfigurationException {
        Map<String, String> all = new HashMap<>(properties);
        all.put("sysprop.user.home", home.toString());
        return new JdbcChannelFactory().create(TestContexts.config("channels", name, "jdbc", all));
    }

    @AfterEach
    void stopOpenedChannels() {
        opened.forEach(Channel::stop);
    }

    private static Path databaseDirectory(Path home) {
        return home.resolve(".flume/jdbc-channel/db");
    }

    @Test
    void committedEventsSurviveAStopAndAreFoundByANewChannelOverTheSameDatabase() throws Exception {
        Path home = newHome();
        Channel first = open("c1", home, Map.of());
        assertTrue(first.isDurable());
        putCommitted(first, List.of(event("1"), event("2"), event("3"), event("4")));
        assertEquals(List.of("1"), takeCommitted(first, 1));
        Transaction open = first.newTransaction();
        open.begin();
        assertEquals("2", new String(open.take().body(), StandardCharsets.UTF_8));
        first.stop();
        assertTrue(Files.isDirectory(databaseDirectory(home)), "Flume's default location below sysprop.user.home");

        Channel second = open("c1", home, Map.of());
        assertEquals(3, second.size(), "a take not committed before the stop is not final");
        assertEquals(List.of("2", "3", "4"), takeCommitted(second, 10));
        assertEquals(0, second.size());
        second.stop();

        // an empty channel numbers its rows from the start again, over the index entries of the deleted ones
        Channel third = open("c1", home, Map.of());
        putCommitted(third, List.of(event("5"), event("6")));
        assertEquals(List.of("5", "6"), takeCommitted(third, 10));
    }

    @Test
    void headersAndBodiesComeBackByteIdenticalAfterARestart() throws Exception {
        Random random = new Random(42);
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        byte[] large = new byte[300_000];
        random.nextBytes(large);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "web-01");
        headers.put("ünïcødé 日本語", "emoji \uD83D\uDE00, lone surrogate \uD800, nul \u0000 end");
        headers.put("", "");
        headers.put("long", "x".repeat(70_000));
        List<Event> sent = List.of(Event.of(allBytes), Event.of(headers, large), Event.of(new byte[0]),
                Event.withHeaders("compact".getBytes(StandardCharsets.UTF_8), "a", "1", "b", "2"));
        Path home = newHome();
        Channel first = open("c1", home, Map.of());
        putCommitted(first, sent);
        first.stop();

        Channel second = open("c1", home, Map.of());
        List<Event> received = new ArrayList<>();
        try (Transaction tx = second.newTransaction()) {
            tx.begin();
            assertEquals(4, tx.take(10, received));
            tx.commit();
        }
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i).body(), received.get(i).body(), "body of event " + i);
            assertEquals(sent.get(i).headers(), received.get(i).headers(), "headers of event " + i);
        }
    }

    @Test
    void maximumCapacityCountsTheEventsFoundAtStartAndRefusesACommitAtOnce() throws Exception {
        Path home = newHome();
        Channel first = open("c1", home, Map.of("maximum.capacity", "3"));
        putCommitted(first, List.of(event("1"), event("2"), event("3")));
        first.stop();

        Channel second = open("c1", home, Map.of("maximum.capacity", "3"));
        assertEquals(3, second.size());
        try (Transaction tx = second.newTransaction()) {
            tx.begin();
            tx.put(event("4"));
            ChannelFullException full = assertThrows(ChannelFullException.class, tx::commit);
            assertTrue(full.getMessage().contains("maximum.capacity 3"), full.getMessage());
            tx.rollback();
        }
        assertEquals(List.of("1"), takeCommitted(second, 1));
        putCommitted(second, List.of(event("4")));
        assertEquals(List.of("2", "3", "4"), takeCommitted(second, 10));
    }

    @Test
    void aTakerSkipsEventsAnotherTransactionHoldsAndARollbackPutsThemBackAhead() throws Exception {
        Channel channel = open("c1", newHome(), Map.of());
        putCommitted(channel, List.of(event("1"), event("2"), event("3"), event("4"), event("5")));
        List<Event> first = new ArrayList<>();
        List<Event> second = new ArrayList<>();
        try (Transaction a = channel.newTransaction(); Transaction b = channel.newTransaction()) {
            a.begin();
            b.begin();
            a.take(2, first);
            b.take(2, second);
            assertEquals(List.of("1", "2"), bodies(first));
            assertEquals(List.of("3", "4"), bodies(second));
            a.rollback();
            b.commit();
        }
        assertEquals(3, channel.size());
        assertEquals(List.of("1", "2", "5"), takeCommitted(channel, 10));
    }

    @Test
    void putsAndTakesInOneTransactionCommitTogether() throws Exception {
        Channel channel = open("c1", newHome(), Map.of("maximum.capacity", "2"));
        putCommitted(channel, List.of(event("1"), event("2")));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            assertEquals("1", new String(tx.take().body(), StandardCharsets.UTF_8));
            tx.put(event("3"));
            tx.commit();
        }
        assertEquals(List.of("2", "3"), takeCommitted(channel, 10));
    }

    @Test
    void oneConnectionServesConcurrentPuttersAndTakers() throws Exception {
        Channel channel = open("c1", newHome(), Map.of("maximum.connections", "1", "maximum.capacity", "100"));
        assertConcurrentFlowLosesAndDuplicatesNothing(channel, 2_000);
    }

    @Test
    void compactionUnderLoadLosesNothingAndGivesBackTheSpaceOfDrainedBacklogs() throws Exception {
        Path compacted = newHome();
        Channel channel = start(new JdbcChannel(settings(compacted, Map.of()), new DerbyDatabases(100, 1_000)));
        assertConcurrentFlowLosesAndDuplicatesNothing(channel, 3_000);
        fillAndDrain(channel, 3_000);

        Path kept = newHome();
        fillAndDrain(start(new JdbcChannel(settings(kept, Map.of()), new DerbyDatabases(Long.MAX_VALUE, 0))), 3_000);
        // Derby never reuses the index pages a drained backlog leaves behind; only a compaction frees them
        assertTrue(pagesHeld(compacted) < pagesHeld(kept), pagesHeld(compacted) + " pages after compactions, "
                + pagesHeld(kept) + " without");
    }

    /** Puts {@code n} events, then takes them all, in batches of ten. */
    private static void fillAndDrain(Channel channel, int n) {
        for (int i = 0; i < n; i += 10) {
            List<Event> batch = new ArrayList<>();
            for (int k = i; k < i + 10; k++) {
                batch.add(event(String.valueOf(k).repeat(50)));
            }
            putCommitted(channel, batch);
        }
        for (int i = 0; i < n; i += 10) {
            assertEquals(10, takeCommitted(channel, 10).size());
        }
        assertEquals(0, channel.size());
    }

    private static JdbcChannelSettings settings(Path home, Map<String, String> properties)
            throws ConfigurationException {
        Map<String, String> all = new HashMap<>(properties);
        all.put("sysprop.user.home", home.toString());
        return JdbcChannelFactory.settings(TestContexts.config("channels", "c1", "jdbc", all));
    }

    private Channel start(Channel channel) throws Exception {
        channel.start(TestContexts.channelContext("c1"));
        opened.add(channel);
        return channel;
    }

    /** Pages the channel table and its index hold on disk, read over a connection of its own. */
    private static long pagesHeld(Path home) throws Exception {
        String url = "jdbc:derby:" + databaseDirectory(home);
        try (Connection c = DerbyDatabases.SHARED.driver().connect(url, new Properties());
                ResultSet rs = c.createStatement().executeQuery("SELECT SUM(NUMALLOCATEDPAGES + NUMFREEPAGES) FROM"
                        + " TABLE (SYSCS_DIAG.SPACE_TABLE('MILLRACE', 'CHANNEL_EVENTS')) AS T")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Two putters and two takers move {@code total} numbered events through the channel. */
    private static void assertConcurrentFlowLosesAndDuplicatesNothing(Channel channel, int total) throws Exception {
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        AtomicInteger taken = new AtomicInteger();
        ExecutorService exec = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int base = p * total / 2;
                work.add(exec.submit(() -> {
                    for (int i = 0; i < total / 2; i += 10) {
                        List<Event> batch = new ArrayList<>();
                        for (int k = i; k < i + 10; k++) {
                            batch.add(Event.of(String.valueOf(base + k).repeat(50).getBytes(StandardCharsets.UTF_8)));
                        }
                        while (!tryPut(channel, batch)) {
                            Thread.sleep(1);
                        }
                    }
                    return null;
                }));
            }
            for (int c = 0; c < 2; c++) {
                work.add(exec.submit(() -> {
                    while (taken.get() < total) {
                        List<String> batch = takeCommitted(channel, 7);
                        received.addAll(batch);
                        taken.addAndGet(batch.size());
                        if (batch.isEmpty()) {
                            channel.awaitEvents(10);
                        }
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
        assertEquals(total, received.size());
        assertEquals(total, received.stream().distinct().count(), "no event delivered twice");
        assertEquals(0, channel.size());
    }

    private static boolean tryPut(Channel channel, List<Event> batch) {
        try {
            putCommitted(channel, batch);
            return true;
        } catch (ChannelFullException full) {
            return false;
        }
    }

    @Test
    void channelsShareADatabaseButNotTheirEventsAndTheLastStopShutsItDown() throws Exception {
        Path home = newHome();
        Channel c1 = open("c1", home, Map.of());
        Channel c2 = open("c2", home, Map.of());
        putCommitted(c1, List.of(event("one")));
        putCommitted(c2, List.of(event("two")));
        Path lock = databaseDirectory(home).resolve("db.lck");
        assertTrue(Files.exists(lock), "Derby holds the database while it is booted");

        c1.stop();
        assertTrue(Files.exists(lock), "the database stays up while another channel uses it");
        assertEquals(List.of("two"), takeCommitted(c2, 10));
        c2.stop();
        assertFalse(Files.exists(lock), "the last channel shuts the database down");

        assertEquals(List.of("one"), takeCommitted(open("c1", home, Map.of()), 10));
    }

    @Test
    void aChannelCannotOpenItsDatabaseTwice() throws Exception {
        Path home = newHome();
        open("c1", home, Map.of());
        Channel twin = build("c1", home, Map.of());
        ChannelException e = assertThrows(ChannelException.class, () -> twin.start(TestContexts.channelContext("c1")));
        assertTrue(e.getMessage().contains("a1/c1 is already open"), e.getMessage());
    }

    @Test
    void withoutCreateSchemaADatabaseWithoutTheTableIsRefused() throws Exception {
        Channel channel = build("c1", newHome(), Map.of("create.schema", "false"));
        Exception e = assertThrows(Exception.class, () -> channel.start(TestContexts.channelContext("c1")));
        assertTrue(e.getMessage().contains("create.schema is false"), e.getMessage());
    }

    @Test
    void aConfiguredUrlAndAnInMemoryDatabaseWork() throws Exception {
        Path database = newHome().resolve("explicit");
        Channel onDisk = open("c1", newHome(), Map.of("driver.url", "jdbc:derby:" + database + ";create=true"));
        putCommitted(onDisk, List.of(event("disk")));
        assertTrue(onDisk.isDurable());
        assertTrue(Files.isDirectory(database));

        Channel inMemory = open("c2", newHome(), Map.of("driver.url", "jdbc:derby:memory:jdbc-channel-test;create=true",
                "transaction.isolation", "serializable"));
        assertFalse(inMemory.isDurable(), "an in-memory database dies with the JVM");
        putCommitted(inMemory, List.of(event("memory")));
        assertEquals(List.of("memory"), takeCommitted(inMemory, 10));
    }

    @Test
    void limitsChangeInPlaceAndAnotherDatabaseNeedsANewChannel() throws Exception {
        Path home = newHome();
        Channel channel = open("c1", home, Map.of("maximum.capacity", "1"));
        putCommitted(channel, List.of(event("1")));
        assertTrue(channel.reconfigure(TestContexts.config("channels", "c1", "jdbc",
                Map.of("sysprop.user.home", home.toString(), "maximum.capacity", "2", "transactionCapacity", "2"))));
        assertEquals(2, channel.transactionCapacity());
        putCommitted(channel, List.of(event("2")));
        assertEquals(2, channel.size());
        assertFalse(channel.reconfigure(TestContexts.config("channels", "c1", "jdbc",
                Map.of("sysprop.user.home", newHome().toString()))));
    }

    @Test
    void syspropPropertiesBecomeSystemPropertiesWhenTheChannelStarts() throws Exception {
        Channel channel = build("c1", newHome(), Map.of("sysprop.millrace.jdbc.test", "set"));
        assertEquals(null, System.getProperty("millrace.jdbc.test"), "building a channel has no side effects");
        try {
            channel.start(TestContexts.channelContext("c1"));
            opened.add(channel);
            assertEquals("set", System.getProperty("millrace.jdbc.test"));
        } finally {
            System.clearProperty("millrace.jdbc.test");
        }
    }

    @Test
    void aStoppedChannelRefusesTransactions() throws Exception {
        Channel channel = open("c1", newHome(), Map.of());
        channel.stop();
        assertThrows(ChannelException.class, channel::newTransaction);
    }
}
