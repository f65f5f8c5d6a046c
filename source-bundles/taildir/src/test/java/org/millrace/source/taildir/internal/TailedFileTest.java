package org.millrace.source.taildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a tailed file by its path opens that file, not the one a rotation put at the path. */
class TailedFileTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsNotOpenedWhenARotationPutAnotherAtItsPath() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "old\n");
        TailedFile tailed = tailed(log);
        Files.move(log, dir.resolve("app.log.1"));
        Files.writeString(log, "new\n");

        assertFalse(tailed.openIfStillAt(0), "the new app.log opened as the rotated one");
        assertFalse(tailed.isOpen());
    }

    @Test
    void aFileStillAtItsPathIsOpened() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "line\n");
        TailedFile tailed = tailed(log);

        assertTrue(tailed.openIfStillAt(0));
        ByteBuffer read = ByteBuffer.allocate(16);
        tailed.channel().read(read, 0);
        assertEquals("line\n", new String(read.array(), 0, read.position(), StandardCharsets.US_ASCII));
        tailed.close();
    }

    private TailedFile tailed(Path log) throws Exception {
        long inode = (Long) Files.getAttribute(log, "unix:ino");
        return new TailedFile(inode, log, new FileGroup("g", dir, Pattern.compile("app\\.log"), new String[0], true),
                0, 0);
    }
}
