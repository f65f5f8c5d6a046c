package org.millrace.source.taildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

class TaildirSourceTest {
    @TempDir
    Path dir;
    private RecordingProcessor processor = new RecordingProcessor();
    private SourceContext context = TestContexts.sourceContext("r1", processor);
    private TaildirSource source;

    private Path logs() throws IOException {
        return Files.createDirectories(dir.resolve("logs"));
    }

    private Map<String, String> defaults() throws IOException {
        Map<String, String> p = new HashMap<>();
        p.put("filegroups", "f1");
        p.put("filegroups.f1", logs() + "/.*\\.log");
        p.put("positionFile", dir.resolve("taildir_position.json").toString());
        return p;
    }

    private TaildirSource start(Map<String, String> properties) throws Exception {
        source = (TaildirSource) new TaildirSourceFactory().create(
                TestContexts.config("sources", "r1", "TAILDIR", properties));
        source.start(context);
        return source;
    }

    /** Stops the source and starts a new one on the same properties, as a restarted agent would. */
    private void restart(Map<String, String> properties) throws Exception {
        source.stop();
        processor = new RecordingProcessor();
        context = TestContexts.sourceContext("r1", processor);
        start(properties);
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    /** Polls until a poll finds nothing new. */
    private List<String> drain() {
        while (source.process() == Status.READY) {
            Thread.onSpinWait();
        }
        return bodies(processor.events());
    }

    @Test
    void eachLineOfEachMatchingFileIsAnEventCarryingItsGroupsHeaders() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        append(logs().resolve("app.log"), "a1\r\na2\n");
        append(logs().resolve("app.txt"), "not matched\n");
        append(other.resolve("x.out"), "x1\n");
        Map<String, String> p = defaults();
        p.put("filegroups", "f1 f2");
        p.put("filegroups.f2", other + "/x\\..*");
        p.put("headers.f1.kind", "app");
        p.put("headers.f2.kind", "other");
        p.put("headers.f2.dc", "east");
        start(p);
        drain();
        Map<String, Map<String, String>> headersByBody = new HashMap<>();
        processor.events().forEach(e -> headersByBody.put(new String(e.body(), StandardCharsets.UTF_8), e.headers()));
        assertEquals(Map.of("a1", Map.of("kind", "app"), "a2", Map.of("kind", "app"),
                "x1", Map.of("kind", "other", "dc", "east")), headersByBody, "\\r before \\n dropped, as in Flume");
        assertEquals(3L, context.counter().get(SourceCounter.Name.EventAcceptedCount));
    }

