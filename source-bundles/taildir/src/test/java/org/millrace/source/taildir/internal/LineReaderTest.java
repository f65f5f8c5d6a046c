package org.millrace.source.taildir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Event;

/** The line reader against a plain split, on random files whose newlines fall anywhere in the words it scans. */
class LineReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheLinesAPlainSplitFinds() throws Exception {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (int n = random.nextInt(40); n > 0; n--) {
                String line = "x".repeat(random.nextInt(random.nextBoolean() ? 20 : 200)) + (random.nextInt(4) == 0
                        ? "\r" : "");
                text.append(line).append('\n');
                expected.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
            Path file = Files.writeString(dir.resolve("f" + round), text);
            TailedFile tailed = new TailedFile((Long) Files.getAttribute(file, "unix:ino"), file, new FileGroup("g", dir,
                    Pattern.compile(".*"), new String[0], true), 0, 0);
            assertTrue(tailed.openIfStillAt(0));
            LineReader reader = new LineReader(1 << 20, (f, offset, line) -> Event.of(line), new LongAdder());
            List<Event> events = new ArrayList<>();
            while (reader.read(tailed, 7, true, 0, events) > 0) {
                tailed.commit();
            }
            tailed.close();
            assertEquals(expected, events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList(),
                    "round " + round);
        }
    }
}
