package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * The real distribution, killed with SIGKILL at random moments and started again, while an application writes a
 * log that logrotate renames now and then (sometimes while the agent is down) and files are placed in a spooling
 * directory. The agent tails the log and reads the spool into a file channel drained by a file_roll sink. In the
 * end every line written must have been delivered, and no line more than once except what a kill caught between a
 * commit and its record: at most a taildir batch, a spooldir batch and a sink batch per kill.
 * {@code -Dmillrace.kills=10} runs a longer campaign. Not a Pax Exam test: it starts and kills Karaf itself.
 */
public class AgentKillIT {
    private static final int BATCH = 100;
    private static final long WAIT_MILLIS = 120_000;
    /** The agent started last: killed if the test fails, so it does not run on into the next tests. */
    private ProcessHandle running;

    @After
    public void killLeftAgent() {
        if (running != null) {
            running.destroyForcibly();
        }
    }

    @Test
    public void everyLineArrivesThroughKillsOfTheAgent() throws Exception {
        int kills = Integer.getInteger("millrace.kills", 4);
        Path root = Files.createDirectories(Path.of("target", "agent-kill").toAbsolutePath());
        Distribution.deleteTree(root);
        Distribution distribution = Distribution.unpack(root.resolve("home"));
        Path home = distribution.home();
        Path logs = Files.createDirectories(root.resolve("logs"));
        Path spool = Files.createDirectories(root.resolve("spool"));
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path out = root.resolve("out");
        Files.writeString(home.resolve("etc/org.millrace.agent-a1.cfg"), """
                a1.sources = tail spool
                a1.channels = c1
                a1.sinks = k1
                a1.sources.tail.type = TAILDIR
                a1.sources.tail.filegroups = f1
                a1.sources.tail.filegroups.f1 = LOGS/app.log
                a1.sources.tail.positionFile = ROOT/taildir_position.json
                a1.sources.tail.batchSize = 100
                a1.sources.tail.channels = c1
                a1.sources.spool.type = spooldir
                a1.sources.spool.spoolDir = SPOOL
                a1.sources.spool.pollDelay = 100
                a1.sources.spool.channels = c1
                a1.channels.c1.type = file
                a1.channels.c1.checkpointDir = ROOT/checkpoint
                a1.channels.c1.dataDirs = ROOT/data
                a1.channels.c1.capacity = 1000000
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.sink.directory = OUT
                a1.sinks.k1.sink.rollInterval = 0
                a1.sinks.k1.sink.batchSize = 100
                a1.sinks.k1.channel = c1
                """.replace("LOGS", logs.toString()).replace("SPOOL", spool.toString()).replace("OUT", out.toString())
                .replace("ROOT", root.toString()));
        Path log = logs.resolve("app.log");
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicBoolean rotate = new AtomicBoolean();
        Thread application = new Thread(() -> writeLog(log, written, writing, rotate), "application");
        application.start();
        Random random = new Random();
        int placed = 0;
        int rotations = 0;
        for (int cycle = 0; cycle < kills; cycle++) {
            ProcessHandle agent = distribution.start();
            running = agent;
            awaitGrowth(out, agent);
            placed = place(staging, spool, placed, 1 + random.nextInt(3));
            Thread.sleep(500 + random.nextInt(2500));
            if (random.nextBoolean()) {
                rotate.set(true);
                rotations++;
                // the new file seen before the kill, so at most one rotation happens unseen
                while (rotate.get()) {
                    Thread.sleep(10);
                }
                awaitLine(out, String.format("tail-%09d", written.get() + 60), agent);
            }
            agent.destroyForcibly(); // SIGKILL
            agent.onExit().get(30, TimeUnit.SECONDS);
            if (random.nextInt(3) == 0) {
                rotate.set(true); // while nothing tails it
                rotations++;
            }
        }
        writing.set(false);
        application.join();
        ProcessHandle agent = distribution.start();
        running = agent;
        int total = written.get();
        int spooled = placed * 1000;
        Map<String, Integer> lines = awaitAll(out, total, spooled, agent);
        distribution.stop(agent);
        int missing = 0;
        for (int i = 0; i < total; i++) {
            missing += lines.containsKey(String.format("tail-%09d", i)) ? 0 : 1;
        }
        for (int i = 0; i < spooled; i++) {
            missing += lines.containsKey(String.format("spool-%08d", i)) ? 0 : 1;
        }
        int again = lines.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("agent kill test: %d kills, %d rotations, %,d lines tailed, %,d spooled, %d missing,"
                + " %d delivered again%n", kills, rotations, total, spooled, missing, again);
        assertEquals("lines never delivered", 0, missing);
        assertEquals("only lines written", total + spooled, lines.size());
        assertTrue(again + " lines delivered twice in " + kills + " kills", again <= kills * 3 * BATCH);
    }

    /** The application: fixed-width lines, a few thousand a second; reopens its log when rotation is asked. */
    private static void writeLog(Path log, AtomicInteger written, AtomicBoolean writing, AtomicBoolean rotate) {
        int rotated = 0;
        try {
            OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            while (writing.get()) {
                if (rotate.getAndSet(false)) {
                    out.close();
                    Files.move(log, log.resolveSibling("app.log." + (++rotated)));
                    out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    lines.append(String.format("tail-%09d%n", written.getAndIncrement()));
                }
                out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(10);
            }
            out.close();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Places {@code n} files of 1000 lines each, written elsewhere and moved in whole. */
    private static int place(Path staging, Path spool, int placed, int n) throws IOException {
        for (int f = placed; f < placed + n; f++) {
            StringBuilder text = new StringBuilder();
            for (int i = f * 1000; i < f * 1000 + 1000; i++) {
                text.append(String.format("spool-%08d%n", i));
            }
            Path file = Files.writeString(staging.resolve("file-" + f), text);
            Files.move(file, spool.resolve("file-" + f + ".log"));
        }
        return placed + n;
    }

    /** Waits until the sink delivered more than before: the agent is up again. */
    private static void awaitGrowth(Path out, ProcessHandle agent) throws Exception {
        int before = count(lines(out));
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (count(lines(out)) <= before) {
            assertTrue("the agent died", agent.isAlive());
            assertTrue("the agent delivered nothing after starting", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
    }

    /** Waits until a line is delivered. */
    private static void awaitLine(Path out, String line, ProcessHandle agent) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!lines(out).containsKey(line)) {
            assertTrue("the agent died", agent.isAlive());
            assertTrue(line + " not delivered", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
    }

    private static Map<String, Integer> awaitAll(Path out, int tailed, int spooled, ProcessHandle agent)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Map<String, Integer> lines = lines(out);
        while (lines.size() < tailed + spooled && System.currentTimeMillis() < deadline && agent.isAlive()) {
            Thread.sleep(200);
            lines = lines(out);
        }
        return lines;
    }

    private static int count(Map<String, Integer> lines) {
        return lines.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Delivered lines with how often; a line cut by a kill (not of the written width) is not one. */
    private static Map<String, Integer> lines(Path out) throws IOException {
        Map<String, Integer> found = new HashMap<>();
        if (!Files.isDirectory(out)) {
            return found;
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
                    if (line.length() == 14) {
                        found.merge(line, 1, Integer::sum);
                    }
                }
            }
        }
        return found;
    }
}
