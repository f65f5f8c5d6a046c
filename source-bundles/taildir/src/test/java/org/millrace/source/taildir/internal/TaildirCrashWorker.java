package org.millrace.source.taildir.internal;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;
import org.millrace.api.Status;
import org.millrace.api.testkit.TestContexts;

/**
 * Runs in its own JVM for {@link TaildirCrashTest}: tails {@code root/logs/app.log} into a "channel" that commits
 * a batch by appending its lines to {@code root/committed.txt} in one write (what a channel commit is to the
 * source), until it is killed. Prints READY once started.
 */
public final class TaildirCrashWorker {
    private TaildirCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        try (FileOutputStream committed = new FileOutputStream(root.resolve("committed.txt").toFile(), true)) {
            ChannelProcessor channel = new ChannelProcessor() {
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
                    } catch (java.io.IOException e) {
                        throw new org.millrace.api.ChannelException(e.toString());
                    }
                }

                @Override
                public int maxBatchSize() {
                    return 100;
                }
            };
            TaildirSource source = (TaildirSource) new TaildirSourceFactory().create(TestContexts.config("sources",
                    "r1", "TAILDIR", Map.of("filegroups", "f1", "filegroups.f1", root.resolve("logs") + "/app\\.log",
                            "positionFile", root.resolve("taildir_position.json").toString(), "batchSize", "100")));
            source.start(TestContexts.sourceContext("r1", channel));
            System.out.println("READY");
            System.out.flush();
            while (true) {
                if (source.process() == Status.BACKOFF) {
                    Thread.sleep(5);
                }
            }
        }
    }
}
