package org.millrace.source.taildir.internal;

import java.nio.file.Path;
import java.util.Map;
import org.millrace.api.Status;
import org.millrace.api.testkit.CrashWorkers;
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
        TaildirSource source = (TaildirSource) new TaildirSourceFactory().create(TestContexts.config("sources",
                "r1", "TAILDIR", Map.of("filegroups", "f1", "filegroups.f1", root.resolve("logs") + "/app\\.log",
                        "positionFile", root.resolve("taildir_position.json").toString(), "batchSize", "100")));
        source.start(TestContexts.sourceContext("r1", CrashWorkers.committingTo(root)));
        CrashWorkers.ready();
        while (true) {
            if (source.process() == Status.BACKOFF) {
                Thread.sleep(5);
            }
        }
    }
}
