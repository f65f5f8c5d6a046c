package org.millrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void compactHeadersReadLikeAMapWithoutBeingOne() {
        Event e = Event.withHeaders(new byte[0], "host", "web1", "dc", "ny", "host", "web2");
        assertEquals("web2", e.header("host"), "the later value wins, as in a map");
        assertEquals(2, e.headerCount());
        Map<String, String> seen = new LinkedHashMap<>();
        e.forEachHeader(seen::put);
        assertEquals(Map.of("dc", "ny", "host", "web2"), seen);
        assertTrue(e.hasHeaders());
        assertNull(e.header("none"));
    }

    @Test
    void askingForTheMapTurnsThemIntoAModifiableMap() {
        Event e = Event.withHeaders(new byte[0], "a", "1");
        e.headers().put("b", "2");
        e.headers().remove("a");
        assertEquals(Map.of("b", "2"), e.headers());
        assertNull(e.header("a"));
        assertEquals(1, e.headerCount());
    }

    @Test
    void eventsWithoutHeadersBuildNoMapUntilAsked() {
        Event e = Event.of("x");
        assertFalse(e.hasHeaders());
        assertEquals(0, e.headerCount());
        e.forEachHeader((k, v) -> {
            throw new AssertionError();
        });
        assertThrows(IllegalArgumentException.class, () -> Event.withHeaders(new byte[0], "odd"));
    }
}
