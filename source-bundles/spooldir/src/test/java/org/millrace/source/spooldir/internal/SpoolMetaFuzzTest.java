package org.millrace.source.spooldir.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.millrace.api.testkit.FuzzFiles;

/**
 * A spooling directory's meta file (Flume's Avro container) as a restart finds it after damage: it is read, with a
 * position not below zero, or refused with an IOException; nothing else is thrown.
 */
class SpoolMetaFuzzTest {
    private static final Path FILE = FuzzFiles.scratch(SpoolMeta.FILE_NAME);

    @FuzzTest(maxDuration = "10s")
    void metaFilesAreReadOrRefused(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            SpoolMeta.Recorded recorded = SpoolMeta.read(FILE);
            assertTrue(recorded == null || recorded.position() >= 0, "a negative position: " + recorded);
        } catch (IOException refused) {
            // the file is reported damaged
        }
    }
}
