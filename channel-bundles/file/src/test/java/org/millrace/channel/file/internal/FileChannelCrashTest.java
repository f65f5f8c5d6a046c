package org.millrace.channel.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process writing through a file channel with SIGKILL at random moments, restarts it on the same
 * directories each time, and finally drains the channel: every event whose put commit returned is taken by a take
 * whose commit returned (takes rolled back on purpose put theirs back), nothing rolled back ever comes out, and no
 * event comes back damaged. Only the one take batch a kill catches between its take and the return of its commit
 * may have gone either way. {@code -Dmillrace.crash.kills=200} runs a longer campaign;
 * {@code -Dmillrace.crash.dir=...} keeps the channel's directories for a look afterwards.
 */
class FileChannelCrashTest {
    @TempDir
    Path root;

    private final Set<Long> committed = new HashSet<>();
    private final Set<Long> rolledBack = new HashSet<>();
    private final Map<Long, Integer> taken = new HashMap<>();
    /** Take batches a kill caught in flight: taken, commit not known to have returned. */
    private final Set<Long> uncertain = new HashSet<>();
    private int takesRolledBack;
    private Set<Long> inFlight = Set.of();
    private final List<String> damaged = new ArrayList<>();

    @Test
    void committedEventsSurviveSigkillAtRandomPoints() throws Exception {
        int kills = Integer.getInteger("millrace.crash.kills", 20);
        if (System.getProperty("millrace.crash.dir") != null) {
            root = Files.createDirectories(Path.of(System.getProperty("millrace.crash.dir")));
        }
        Random random = new Random();
        for (int cycle = 1; cycle <= kills; cycle++) {
            Path out = root.resolve("worker-" + cycle + ".out");
            Process worker = start("run", cycle * 100_000_000L, out);
            awaitReady(worker, out, cycle);
            Thread.sleep(100 + random.nextInt(900));
            worker.destroyForcibly(); // SIGKILL
            worker.waitFor();
            record(out);
        }
        Path out = root.resolve("drain.out");
        Process drain = start("drain", 0, out);
        assertEquals(0, drain.waitFor(), "the draining run failed");
        record(out);

        assertTrue(damaged.isEmpty(), "damaged events: " + damaged);
        long missing = committed.stream().filter(seq -> !taken.containsKey(seq) && !uncertain.contains(seq)).count();
        long duplicates = taken.values().stream().filter(n -> n > 1).count();
        Set<Long> resurrected = new HashSet<>(rolledBack);
        resurrected.retainAll(taken.keySet());
        System.out.printf("file channel crash test: %d kills, %,d events committed, %,d taken, %d take batches rolled"
                + " back, %d events in take batches a kill caught, %d missing, %,d delivered more than once, %d rolled"
                + " back and delivered%n", kills, committed.size(), taken.size(), takesRolledBack, uncertain.size(),
                missing, duplicates, resurrected.size());
        assertTrue(takesRolledBack > 0, "no take was rolled back");
        assertTrue(committed.size() > kills * 100, "too little load to mean anything: " + committed.size());
        assertEquals(0, missing, "committed events missing after the crashes, e.g. " + committed.stream()
                .filter(seq -> !taken.containsKey(seq) && !uncertain.contains(seq)).sorted().limit(20).toList());
        assertTrue(resurrected.isEmpty(), "rolled-back events delivered: " + resurrected);
    }

    /**
     * Starts a worker writing to a file: a pipe read while the process is killed can lose its last lines (the
     * JDK closes it under the reader), and a lost take line would look like a lost event.
     */
    private Process start(String mode, long firstSeq, Path out) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(), root.toString(), mode,
                String.valueOf(firstSeq))
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(root.resolve("workers.err").toFile()))
                .start();
    }

    private static void awaitReady(Process worker, Path out, int cycle) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(out, StandardCharsets.US_ASCII).startsWith("READY\n")) {
            assertTrue(worker.isAlive(), "worker " + cycle + " died before it started");
            assertTrue(System.nanoTime() < deadline, "worker " + cycle + " did not start");
            Thread.sleep(10);
        }
    }

    /**
     * Records what a worker wrote; a last line without its end was cut by the kill and says nothing, and a take
     * batch in flight at the kill is uncertain.
     */
    private void record(Path out) throws IOException {
        String text = Files.readString(out, StandardCharsets.US_ASCII);
        text.substring(0, text.lastIndexOf('\n') + 1).lines().forEach(this::record);
        uncertain.addAll(inFlight);
        inFlight = Set.of();
    }

    private static Set<Long> seqs(String[] parts) {
        Set<Long> out = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            out.add(Long.parseLong(parts[i]));
        }
        return out;
    }

    private void record(String line) {
        String[] parts = line.split(" ");
        switch (parts[0]) {
            case "READY", "DONE" -> {
                // markers only
            }
            case "P", "R" -> {
                Set<Long> into = parts[0].equals("P") ? committed : rolledBack;
                for (long seq = Long.parseLong(parts[1]); seq <= Long.parseLong(parts[2]); seq++) {
                    into.add(seq);
                }
            }
            case "t" -> inFlight = seqs(parts);
            case "T" -> {
                seqs(parts).forEach(seq -> taken.merge(seq, 1, Integer::sum));
                inFlight = Set.of();
            }
            case "U" -> {
                takesRolledBack++;
                inFlight = Set.of();
            }
            case "BAD" -> damaged.add(parts[1]);
            default -> throw new IllegalStateException("unexpected worker output: " + line);
        }
    }
}
