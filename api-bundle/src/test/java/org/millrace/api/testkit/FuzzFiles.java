package org.millrace.api.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a fuzz target that reads files writes each input: one file, in a temporary directory of its own. */
public final class FuzzFiles {
    private FuzzFiles() {
    }

    /** A path named {@code fileName} (the name the reader expects) in a new temporary directory. */
    public static Path scratch(String fileName) {
        try {
            return Files.createTempDirectory("fuzz").resolve(fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
