package org.millrace.source.taildir.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.millrace.api.testkit.FuzzFiles;

/**
 * A position file as a restart finds it (Flume's JSON, perhaps damaged or written by hand): its entries are read,
 * each with a file name and a position not below zero, or it is refused with an IOException that says where.
 */
class PositionFileFuzzTest {
    private static final Path FILE = FuzzFiles.scratch("taildir_position.json");

    @FuzzTest(maxDuration = "10s")
    void positionFilesAreReadOrRefused(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            List<PositionFile.Entry> entries = PositionFile.read(FILE);
            for (PositionFile.Entry e : entries) {
                assertTrue(e.file() != null && e.pos() >= 0, "an entry that cannot be followed: " + e);
            }
        } catch (IOException refused) {
            // the source does not start, and says which file is wrong and where
        }
    }
}
