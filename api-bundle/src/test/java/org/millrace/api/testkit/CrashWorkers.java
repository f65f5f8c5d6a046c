package org.millrace.api.testkit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;

/**
 * For crash tests: a source runs in a worker JVM that the test kills with SIGKILL, over and over; its "channel"
 * commits a batch by appending its lines to {@code root/committed.txt} in one write, so what was committed
 * survives each kill whole, and the test counts lines missing or committed twice.
 */
public final class CrashWorkers {
    private CrashWorkers() {
    }

    /** The worker's channel processor: each batch one append of its lines (batches of at most 100). */
    public static ChannelProcessor committingTo(Path root) throws IOException {
        FileOutputStream committed = new FileOutputStream(root.resolve("committed.txt").toFile(), true);
        return new ChannelProcessor() {
            @Override
            public void processEvent(Event event) {
                processEventBatch(List.of(event));
            }

            @Override
            public void processEventBatch(List<Event> events) {
                StringBuilder lines = new StringBuilder();
                events.forEach(e -> lines.append(new String(e.body(), StandardCharsets.UTF_8)).append('\n'));
                try {
                    committed.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new ChannelException(e.toString());
                }
            }

            @Override
            public int maxBatchSize() {
                return 100;
            }
        };
    }

    /** Called by the worker once its source runs: tells the test it may start killing. */
    public static void ready() {
        System.out.println("READY");
        System.out.flush();
    }

    /** Starts a worker (its main gets {@code root}) in a JVM with this test's class path; returns once it is ready. */
    public static Process start(Class<?> worker, Path root, int cycle) throws IOException, InterruptedException {
        Path out = root.resolve("worker-" + cycle + ".out");
        Path err = root.resolve("workers.err");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), worker.getName(), root.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(out).startsWith("READY")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + cycle + " died: " + Files.readString(err));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker " + cycle + " did not start");
            }
            Thread.sleep(10);
        }
        return process;
    }

    /** Committed lines and how often; a last line cut by a kill says nothing. */
    public static Map<String, Integer> committed(Path root) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        Path file = root.resolve("committed.txt");
        if (!Files.exists(file)) {
            return out;
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        text.substring(0, text.lastIndexOf('\n') + 1).lines().forEach(l -> out.merge(l, 1, Integer::sum));
        return out;
    }
}
