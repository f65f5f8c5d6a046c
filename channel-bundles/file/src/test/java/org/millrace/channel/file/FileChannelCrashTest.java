package org.millrace.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process writing through a file channel with SIGKILL at random moments, restarts it on the same
 * directories each time, and finally drains the channel: every event whose commit returned comes out at least
 * once, nothing rolled back ever does, and no event comes back damaged. {@code -Dmillrace.crash.kills=200} runs
 * a longer campaign; {@code -Dmillrace.crash.dir=...} keeps the channel's directories for a look afterwards.
 */
class FileChannelCrashTest {
    @TempDir
    Path root;

    private final Set<Long> committed = new HashSet<>();
    private final Set<Long> rolledBack = new HashSet<>();
    private final Map<Long, Integer> taken = new HashMap<>();
    private final List<String> damaged = new ArrayList<>();

    @Test
    void committedEventsSurviveSigkillAtRandomPoints() throws Exception {
        int kills = Integer.getInteger("millrace.crash.kills", 20);
        Random random = new Random();
        for (int cycle = 1; cycle <= kills; cycle++) {
            Process worker = start("run", cycle * 100_000_000L);
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = read(worker, ready);
            assertTrue(ready.await(60, TimeUnit.SECONDS), "worker " + cycle + " did not start");
            Thread.sleep(100 + random.nextInt(900));
            worker.destroyForcibly(); // SIGKILL
            worker.waitFor();
            reader.join();
        }
        Process drain = start("drain", 0);
        Thread reader = read(drain, new CountDownLatch(1));
        assertEquals(0, drain.waitFor(), "the draining run failed");
        reader.join();

        assertTrue(damaged.isEmpty(), "damaged events: " + damaged);
        long missing = committed.stream().filter(seq -> !taken.containsKey(seq)).count();
        long duplicates = taken.values().stream().filter(n -> n > 1).count();
        Set<Long> resurrected = new HashSet<>(rolledBack);
        resurrected.retainAll(taken.keySet());
        System.out.printf("file channel crash test: %d kills, %,d events committed, %,d taken, %d missing,"
                + " %,d delivered more than once, %d rolled back and delivered%n", kills, committed.size(),
                taken.size(), missing, duplicates, resurrected.size());
        assertTrue(committed.size() > kills * 100, "too little load to mean anything: " + committed.size());
        assertEquals(0, missing, "committed events missing after the crashes, e.g. " + committed.stream()
                .filter(seq -> !taken.containsKey(seq)).sorted().limit(20).toList());
        assertTrue(resurrected.isEmpty(), "rolled-back events delivered: " + resurrected);
    }

    private Process start(String mode, long firstSeq) throws IOException {
        if (System.getProperty("millrace.crash.dir") != null) {
            root = Path.of(System.getProperty("millrace.crash.dir"));
        }
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(), root.toString(), mode,
                String.valueOf(firstSeq))
                .redirectError(ProcessBuilder.Redirect.appendTo(root.resolveSibling(root.getFileName() + ".err")
                        .toFile()))
                .start();
    }

    private Thread read(Process worker, CountDownLatch ready) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                String line;
                while ((line = in.readLine()) != null) {
                    record(line, ready);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        return reader;
    }

    private synchronized void record(String line, CountDownLatch ready) {
        String[] parts = line.split(" ");
        switch (parts[0]) {
            case "READY", "DONE" -> ready.countDown();
            case "P", "R" -> {
                Set<Long> into = parts[0].equals("P") ? committed : rolledBack;
                for (long seq = Long.parseLong(parts[1]); seq <= Long.parseLong(parts[2]); seq++) {
                    into.add(seq);
                }
            }
            case "T" -> {
                for (int i = 1; i < parts.length; i++) {
                    taken.merge(Long.parseLong(parts[i]), 1, Integer::sum);
                }
            }
            case "BAD" -> damaged.add(parts[1]);
            default -> {
                // a line cut by the kill: nothing to rely on
            }
        }
    }
}
