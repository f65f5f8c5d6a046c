package org.millrace.channel.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Channel;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.api.testkit.ChannelContract;
import org.millrace.api.testkit.TestContexts;

class FileChannelTest extends ChannelContract {
    @TempDir
    Path temp;
    private int created;
    private final List<Channel> running = new ArrayList<>();

    @Override
    protected Channel create(Map<String, String> properties) throws ConfigurationException {
        Map<String, String> all = new HashMap<>(dirs(temp.resolve("contract-" + (++created))));
        all.putAll(properties);
        return new FileChannelFactory().create(TestContexts.config("channels", "c1", "file", all));
    }

    private static Map<String, String> dirs(Path root) {
        return Map.of("checkpointDir", root.resolve("checkpoint").toString(), "dataDirs",
                root.resolve("data1") + "," + root.resolve("data2"));
    }

    /** A started channel on {@code root}, with these properties on top of its directories. */
    private org.millrace.channel.file.internal.FileChannel start(Path root, String... keysAndValues) throws Exception {
        Map<String, String> properties = new HashMap<>(dirs(root));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        var channel = (org.millrace.channel.file.internal.FileChannel) new FileChannelFactory().create(
                TestContexts.config("channels", "c1", "file", properties));
        channel.start(TestContexts.channelContext("c1"));
        running.add(channel);
        return channel;
    }

    private void stop(Channel channel) {
        running.remove(channel);
        channel.stop();
    }

    @AfterEach
    void stopRunning() {
        running.forEach(Channel::stop);
    }

