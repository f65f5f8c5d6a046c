package org.millrace.source.spooldir.internal;

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
import org.millrace.serialization.EventDeserializers;

/**
 * The spooldir source under the source contract: each test's spool directory already holds a file of the lines
 * the contract asks for (line-0, line-1...), and the source reads it.
 */
class SpoolDirectorySourceContractTest extends SourceContract {
    @TempDir
    Path dir;

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new SpoolDirectorySourceFactory(EventDeserializers.builtIn()).create(TestContexts.config("sources",
                "r1", "spooldir", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        try {
            Path spool = Files.createDirectories(dir.resolve("spool-" + port));
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < events; i++) {
                text.append("line-").append(i).append('\n');
            }
            Files.writeString(spool.resolve("app.log"), text);
            return Map.of("spoolDir", spool.toString(), "batchSize", "7", "pollDelay", "10");
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

    @Override
    protected boolean producesOnItsOwn(Source source) {
        return true;
    }
}
