package org.millrace.source.spooldir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.testkit.CrashWorkers;

/**
 * Places files of numbered lines in a spooling directory while a process reading it is killed with SIGKILL at
 * random moments and restarted. Every line must be committed, and no line more than once except the batch a kill
 * caught between its commit and the meta-file write: at most one batch per kill. Every file ends renamed.
 * {@code -Dmillrace.crash.kills=100} runs a longer campaign.
 */
class SpoolDirCrashTest {
    private static final int BATCH = 100;

    @TempDir
    Path root;

    @Test
    void everyLineArrivesThroughKillsWithAtMostOneBatchAgainPerKill() throws Exception {
        int kills = Integer.getInteger("millrace.crash.kills", 12);
        Path spool = Files.createDirectories(root.resolve("spool"));
        Path staging = Files.createDirectories(root.resolve("staging"));
        Random random = new Random();
        int lines = 0;
        int files = 0;
        for (int cycle = 0; cycle < kills; cycle++) {
            for (int f = random.nextInt(4); f >= 0; f--) {
                lines = place(staging, spool, "file-" + files++, lines, 2_000 + random.nextInt(20_000));
            }
            Process worker = CrashWorkers.start(SpoolDirCrashWorker.class, root, cycle);
            Thread.sleep(50 + random.nextInt(500));
            worker.destroyForcibly(); // SIGKILL
            worker.waitFor();
        }
        Process last = CrashWorkers.start(SpoolDirCrashWorker.class, root, kills);
        int total = lines;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Integer> committed = CrashWorkers.committed(root);
        while ((committed.size() < total || !allRenamed(spool)) && System.nanoTime() < deadline) {
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
        System.out.printf("spooldir crash test: %d kills, %d files, %,d lines, %d missing, %d committed again%n",
                kills, files, total, missing, again);
        assertEquals(0, missing, "lines placed but never committed");
        List<String> unplaced = committed.keySet().stream().filter(k -> !isPlaced(k, total)).limit(10).toList();
        assertEquals(List.of(), unplaced, "only lines that were placed");
        assertTrue(again <= kills * BATCH, again + " lines committed twice in " + kills + " kills");
        assertTrue(allRenamed(spool), "every file finished and renamed");
    }

    private static boolean isPlaced(String key, int total) {
        if (!key.matches("line-[0-9]+")) {
            return false;
        }
        return Integer.parseInt(key.substring(5)) < total;
    }

    private static int place(Path staging, Path spool, String name, int first, int n) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = first; i < first + n; i++) {
            text.append("line-").append(i).append('\n');
        }
        Files.move(Files.writeString(staging.resolve(name), text), spool.resolve(name));
        return first + n;
    }

    private static boolean allRenamed(Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(Files::isRegularFile).allMatch(p -> p.getFileName().toString().endsWith(".COMPLETED"));
        }
    }
}
