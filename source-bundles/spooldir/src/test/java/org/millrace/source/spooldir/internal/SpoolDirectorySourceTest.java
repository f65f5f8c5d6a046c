package org.millrace.source.spooldir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;
import org.millrace.serialization.EventDeserializers;

class SpoolDirectorySourceTest {
    @TempDir
    Path dir;
    private final List<SpoolDirectorySource> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(SpoolDirectorySource::stop);
    }

    private Path spool() throws IOException {
        return Files.createDirectories(dir.resolve("spool"));
    }

    /** The spool directory, for conditions polled in lambdas. */
    private Path spoolDir() {
        return dir.resolve("spool");
    }

    private Map<String, String> defaults() throws IOException {
        Map<String, String> p = new HashMap<>();
        p.put("spoolDir", spool().toString());
        p.put("pollDelay", "10");
        return p;
    }

    private static SpoolDirectorySource create(Map<String, String> properties) throws ConfigurationException {
        return (SpoolDirectorySource) new SpoolDirectorySourceFactory(EventDeserializers.builtIn()).create(
                TestContexts.config("sources", "r1", "spooldir", properties));
    }

    private SpoolDirectorySource start(Map<String, String> properties, SourceContext context) throws Exception {
        SpoolDirectorySource source = create(properties);
        source.start(context);
        started.add(source);
        return source;
    }

    private void stop(SpoolDirectorySource source) {
        source.stop();
        started.remove(source);
    }

    /** Places a file as a user should: written elsewhere, then moved in whole. */
    private Path place(String name, String content) throws IOException {
        Path staged = Files.writeString(Files.createDirectories(dir.resolve("staging")).resolve(
                name.replace('/', '_')), content);
        Path placed = spool().resolve(name);
        Files.createDirectories(placed.getParent());
        return Files.move(staged, placed);
    }

    private static String lines(String prefix, int n) {
        StringBuilder text = new StringBuilder();
        IntStream.range(0, n).forEach(i -> text.append(prefix).append(i).append('\n'));
        return text.toString();
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    @Test
    void eachFileIsReadOnceWithItsHeadersThenRenamed() throws Exception {
        Path file = place("app.log", "one\r\ntwo\n");
        Map<String, String> p = defaults();
        p.put("fileHeader", "true");
        p.put("basenameHeader", "true");
        p.put("basenameHeaderKey", "name");
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(p, context);
        List<Event> events = processor.await(2, 10);
        assertEquals(List.of("one\r", "two"), bodies(events), "a \\r stays, as Flume's LINE keeps it");
        assertEquals(Map.of("file", file.toAbsolutePath().toString(), "name", "app.log"), events.get(0).headers());
        awaitTrue(() -> Files.exists(spoolDir().resolve("app.log.COMPLETED")) && !Files.exists(file), "renamed");
        awaitTrue(() -> context.counter().attributes().get("FileCompletedCount").equals(1L), "counted");
        assertEquals(2L, context.counter().get(SourceCounter.Name.EventAcceptedCount));
        assertFalse(Files.exists(spool().resolve(".flumespool/.flumespool-main.meta")), "meta removed when done");
    }

    @Test
    void deletePolicyImmediateDeletesAndTrackerDirRecordsInstead() throws Exception {
        Map<String, String> p = defaults();
        p.put("deletePolicy", "immediate");
        Path deleted = place("a.log", "a\n");
        RecordingProcessor processor = new RecordingProcessor();
        SpoolDirectorySource source = start(p, TestContexts.sourceContext("r1", processor));
        processor.await(1, 10);
        awaitTrue(() -> !Files.exists(deleted), "deleted");
        stop(source);

        Map<String, String> q = defaults();
        q.put("trackingPolicy", "TRACKER_DIR");
        q.put("trackerDir", dir.resolve("tracker").toString());
        Path kept = place("b.log", "b\n");
        RecordingProcessor second = new RecordingProcessor();
        start(q, TestContexts.sourceContext("r1", second));
        second.await(1, 10);
        awaitTrue(() -> Files.exists(dir.resolve("tracker/b.log.COMPLETED")), "recorded in the tracker directory");
        assertTrue(Files.exists(kept), "left where it was");
        Thread.sleep(100);
        assertEquals(List.of("b"), bodies(second.events()), "not read again");
    }

    @Test
    void oldestFirstThenByNameAndYoungestFirst() throws Exception {
        Path c = place("c.log", "c\n");
        Path a = place("a.log", "a\n");
        Path b = place("b.log", "b\n");
        Files.setLastModifiedTime(c, FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(a, FileTime.fromMillis(2_000));
        Files.setLastModifiedTime(b, FileTime.fromMillis(2_000));
        RecordingProcessor processor = new RecordingProcessor();
        SpoolDirectorySource source = start(defaults(), TestContexts.sourceContext("r1", processor));
        assertEquals(List.of("c", "a", "b"), bodies(processor.await(3, 10)));
        stop(source);

        Path x = place("x.log", "x\n");
        Path y = place("y.log", "y\n");
        Files.setLastModifiedTime(x, FileTime.fromMillis(5_000));
        Files.setLastModifiedTime(y, FileTime.fromMillis(1_000));
        Map<String, String> p = defaults();
        p.put("consumeOrder", "youngest");
        RecordingProcessor second = new RecordingProcessor();
        start(p, TestContexts.sourceContext("r1", second));
        assertEquals(List.of("x", "y"), bodies(second.await(2, 10)));
    }

    @Test
    void patternsHiddenFilesAndSubdirectories() throws Exception {
        place("in.log", "in\n");
        place("in.tmp", "ignored\n");
        place("skip.log", "ignored too\n");
        place(".hidden.log", "hidden\n");
        place("sub/deep.log", "deep\n");
        Map<String, String> p = defaults();
        p.put("includePattern", ".*\\.log");
        p.put("ignorePattern", "skip.*");
        RecordingProcessor processor = new RecordingProcessor();
        SpoolDirectorySource source = start(p, TestContexts.sourceContext("r1", processor));
        processor.await(1, 10);
        Thread.sleep(100);
        assertEquals(List.of("in"), bodies(processor.events()));
        stop(source);

        p.put("recursiveDirectorySearch", "true");
        RecordingProcessor second = new RecordingProcessor();
        start(p, TestContexts.sourceContext("r1", second));
        assertEquals(List.of("deep"), bodies(second.await(1, 10)));
        awaitTrue(() -> Files.exists(spoolDir().resolve("sub/deep.log.COMPLETED")), "renamed where it is");
    }

    @Test
    void aFullChannelIsRetriedWithTheSameLinesNothingTwice() throws Exception {
        place("a.log", lines("line-", 250));
        RecordingProcessor processor = new RecordingProcessor();
        processor.refuseNext(3);
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(defaults(), context);
        assertEquals(bodies(IntStream.range(0, 250).mapToObj(i -> Event.of("line-" + i)).toList()),
                bodies(processor.await(250, 20)));
        assertEquals(3L, context.counter().get(SourceCounter.Name.ChannelWriteFail));
    }

    @Test
    void aFileChangedWhileReadIsLeftLoudlyAndTheOthersGoOn() throws Exception {
        Path changed = place("a.log", "first\n");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(1_000));
        place("b.log", "other\n");
        AcceptAfter processor = new AcceptAfter();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(defaults(), context);
        awaitTrue(() -> processor.refused > 0, "the first batch tried");
        Files.writeString(changed, "appended\n", StandardOpenOption.APPEND);
        processor.open = true;
        awaitTrue(() -> Files.exists(spoolDir().resolve("b.log.COMPLETED")), "the other file read");
        assertTrue(Files.exists(changed), "the changed file left in place");
        assertFalse(Files.exists(spool().resolve("a.log.COMPLETED")));
        assertEquals(List.of("first", "other"), bodies(processor.delivered));
        assertEquals(1L, context.counter().attributes().get("FileFailedCount"));
    }

    @Test
    void invalidTextStopsItsFileUnderFailAndIsReplacedUnderReplace() throws Exception {
        byte[] bad = {'o', 'k', '\n', 'b', (byte) 0xff, 'd', '\n', 'x', '\n'};
        Path file = spool().resolve("bad.log");
        Files.write(file, bad);
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        SpoolDirectorySource source = start(defaults(), context);
        processor.await(1, 10);
        awaitTrue(() -> context.counter().get(SourceCounter.Name.EventReadFail) == 1, "counted");
        assertEquals(List.of("ok"), bodies(processor.events()));
        assertTrue(Files.exists(file), "left for the user");
        stop(source);

        Map<String, String> p = defaults();
        p.put("decodeErrorPolicy", "REPLACE");
        RecordingProcessor second = new RecordingProcessor();
        start(p, TestContexts.sourceContext("r1", second));
        assertEquals(List.of("b\uFFFDd", "x"), bodies(second.await(2, 10)), "resumed after the committed line");
    }

    @Test
    void aRestartResumesAfterTheLastCommittedBatch() throws Exception {
        place("a.log", lines("line-", 1000));
        AcceptAfter processor = new AcceptAfter();
        processor.open = true;
        processor.limit = 300;
        Map<String, String> p = defaults();
        SpoolDirectorySource source = start(p, TestContexts.sourceContext("r1", processor));
        awaitTrue(() -> processor.refused > 0, "300 taken, then refused");
        stop(source);
        RecordingProcessor second = new RecordingProcessor();
        start(p, TestContexts.sourceContext("r1", second));
        List<String> rest = bodies(second.await(700, 10));
        assertEquals(IntStream.range(300, 1000).mapToObj(i -> "line-" + i).toList(), rest);
    }

    @Test
    void anEmptyFileIsOneEmptyEventAsInFlume() throws Exception {
        place("empty.log", "");
        RecordingProcessor processor = new RecordingProcessor();
        start(defaults(), TestContexts.sourceContext("r1", processor));
        assertEquals(List.of(""), bodies(processor.await(1, 10)));
    }

    @Test
    void aMissingDirectoryFailsTheStartAndBadSettingsNameTheirKeys() throws Exception {
        Map<String, String> p = defaults();
        p.put("spoolDir", dir.resolve("none").toString());
        assertThrows(IOException.class, () -> create(p).start(TestContexts.sourceContext("r1",
                new RecordingProcessor())));
        Map<String, String> q = defaults();
        q.put("consumeOrder", "newest");
        q.put("includePattern", "([");
        q.put("deserializer", "com.example.Missing$Builder");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create(q));
        String message = e.getMessage();
        assertTrue(message.contains("a1.sources.r1.consumeOrder") && message.contains("oldest"), message);
        assertTrue(message.contains("a1.sources.r1.deserializer"), message);
    }

    @Test
    void flumesOldBufferMaxLineLengthStillSetsTheLineLength() throws Exception {
        place("long.log", "abcdefgh\n");
        Map<String, String> p = defaults();
        p.put("bufferMaxLineLength", "5");
        RecordingProcessor processor = new RecordingProcessor();
        start(p, TestContexts.sourceContext("r1", processor));
        assertEquals(List.of("abcde", "fgh"), bodies(processor.await(2, 10)));
    }

    /** Refuses batches until opened, and then takes up to {@code limit} events. */
    private static final class AcceptAfter implements ChannelProcessor {
        final List<Event> delivered = new ArrayList<>();
        volatile boolean open;
        volatile int refused;
        int limit = Integer.MAX_VALUE;

        @Override
        public void processEvent(Event event) {
            processEventBatch(List.of(event));
        }

        @Override
        public synchronized void processEventBatch(List<Event> events) {
            if (!open || delivered.size() + events.size() > limit) {
                refused++;
                throw new ChannelFullException("not yet");
            }
            delivered.addAll(events);
        }

        @Override
        public int maxBatchSize() {
            return 100;
        }
    }
}