    private static List<Event> events(String prefix, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Event.withHeaders((prefix + i).getBytes(), "seq", String.valueOf(i), "h\u00e9", "v\u00e9"));
        }
        return events;
    }

    private static List<String> takeAll(Channel channel) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            try (Transaction tx = channel.newTransaction()) {
                tx.begin();
                List<Event> batch = new ArrayList<>();
                tx.take(100, batch);
                tx.commit();
                if (batch.isEmpty()) {
                    return bodies;
                }
                batch.forEach(e -> bodies.add(new String(e.body())));
            }
        }
    }

    private static List<String> bodies(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void defaultsAreFlumes() throws ConfigurationException {
        var s = FileChannelFactory.settings(TestContexts.config("channels", "c1", "file", Map.of()));
        String home = System.getProperty("user.home");
        assertEquals(Path.of(home, ".flume/file-channel/checkpoint"), s.checkpointDir());
        assertEquals(List.of(Path.of(home, ".flume/file-channel/data")), s.dataDirs());
        assertEquals(1_000_000, s.capacity());
        assertEquals(10_000, s.transactionCapacity());
        assertEquals(30_000, s.checkpointIntervalMillis());
        assertEquals(2146435071L, s.maxFileSize());
        assertEquals(524288000L, s.minimumRequiredSpace());
        assertEquals(3, s.keepAliveSeconds());
        assertTrue(s.checkpointOnClose());
        assertTrue(s.fsyncPerTransaction());
        assertEquals(null, s.backupCheckpointDir());
    }

    @Test
    void invalidSettingsNameKeyValueAndReason() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create(Map.of(
                "useDualCheckpoints", "true", "encryption.activeKey", "key-0")));
        String message = e.getMessage();
        assertTrue(message.contains("a1.channels.c1.useDualCheckpoints = true: needs backupCheckpointDir"), message);
        assertTrue(message.contains("a1.channels.c1.encryption.activeKey = key-0: log encryption is not supported"),
                message);
        e = assertThrows(ConfigurationException.class, () -> create(Map.of("maxFileSize", "10", "capacity", "5",
                "transactionCapacity", "0")));
        assertEquals("a1.channels.c1.transactionCapacity = 0: must be at least 1; a1.channels.c1.maxFileSize = 10:"
                + " must be at least 1024", e.getMessage());
    }

    @Test
    void committedEventsSurviveAStopByCheckpoint() throws Exception {
        var channel = start(temp);
        putCommitted(channel, events("e", 250));
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.take(50, new ArrayList<>());
            tx.commit();
        }
        stop(channel);
        var again = start(temp);
        assertEquals(200, again.size());
        List<Event> taken = new ArrayList<>();
        try (Transaction tx = again.newTransaction()) {
            tx.begin();
            tx.take(1, taken);
            tx.commit();
        }
        Event first = taken.get(0);
        assertEquals("e50", new String(first.body()));
        assertEquals(Map.of("seq", "50", "h\u00e9", "v\u00e9"), first.headers());
        assertEquals(bodies("e", 51, 250), takeAll(again));
    }

    @Test
    void withoutACheckpointTheLogIsReplayed() throws Exception {
        var channel = start(temp, "checkpointOnClose", "false", "maxFileSize", "4096");
        putCommitted(channel, events("e", 300));
        assertEquals(bodies("e", 0, 120), takeN(channel, 120));
        try (Transaction open = channel.newTransaction()) {
            open.begin();
            open.take(10, new ArrayList<>()); // not committed: these stay the channel's
            stop(channel);
        }
        var again = start(temp);
        assertEquals(bodies("e", 120, 300), takeAll(again));
    }

    private static List<String> takeN(Channel channel, int n) {
        List<Event> batch = new ArrayList<>();
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.take(n, batch);
            tx.commit();
        }
        return batch.stream().map(e -> new String(e.body())).toList();
    }

    @Test
    void aTornRecordAtTheTailIsSkippedAndEverythingBeforeItKept() throws Exception {
        var channel = start(temp, "checkpointOnClose", "false");
        putCommitted(channel, events("a", 10));
        putCommitted(channel, events("b", 10));
        long end = LogRecord.offsetOf(channel.logPosition());
        stop(channel);
        try (FileChannel file = FileChannel.open(newestLog(temp), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(7), end - 7); // the second commit, cut off by a crash
        }
        var again = start(temp);
        assertEquals(bodies("a", 0, 10), takeAll(again));
        putCommitted(again, events("c", 3));
        stop(again);
        assertEquals(bodies("c", 0, 3), takeAll(start(temp)));
    }

    @Test
    void aDamagedRecordIsNeverMisread() throws Exception {
        var channel = start(temp, "checkpointOnClose", "false");
        putCommitted(channel, events("a", 10));
        long good = LogRecord.offsetOf(channel.logPosition());
        putCommitted(channel, events("b", 10));
        stop(channel);
        try (FileChannel file = FileChannel.open(newestLog(temp), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {'X'}), good + 60); // inside an event body of the second record
        }
        assertEquals(bodies("a", 0, 10), takeAll(start(temp)));
    }

    private static Path newestLog(Path root) throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(root.resolve("data1")), Files.list(root.resolve("data2")))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .max((x, y) -> Long.compare(id(x), id(y))).orElseThrow();
        }
    }

    private static long id(Path log) {
        String name = log.getFileName().toString();
        return Long.parseLong(name.substring("millrace-".length(), name.length() - ".log".length()));
    }

    private static long logFiles(Path root) throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(root.resolve("data1")), Files.list(root.resolve("data2")))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).count();
        }
    }

    @Test
    void logFilesAreDeletedOnceEveryEventInThemIsTaken() throws Exception {
        var channel = start(temp, "maxFileSize", "1024");
        for (int i = 0; i < 40; i++) {
            putCommitted(channel, events("e" + i + "-", 20));
        }
        assertTrue(logFiles(temp) > 10, "the log rolled over many small files");
        channel.checkpoint();
        assertTrue(logFiles(temp) > 10, "files holding events stay");
        assertEquals(800, takeAll(channel).size());
        channel.checkpoint();
        assertEquals(1, logFiles(temp), "only the file being written is left");
        assertEquals(0, channel.size());
    }

    @Test
    void aDiskWithoutTheRequiredSpaceRefusesPutsAndKeepsWhatIsCommitted() throws Exception {
        var channel = start(temp);
        putCommitted(channel, events("e", 5));
        channel.reconfigure(TestContexts.config("channels", "c1", "file", withDirs("minimumRequiredSpace",
                String.valueOf(Long.MAX_VALUE / 2))));
        ChannelCounter counter = counterOf(channel);
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.put(Event.of("refused"));
            ChannelException e = assertThrows(ChannelException.class, tx::commit);
            assertTrue(e.getMessage().startsWith("Usable space exhausted, only "), e.getMessage());
            tx.rollback();
        }
        assertEquals(1, counter.get(ChannelCounter.Name.EventPutErrorCount));
        assertEquals(bodies("e", 0, 2), takeN(channel, 2), "takes still work: they free space");
        channel.reconfigure(TestContexts.config("channels", "c1", "file", withDirs()));
        putCommitted(channel, events("f", 1));
        stop(channel);
        List<String> expected = new ArrayList<>(bodies("e", 2, 5));
        expected.add("f0");
        assertEquals(expected, takeAll(start(temp)));
    }

    private ChannelCounter counterOf(Channel channel) throws Exception {
        var field = org.millrace.channel.file.internal.FileChannel.class.getDeclaredField("counter");
        field.setAccessible(true);
        return (ChannelCounter) field.get(channel);
    }

    private Map<String, String> withDirs(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>(dirs(temp));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void aDamagedCheckpointFallsBackToTheBackupThenToTheWholeLog() throws Exception {
        Path backup = temp.resolve("backup");
        String[] dual = {"useDualCheckpoints", "true", "backupCheckpointDir", backup.toString()};
        var channel = start(temp, dual);
        putCommitted(channel, events("e", 30));
        takeN(channel, 10);
        stop(channel);
        Files.write(temp.resolve("checkpoint").resolve(Checkpoint.FILE), new byte[] {1, 2, 3});
        var fromBackup = start(temp, dual);
        assertEquals(20, fromBackup.size());
        stop(fromBackup);
        Files.write(temp.resolve("checkpoint").resolve(Checkpoint.FILE), new byte[] {1, 2, 3});
        Files.write(backup.resolve(Checkpoint.FILE), new byte[] {4});
        assertEquals(bodies("e", 10, 30), takeAll(start(temp, dual)));
    }

    @Test
    void aDirectoryServesOneChannelAtATime() throws Exception {
        start(temp);
        ChannelException e = assertThrows(ChannelException.class, () -> start(temp));
        assertTrue(e.getMessage().contains("already locked"), e.getMessage());
    }

    @Test
    void flumeLogFilesAreLeftAlone() throws Exception {
        Files.createDirectories(temp.resolve("data1"));
        Path flumeLog = Files.write(temp.resolve("data1").resolve("log-3"), new byte[] {1, 2, 3});
        var channel = start(temp);
        putCommitted(channel, events("e", 1));
        assertEquals(List.of("e0"), takeAll(channel));
        assertTrue(Files.exists(flumeLog));
    }

    @Test
    void settingsChangeInPlaceButNewDirectoriesNeedANewChannel() throws Exception {
        var channel = start(temp);
        putCommitted(channel, events("e", 5));
        assertTrue(channel.reconfigure(TestContexts.config("channels", "c1", "file", withDirs("capacity", "7", "transactionCapacity", "7",
                "checkpointInterval", "1000"))));
        assertEquals(7, counterOf(channel).getChannelCapacity());
        assertEquals(5, channel.size());
        assertFalse(channel.reconfigure(TestContexts.config("channels", "c1", "file",
                dirs(temp.resolve("elsewhere")))));
    }

    @Test
    void concurrentCommitsShareFsyncs() throws Exception {
        var channel = start(temp, "capacity", "100000");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        putCommitted(channel, events("t" + thread + "-" + i + "-", 10));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(8000, channel.size());
        long syncs = channel.syncs();
        assertTrue(syncs < 800, "800 commits took " + syncs + " fsyncs");
    }
}
