package org.millrace.channel.file.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkpoint file as a restart finds it after damage: it is read, holding no more pointers than its size allows,
 * or refused with an IOException (the channel then falls back to the backup or to a full replay).
 */
class CheckpointFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("checkpoint-fuzz");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void checkpointsAreReadOrRefused(byte[] bytes) throws IOException {
        Files.write(DIR.resolve(Checkpoint.FILE), bytes);
        try {
            Checkpoint checkpoint = Checkpoint.read(DIR);
            assertTrue(24 + 8L * checkpoint.pointers().length <= bytes.length, "more pointers than bytes");
        } catch (IOException refused) {
            // logged; the backup checkpoint or a full replay takes over
        }
    }
}
