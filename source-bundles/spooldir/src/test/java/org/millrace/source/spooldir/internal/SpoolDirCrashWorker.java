package org.millrace.source.spooldir.internal;

import java.nio.file.Path;
import java.util.Map;
import org.millrace.api.testkit.CrashWorkers;
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
        new SpoolDirectorySourceFactory(EventDeserializers.builtIn()).create(TestContexts.config("sources", "r1",
                "spooldir", Map.of("spoolDir", root.resolve("spool").toString(), "pollDelay", "10",
                        "batchSize", "100"))).start(TestContexts.sourceContext("r1", CrashWorkers.committingTo(root)));
        CrashWorkers.ready();
        Thread.sleep(Long.MAX_VALUE);
    }
}
