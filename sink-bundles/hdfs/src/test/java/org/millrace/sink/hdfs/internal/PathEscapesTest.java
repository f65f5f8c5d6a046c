package org.millrace.sink.hdfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Calendar;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import org.apache.flume.formatter.output.BucketPath;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;

/** Path escapes expand as Flume 1.11's BucketPath expands them (Flume's own class is the reference). */
class PathEscapesTest {
    private static final String EVERY_ESCAPE = "/flume/%{host}/%{a.b-c}/%a %A %b %B %c %d %e %D %H %I %j %k %l %m %n"
            + " %M %p %s %S %t %y %Y %z %% %[localhost] %[IP] %[FQDN]/%x-end";
    private static final int[] UNITS = {Calendar.SECOND, Calendar.MINUTE, Calendar.HOUR_OF_DAY};

    @Test
    void everyEscapeAsFlumeForRandomTimesZonesAndRounding() {
        Random random = new Random(42);
        String[] zones = {null, "UTC", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe"};
        for (int i = 0; i < 3000; i++) {
            long ts = 1_000_000_000_000L + (long) (random.nextDouble() * 1_000_000_000_000L);
            TimeZone zone = zones[i % zones.length] == null ? null : TimeZone.getTimeZone(zones[i % zones.length]);
            boolean round = random.nextBoolean();
            int unit = UNITS[random.nextInt(3)];
            int value = 1 + random.nextInt(unit == Calendar.HOUR_OF_DAY ? 24 : 60);
            Map<String, String> headers = new HashMap<>(Map.of("timestamp", Long.toString(ts), "host", "web" + i));
            if (random.nextBoolean()) {
                headers.put("a.b-c", "x$y\\z");
            }
            PathEscapes ours = new PathEscapes(EVERY_ESCAPE,
                    new PathEscapes.Time(zone, round ? unit : 0, value, false, () -> 0L));
            String flume = BucketPath.escapeString(EVERY_ESCAPE, headers, zone, round, unit, value, false);
            assertEquals(flume, ours.expand(Event.of(headers, new byte[0])), "timestamp " + ts + " zone " + zone
                    + (round ? " rounded to " + value + " of " + unit : ""));
        }
    }

    @Test
    void theSameSecondTwiceGivesTheSameTextAndTheNextSecondItsOwn() {
        PathEscapes path = new PathEscapes("%Y%m%d-%H%M%S", new PathEscapes.Time(TimeZone.getTimeZone("UTC"), 0, 1,
                false, () -> 0L));
        assertEquals("20260101-000000", path.expand(at(1_767_225_600_000L)));
        assertEquals("20260101-000000", path.expand(at(1_767_225_600_999L)));
        assertEquals("20260101-000001", path.expand(at(1_767_225_601_000L)));
        assertEquals("20251231-235959", path.expand(at(1_767_225_599_999L)));
    }

    @Test
    void localTimeStampUsesTheClockAndNeedsNoHeader() {
        PathEscapes path = new PathEscapes("/d/%Y/%t", new PathEscapes.Time(TimeZone.getTimeZone("UTC"), 0, 1, true,
                () -> 1_767_225_600_123L));
        assertEquals("/d/2026/1767225600123", path.expand(Event.of("no headers")));
    }

    @Test
    void aTimeEscapeWithoutATimestampHeaderSaysWhatToDo() {
        PathEscapes path = new PathEscapes("/d/%Y", new PathEscapes.Time(null, 0, 1, false, () -> 0L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> path.expand(Event.of("no headers")));
        assertTrue(e.getMessage().contains("hdfs.useLocalTimeStamp"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> path.expand(Event.of(Map.of("timestamp", "yesterday"), new byte[0])));
        assertTrue(e.getMessage().contains("'yesterday'"), e.getMessage());
    }

    @Test
    void headersOnlyPathsNeedNoTimestampAndConstantPathsAreKnownAsSuch() {
        PathEscapes byHost = new PathEscapes("/d/%{host}", new PathEscapes.Time(null, 0, 1, false, () -> 0L));
        assertEquals("/d/web1", byHost.expand(Event.of(Map.of("host", "web1"), new byte[0])));
        assertEquals("/d/", byHost.expand(Event.of("no host")));
        assertTrue(new PathEscapes("/d/x", new PathEscapes.Time(null, 0, 1, false, () -> 0L)).constant());
    }

    @Test
    void anUnknownHostEscapeIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PathEscapes("/d/%[hostname]", new PathEscapes.Time(null, 0, 1, false, () -> 0L)));
        assertTrue(e.getMessage().contains("%[hostname]"), e.getMessage());
    }

    private static Event at(long ts) {
        return Event.of(Map.of("timestamp", Long.toString(ts)), new byte[0]);
    }
}
