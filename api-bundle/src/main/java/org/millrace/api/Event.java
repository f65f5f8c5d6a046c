package org.millrace.api;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The unit of data a flow moves: string headers and a byte body, as in Flume.
 *
 * <p>Events are mutable so that interceptors can add or remove headers in place; once committed to a channel
 * an event must not be changed. The header map is created on first use, so header-less events stay small.
 */
public final class Event {
    private Map<String, String> headers;
    private byte[] body;

    private Event(Map<String, String> headers, byte[] body) {
        this.headers = headers;
        this.body = Objects.requireNonNull(body, "body");
    }

    /** An event with this body and no headers. The array is not copied. */
    public static Event of(byte[] body) {
        return new Event(null, body);
    }

    /** An event with this UTF-8 text as its body and no headers. */
    public static Event of(String body) {
        return new Event(null, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An event with a copy of these headers and this body. The body array is not copied. */
    public static Event of(Map<String, String> headers, byte[] body) {
        return new Event(headers.isEmpty() ? null : new HashMap<>(headers), body);
    }

    /** The headers, modifiable. */
    public Map<String, String> headers() {
        if (headers == null) {
            headers = new HashMap<>(4);
        }
        return headers;
    }

    /** The value of one header, or {@code null}; does not allocate a header map. */
    public String header(String name) {
        return headers == null ? null : headers.get(name);
    }

    /** Whether the event has any header; does not allocate a header map. */
    public boolean hasHeaders() {
        return headers != null && !headers.isEmpty();
    }

    /** The body; the array itself, not a copy. */
    public byte[] body() {
        return body;
    }

    /** Replaces the body. */
    public void body(byte[] newBody) {
        this.body = Objects.requireNonNull(newBody, "body");
    }

    @Override
    public String toString() {
        return "Event{headers=" + (headers == null ? "{}" : headers) + ", body=" + body.length + " bytes}";
    }
}
