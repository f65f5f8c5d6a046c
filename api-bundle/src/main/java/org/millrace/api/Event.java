package org.millrace.api;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The unit of data a flow moves: string headers and a byte body, as in Flume.
 *
 * <p>Events are mutable so that interceptors can add or remove headers in place; once committed to a channel
 * an event must not be changed. Headers stay in a compact array (as a decoder produced them) until
 * {@link #headers()} asks for the map, so events that pass through untouched never build one.
 */
public final class Event {
    private static final String[] NONE = new String[0];

    private Map<String, String> headers;
    /** Names and values alternating, while {@link #headers} is null. */
    private String[] compact = NONE;
    private byte[] body;

    private Event(Map<String, String> headers, byte[] body) {
        this.headers = headers;
        this.body = Objects.requireNonNull(body, "body");
    }

    /**
     * An event with this body and these headers, given as names and values alternating (a decoder's output).
     * Neither array is copied; a name given twice keeps its last value.
     */
    public static Event withHeaders(byte[] body, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs");
        }
        Event e = new Event(null, body);
        e.compact = namesAndValues;
        return e;
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
            headers = new HashMap<>(Math.max(4, compact.length));
            for (int i = 0; i < compact.length; i += 2) {
                headers.put(compact[i], compact[i + 1]);
            }
            compact = NONE;
        }
        return headers;
    }

    /** The value of one header, or {@code null}; does not build a header map. */
    public String header(String name) {
        if (headers != null) {
            return headers.get(name);
        }
        for (int i = compact.length - 2; i >= 0; i -= 2) {
            if (compact[i].equals(name)) {
                return compact[i + 1];
            }
        }
        return null;
    }

    /** Whether the event has any header; does not build a header map. */
    public boolean hasHeaders() {
        return headers != null ? !headers.isEmpty() : compact.length > 0;
    }

    /** The number of headers; does not build a header map. */
    public int headerCount() {
        return headers != null ? headers.size() : countCompact();
    }

    /** Calls {@code action} with each header's name and value; does not build a header map. */
    public void forEachHeader(BiConsumer<String, String> action) {
        if (headers != null) {
            headers.forEach(action);
            return;
        }
        for (int i = 0; i < compact.length; i += 2) {
            if (isLastOccurrence(i)) {
                action.accept(compact[i], compact[i + 1]);
            }
        }
    }

    private int countCompact() {
        int n = 0;
        for (int i = 0; i < compact.length; i += 2) {
            if (isLastOccurrence(i)) {
                n++;
            }
        }
        return n;
    }

    /** Whether the name at {@code i} is not repeated later (a later value wins, as in a map). */
    private boolean isLastOccurrence(int i) {
        for (int j = i + 2; j < compact.length; j += 2) {
            if (compact[j].equals(compact[i])) {
                return false;
            }
        }
        return true;
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
        return "Event{headers=" + (hasHeaders() ? headers() : "{}") + ", body=" + body.length + " bytes}";
    }
}
