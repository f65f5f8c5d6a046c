package org.millrace.channel.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;

class HeaderCodecTest {

    @Test
    void everyJavaStringComesBackIdentical() {
        StringBuilder everyChar = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            everyChar.append(c);
        }
        everyChar.append(Character.MAX_VALUE);
        Map<String, String> headers = Map.of("all", everyChar.toString(), "", "", "\uDC00\uD800", "ascii");
        byte[] body = {1, 2, 3};
        Event decoded = HeaderCodec.decode(HeaderCodec.encode(Event.of(headers, body)), body);
        assertEquals(headers, decoded.headers());
        assertArrayEquals(body, decoded.body());
    }

    @Test
    void anEventWithoutHeadersStoresNone() {
        assertNull(HeaderCodec.encode(Event.of("x")));
        assertFalse(HeaderCodec.decode(null, new byte[0]).hasHeaders());
    }

    @Test
    void aRepeatedCompactHeaderKeepsItsLastValue() {
        Event event = Event.withHeaders(new byte[0], "a", "1", "a", "2");
        assertEquals(Map.of("a", "2"), HeaderCodec.decode(HeaderCodec.encode(event), new byte[0]).headers());
    }

    @Test
    void bytesItDidNotWriteAreRefused() {
        byte[] valid = HeaderCodec.encode(Event.of(Map.of("name", "value"), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> HeaderCodec.decode(Arrays.copyOf(valid, 5), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> HeaderCodec.decode(new byte[] {9, 1}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> HeaderCodec.decode(new byte[] {1, 100}, new byte[0]));
    }
}
