package org.millrace.source.taildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionFileTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatFlumesGsonWrites() throws IOException {
        Path file = dir.resolve("taildir_position.json");
        Files.writeString(file, "[{\"inode\":2496545,\"pos\":49,\"file\":\"/var/log/a\\u003db.log\"},"
                + "{\"inode\":7,\"pos\":0,\"file\":\"/var/log/c.log\"}]");
        assertEquals(List.of(new PositionFile.Entry(2496545, 49, "/var/log/a=b.log"),
                new PositionFile.Entry(7, 0, "/var/log/c.log")), PositionFile.read(file));
    }

    @Test
    void aMissingOrEmptyFileHasNoEntries() throws IOException {
        assertEquals(List.of(), PositionFile.read(dir.resolve("none.json")));
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertEquals(List.of(), PositionFile.read(empty), "Flume leaves the file empty when it tails nothing");
    }

    @Test
    void aDamagedFileSaysWhere() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "[{\"inode\":1,\"pos\":");
        IOException e = assertThrows(IOException.class, () -> PositionFile.read(file));
        assertTrue(e.getMessage().contains("line: 1"), e.getMessage());
        Path lacking = Files.writeString(dir.resolve("lacking.json"), "[{\"inode\":1,\"file\":\"/x\"}]");
        assertThrows(IOException.class, () -> PositionFile.read(lacking));
    }

    @Test
    void writesInPlacePaddedWhenShorterAndForcesByReplacing() throws IOException {
        Path file = dir.resolve("p.json");
        try (PositionFile positions = new PositionFile(file)) {
            positions.write(List.of(new PositionFile.Entry(1, 100, "/a"), new PositionFile.Entry(2, 5, "/b")));
            long inode = (Long) Files.getAttribute(file, "unix:ino");
            positions.write(List.of(new PositionFile.Entry(1, 200, "/a")));
            assertEquals(inode, Files.getAttribute(file, "unix:ino"), "rewritten in place");
            assertEquals(List.of(new PositionFile.Entry(1, 200, "/a")), PositionFile.read(file));
            assertTrue(Files.readString(file).endsWith(" "), "padded to its old length");
            positions.force(List.of(new PositionFile.Entry(1, 300, "/a")));
            assertEquals("[{\"inode\":1,\"pos\":300,\"file\":\"/a\"}]", Files.readString(file));
            positions.write(List.of(new PositionFile.Entry(1, 301, "/a")));
            assertEquals(301, PositionFile.read(file).get(0).pos(), "written into the replaced file");
        }
    }

    @Test
    void pathsWithQuotesBackslashesAndControlCharactersRoundTrip() throws IOException {
        Path file = dir.resolve("p.json");
        List<PositionFile.Entry> odd = List.of(new PositionFile.Entry(1, 2, "/var/log/a \"b\" c\\d\te\u0001ü.log"));
        try (PositionFile positions = new PositionFile(file)) {
            positions.write(odd);
        }
        assertEquals(odd, PositionFile.read(file));
    }

    @Test
    void moreThanAPageIsReplacedWhole() throws IOException {
        Path file = dir.resolve("p.json");
        List<PositionFile.Entry> many = java.util.stream.LongStream.range(0, 100)
                .mapToObj(i -> new PositionFile.Entry(i, i * 10, "/var/log/some/long/path/file-" + i + ".log"))
                .toList();
        try (PositionFile positions = new PositionFile(file)) {
            positions.write(List.of(new PositionFile.Entry(1, 1, "/a")));
            long inode = (Long) Files.getAttribute(file, "unix:ino");
            positions.write(many);
            assertTrue(Files.size(file) > 4096);
            assertTrue(inode != (Long) Files.getAttribute(file, "unix:ino"), "a new file renamed over the old one");
            assertEquals(many, PositionFile.read(file));
        }
    }
}
