package org.millrace.source.taildir.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/**
 * The taildir source under the source contract: each test's file already holds the lines the contract asks for
 * (line-0, line-1...), and the source, polled, delivers them.
 */
class TaildirSourceContractTest extends SourceContract {
    @TempDir
    Path dir;

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new TaildirSourceFactory().create(TestContexts.config("sources", "r1", "TAILDIR", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        try {
            Path logs = Files.createDirectories(dir.resolve("logs-" + port));
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < events; i++) {
                text.append("line-").append(i).append('\n');
            }
            Files.writeString(logs.resolve("app.log"), text);
            return Map.of("filegroups", "f1", "filegroups.f1", logs + "/app\\.log",
                    "positionFile", dir.resolve("position-" + port + ".json").toString(), "batchSize", "7");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines already in the file, as many as asked. */
    @Override
    protected List<String> send(int port, List<String> bodies) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            lines.add("line-" + i);
        }
        return lines;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }
}
