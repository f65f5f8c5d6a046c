package org.millrace.source.taildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.testkit.CrashWorkers;

/**
 * Writes numbered lines to a log that logrotate-style renames (app.log to app.log.N, a new app.log) every so often,
 * while a process tailing it is killed with SIGKILL at random moments and restarted, sometimes after a rotation
 * while it was down. Every line written must be committed, and no line more than once except the batch a kill
 * caught between its commit and the position write: at most one batch per kill. {@code -Dmillrace.crash.kills=100}
 * runs a longer campaign.
 */
class TaildirCrashTest {
    private static final int BATCH = 100;

    @TempDir
    Path root;

    @Test
    void everyLineArrivesThroughKillsAndRotationsWithAtMostOneBatchAgainPerKill() throws Exception {
        int kills = Integer.getInteger("millrace.crash.kills", 12);
        Path logs = Files.createDirectories(root.resolve("logs"));
        Path log = logs.resolve("app.log");
        Files.createFile(log);
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger rotations = new AtomicInteger();
        Object rotation = new Object();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND);
                while (writing.get()) {
                    synchronized (rotation) {
                        if (rotations.get() > 0) {
                            out.close(); // the application reopens its log after a rotation
                            out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                            rotations.set(0);
                        }
                        StringBuilder lines = new StringBuilder();
                        for (int i = 0; i < 37; i++) {
                            lines.append("line-").append(written.getAndIncrement()).append('\n');
                        }
                        out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                    }
                    Thread.sleep(1);
                }
                out.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "log-writer");
        writer.start();
        Random random = new Random();
        int rotated = 0;
        for (int cycle = 0; cycle < kills; cycle++) {
            Process worker = CrashWorkers.start(TaildirCrashWorker.class, root, cycle);
            Thread.sleep(50 + random.nextInt(400));
            if (random.nextBoolean()) {
                rotated = rotate(logs, log, rotated, rotation, rotations);
            }
            Thread.sleep(random.nextInt(300));
            worker.destroyForcibly(); // SIGKILL
            worker.waitFor();
            // A file renamed out of the pattern before any worker listed it is lost to any tailer (Flume's too):
            // rotate while no one tails the log only once the killed worker recorded the file at app.log.
            if (random.nextInt(3) == 0 && recorded(root, log, rotation)) {
                rotated = rotate(logs, log, rotated, rotation, rotations);
            }
        }
        writing.set(false);
        writer.join();
        Process last = CrashWorkers.start(TaildirCrashWorker.class, root, kills);
        int total = written.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Integer> committed = CrashWorkers.committed(root);
        while (committed.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(100);
            committed = CrashWorkers.committed(root);
        }
        last.destroy();
        last.waitFor();
        int missing = 0;
        for (int i = 0; i < total; i++) {
            if (!committed.containsKey("line-" + i)) {
                missing++;
            }
        }
        int again = committed.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("taildir crash test: %d kills, %d rotations, %,d lines written, %d missing, %d committed"
                + " again%n", kills, rotated, total, missing, again);
        assertTrue(total > kills * 500, "too little written to mean anything: " + total);
        assertTrue(rotated > 0, "no rotation happened");
        assertEquals(0, missing, "lines written but never committed");
        assertEquals(total, committed.size(), "only lines that were written");
        assertTrue(again <= kills * BATCH, again + " lines committed twice in " + kills + " kills");
    }

    /** Whether the position file names the file now at app.log (by inode, as a restarted worker finds it). */
    private static boolean recorded(Path root, Path log, Object rotation) throws IOException {
        synchronized (rotation) {
            long inode = (Long) Files.getAttribute(log, "unix:ino");
            return PositionFile.read(root.resolve("taildir_position.json")).stream()
                    .anyMatch(entry -> entry.inode() == inode);
        }
    }

    /** Renames app.log to app.log.N and lets the writer open a new app.log, as logrotate's create does. */
    private static int rotate(Path logs, Path log, int rotated, Object rotation, AtomicInteger rotations)
            throws IOException {
        synchronized (rotation) {
            Files.move(log, logs.resolve("app.log." + (rotated + 1)));
            Files.createFile(log);
            rotations.set(1);
        }
        return rotated + 1;
    }
}