    @Test
    void aLastLineWithoutItsNewlineWaitsForIt() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "done\npart");
        start(defaults());
        assertEquals(List.of("done"), drain());
        append(log, "ial\n");
        assertEquals(List.of("done", "partial"), drain());
    }

    @Test
    void anIdleFileDeliversItsLastPartialLineAndIsClosedThenReopenedWhenItGrows() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "one\ntwo");
        Map<String, String> p = defaults();
        p.put("idleTimeout", "1");
        start(p);
        source.process();
        Thread.sleep(5);
        source.process();
        assertEquals(List.of("one", "two"), bodies(processor.events()), "Flume delivers the partial line on close");
        assertEquals(0L, context.counter().attributes().get("OpenFileCount"));
        append(log, "three\n");
        source.process();
        assertEquals(List.of("one", "two", "three"), bodies(processor.events()));
    }

    @Test
    void byteOffsetAndFileHeaders() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "ab\ncde\n");
        Map<String, String> p = defaults();
        p.put("byteOffsetHeader", "true");
        p.put("fileHeader", "true");
        p.put("fileHeaderKey", "path");
        start(p);
        drain();
        List<Event> events = processor.events();
        assertEquals(Map.of("byteoffset", "0", "path", log.toString()), events.get(0).headers());
        assertEquals(Map.of("byteoffset", "3", "path", log.toString()), events.get(1).headers());
    }

    @Test
    void thePositionFileIsFlumesJsonAndMovesWithEveryCommittedBatch() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "x".repeat(9) + "\n");
        Map<String, String> p = defaults();
        start(p);
        source.process();
        long inode = (Long) Files.getAttribute(log, "unix:ino");
        Path positions = Path.of(p.get("positionFile"));
        assertEquals(List.of(new PositionFile.Entry(inode, 10, log.toString())), PositionFile.read(positions));
        assertTrue(Files.readString(positions).startsWith("[{\"inode\":" + inode + ",\"pos\":10,\"file\":\""),
                Files.readString(positions));
        processor.refuseNext(1);
        append(log, "refused\n");
        assertEquals(Status.BACKOFF, source.process());
        assertEquals(10, PositionFile.read(positions).get(0).pos(), "a refused batch does not move the position");
        source.process();
        assertEquals(18, PositionFile.read(positions).get(0).pos());
        assertEquals(List.of("x".repeat(9), "refused"), bodies(processor.events()), "the refused line read again");
    }

    @Test
    void aRestartResumesWhereFlumeOrMillraceStopped() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "one\ntwo\nthree\n");
        long inode = (Long) Files.getAttribute(log, "unix:ino");
        Map<String, String> p = defaults();
        // as Flume's Gson writes it, '=' and friends escaped
        Files.writeString(Path.of(p.get("positionFile")),
                "[{\"inode\":" + inode + ",\"pos\":4,\"file\":\"" + log + "\"}]");
        start(p);
        assertEquals(List.of("two", "three"), drain());
        append(log, "four\n");
        restart(p);
        assertEquals(List.of("four"), drain());
    }

    @Test
    void skipToEndStartsFilesWithoutAPositionAtTheirEnd() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "old\n");
        Map<String, String> p = defaults();
        p.put("skipToEnd", "true");
        start(p);
        assertEquals(List.of(), drain());
        append(log, "new\n");
        append(logs().resolve("created.log"), "from the start\n");
        assertEquals(List.of("from the start", "new"), drain().stream().sorted().toList(),
                "only files known at start skip to their end");
    }

    @Test
    void aFileRotatedByRenameIsReadToItsEndBeforeTheNewOne() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "before-1\n");
        start(defaults());
        assertEquals(List.of("before-1"), drain());
        append(log, "before-2\n"); // written, not yet read, when logrotate renames the file
        Path rotated = logs().resolve("app.log.1");
        Files.move(log, rotated);
        append(rotated, "late write by the old handle\n");
        append(log, "after-1\n");
        assertEquals(List.of("before-1", "before-2", "late write by the old handle", "after-1"), drain());
        PositionFile.Entry old = PositionFile.read(dir.resolve("taildir_position.json")).stream()
                .filter(e -> e.file().endsWith("app.log.1")).findFirst().orElseThrow();
        assertEquals(Files.size(rotated), old.pos(), "the rotated file is recorded under its new name");
    }

    @Test
    void aRotatedFileIsLetGoOnceIdle() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "a\n");
        Map<String, String> p = defaults();
        p.put("idleTimeout", "1");
        start(p);
        drain();
        Files.move(log, logs().resolve("app.log.1"));
        drain();
        Thread.sleep(5);
        drain();
        assertEquals(List.of(), PositionFile.read(dir.resolve("taildir_position.json")));
    }

    @Test
    void aFileRenamedWithinThePatternKeepsItsPosition() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "a\n");
        start(defaults());
        drain();
        Files.move(log, logs().resolve("app-2026.log"));
        append(logs().resolve("app-2026.log"), "b\n");
        assertEquals(List.of("a", "b"), drain(), "not read again from the start, unlike Flume");
    }

    @Test
    void aFileRotatedWhileTheAgentWasStoppedIsFinishedAfterTheRestart() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "a\n");
        Map<String, String> p = defaults();
        start(p);
        drain();
        source.stop();
        append(log, "b\n");
        Files.move(log, logs().resolve("app.log.1"));
        append(log, "c\n");
        processor = new RecordingProcessor();
        context = TestContexts.sourceContext("r1", processor);
        start(p);
        assertEquals(List.of("b", "c"), drain());
    }

    @Test
    void aCopytruncatedFileStartsAgainAtZero() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "first line\nsecond line\n");
        start(defaults());
        drain();
        Files.copy(log, logs().resolve("app.log.1"));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(log, "new\n");
        assertEquals(List.of("first line", "second line", "new"), drain());
        assertEquals(1L, context.counter().attributes().get("FileTruncatedCount"));
    }

    @Test
    void aDeletedFileIsStillReadToItsEnd() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "a\n");
        start(defaults());
        drain();
        append(log, "b\n");
        Files.delete(log);
        assertEquals(List.of("a", "b"), drain());
    }

    @Test
    void aLineLongerThanTheBoundIsCutIntoPiecesAndCounted() throws Exception {
        Path log = logs().resolve("app.log");
        append(log, "0123456789ab\nok\n");
        Map<String, String> p = defaults();
        p.put("maxLineLength", "5");
        start(p);
        assertEquals(List.of("01234", "56789", "ab", "ok"), drain());
        assertEquals(2L, context.counter().attributes().get("LineSplitCount"));
    }

    @Test
    void linesMuchLongerThanTheBufferArriveWhole() throws Exception {
        Path log = logs().resolve("app.log");
        String longLine = "y".repeat(300_000);
        append(log, "short\n" + longLine + "\nend\n");
        start(defaults());
        assertEquals(List.of("short", longLine, "end"), drain());
    }

    @Test
    void maxBatchCountGivesTheOtherFilesTheirTurn() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            many.append("big-").append(i).append('\n');
        }
        append(logs().resolve("a.log"), many.toString());
        Files.setLastModifiedTime(logs().resolve("a.log"), java.nio.file.attribute.FileTime.fromMillis(1000));
        append(logs().resolve("b.log"), "small\n");
        Map<String, String> p = defaults();
        p.put("maxBatchCount", "1");
        start(p);
        source.process();
        List<String> first = bodies(processor.events());
        assertEquals(101, first.size(), "one batch of the older file, then the other file");
        assertEquals("small", first.get(100));
        assertEquals(251, drain().size());
    }

    @Test
    void aDirectoryThatAppearsLaterIsTailedThen() throws Exception {
        Map<String, String> p = defaults();
        p.put("filegroups.f1", dir.resolve("later") + "/.*");
        start(p);
        assertEquals(List.of(), drain());
        append(Files.createDirectories(dir.resolve("later")).resolve("x"), "hello\n");
        assertEquals(List.of("hello"), drain());
    }

    @Test
    void anUnreadableFileIsCountedAndTheOthersAreStillRead() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file: cannot make one"
                + " unreadable");
        Path secret = logs().resolve("secret.log");
        append(secret, "hidden\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        append(logs().resolve("app.log"), "visible\n");
        start(defaults());
        assertEquals(List.of("visible"), drain());
        assertEquals(1L, context.counter().get(SourceCounter.Name.EventReadFail));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of("visible", "hidden"), drain());
    }

    @Test
    void aBatchLargerThanTheChannelsTransactionsIsRefusedAtStart() throws Exception {
        Map<String, String> p = defaults();
        p.put("batchSize", "1000");
        assertThrows(IllegalStateException.class, () -> start(p));
        source = null;
    }

    @Test
    void configurationProblemsNameTheirKeys() throws Exception {
        Map<String, String> p = defaults();
        p.put("filegroups", "f1 f2 f3");
        p.put("filegroups.f2", dir + "/([a-z");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TaildirSourceFactory()
                .create(TestContexts.config("sources", "r1", "TAILDIR", p)));
        String message = e.getMessage();
        assertTrue(message.contains("a1.sources.r1.filegroups.f2") && message.contains("regular expression"),
                message);
        assertTrue(message.contains("a1.sources.r1.filegroups.f3") && message.contains("no path"), message);
    }

    @Test
    void manyFilesAndBatchesKeepEveryLineInOrderPerFile() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                text.append("f").append(f).append('-').append(i).append('\n');
                expected.add("f" + f + "-" + i);
            }
            append(logs().resolve("file" + f + ".log"), text.toString());
        }
        start(defaults());
        List<String> got = drain();
        assertEquals(expected.size(), got.size());
        for (int f = 0; f < 5; f++) {
            String prefix = "f" + f + "-";
            assertEquals(expected.stream().filter(s -> s.startsWith(prefix)).toList(),
                    got.stream().filter(s -> s.startsWith(prefix)).toList());
        }
    }
}
