package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The log-file sources in the distribution, configured as Flume files configure them: taildir following files
 * written and rotated while the agent runs, spooldir reading files placed in its directory, exec running a command
 * and stopping it with its agent. Each delivers through a memory channel to a file_roll sink.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LogSourcesIT extends MillraceTestSupport {

    /** An agent of one source into a memory channel and a file_roll sink writing into {@code out}. */
    private static Map<String, String> flow(String agent, String source, Path out) {
        return flume("""
                NAME.sources = r1
                NAME.channels = c1
                NAME.sinks = k1
                NAME.sources.r1.channels = c1
                NAME.channels.c1.type = memory
                NAME.sinks.k1.type = file_roll
                NAME.sinks.k1.sink.directory = OUT
                NAME.sinks.k1.sink.rollInterval = 0
                NAME.sinks.k1.channel = c1
                """.replace("NAME", agent).replace("OUT", out.toString()) + source.replace("NAME", agent));
    }

    private static void append(Path file, int from, int to) throws Exception {
        StringBuilder text = new StringBuilder();
        IntStream.range(from, to).forEach(i -> text.append("line-").append(i).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void assertEachOnce(Map<String, Integer> lines, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(prefix + i, Integer.valueOf(1), lines.get(prefix + i));
        }
        assertEquals(n, lines.size());
    }

    @Test
    public void taildirFollowsFilesWrittenAndRotatedWhileTheAgentRuns() throws Exception {
        Path root = Files.createTempDirectory("millrace-taildir");
        Path logs = Files.createDirectories(root.resolve("logs"));
        Path out = root.resolve("out");
        Path log = logs.resolve("app.log");
        append(log, 0, 500);
        configureAgent("tail1", flow("tail1", """
                NAME.sources.r1.type = TAILDIR
                NAME.sources.r1.filegroups = f1
                NAME.sources.r1.filegroups.f1 = LOGS/.*log
                NAME.sources.r1.positionFile = POSITIONS
                NAME.sources.r1.batchSize = 50
                """.replace("LOGS", logs.toString()).replace("POSITIONS", root.resolve("taildir_position.json")
                .toString()), out));
        awaitRunning("tail1");
        awaitLines(out, 500);
        append(log, 500, 800);
        Files.move(log, logs.resolve("app.log.1")); // logrotate's create: the old file renamed away...
        append(logs.resolve("app.log.1"), 800, 900); // ...still written by the application a moment
        append(log, 900, 1500); // ...and a new one
        Map<String, Integer> lines = awaitLines(out, 1500);
        assertEachOnce(lines, "line-", 1500);
        String positions = Files.readString(root.resolve("taildir_position.json"));
        assertTrue(positions, positions.startsWith("[{\"inode\":"));
        configAdmin.getFactoryConfiguration("org.millrace.agent", "tail1", "?").delete();
    }

    @Test
    public void spooldirReadsEachFilePlacedInItsDirectoryOnce() throws Exception {
        Path root = Files.createTempDirectory("millrace-spool");
        Path spool = Files.createDirectories(root.resolve("spool"));
        Path out = root.resolve("out");
        configureAgent("spool1", flow("spool1", """
                NAME.sources.r1.type = spooldir
                NAME.sources.r1.spoolDir = SPOOL
                NAME.sources.r1.fileHeader = true
                NAME.sources.r1.pollDelay = 100
                """.replace("SPOOL", spool.toString()), out));
        awaitRunning("spool1");
        for (int f = 0; f < 3; f++) {
            Path staged = root.resolve("staged-" + f);
            append(staged, f * 1000, f * 1000 + 1000);
            Files.move(staged, spool.resolve("file-" + f + ".log"));
        }
        assertEachOnce(awaitLines(out, 3000), "line-", 3000);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!Files.exists(spool.resolve("file-2.log.COMPLETED")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        for (int f = 0; f < 3; f++) {
            assertTrue(Files.exists(spool.resolve("file-" + f + ".log.COMPLETED")));
        }
        configAdmin.getFactoryConfiguration("org.millrace.agent", "spool1", "?").delete();
    }

    @Test
    public void execRunsTheCommandAndStopsItWithItsAgent() throws Exception {
        Path root = Files.createTempDirectory("millrace-exec");
        Path out = root.resolve("out");
        Path marker = root.resolve("marker");
        configureAgent("exec1", flow("exec1", """
                NAME.sources.r1.type = exec
                NAME.sources.r1.shell = /bin/sh -c
                NAME.sources.r1.command = seq -f line-%.0f 0 299; touch MARKER; exec tail -f MARKER
                NAME.sources.r1.batchTimeout = 200
                """.replace("MARKER", marker.toString()), out));
        awaitRunning("exec1");
        assertEachOnce(awaitLines(out, 300), "line-", 300);
        String tail = "tail -f " + marker;
        assertTrue("the command runs", running(tail));
        configAdmin.getFactoryConfiguration("org.millrace.agent", "exec1", "?").delete();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (running(tail) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertFalse("the command stopped with its agent", running(tail));
    }

    private static boolean running(String commandLine) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(commandLine))
                .orElse(false));
    }
}
