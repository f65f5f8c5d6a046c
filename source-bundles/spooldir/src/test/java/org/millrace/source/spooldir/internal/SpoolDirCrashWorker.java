package org.millrace.source.spooldir.internal;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;
import org.millrace.api.testkit.TestContexts;
import org.millrace.serialization.EventDeserializers;

/**
 * Runs in its own JVM for {@link SpoolDirCrashTest}: reads {@code root/spool} into a "channel" that commits a batch
 * by appending its lines to {@code root/committed.txt} in one write, until it is killed. Prints READY once started.
 */
public final class SpoolDirCrashWorker {
    private SpoolDirCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        FileOutputStream committed = new FileOutputStream(root.resolve("committed.txt").toFile(), true);
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
        new SpoolDirectorySourceFactory(EventDeserializers.builtIn()).create(TestContexts.config("sources", "r1",
                "spooldir", Map.of("spoolDir", root.resolve("spool").toString(), "pollDelay", "10",
                        "batchSize", "100"))).start(TestContexts.sourceContext("r1", channel));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
