package org.millrace.flume.plugins.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Event;

/**
 * A Millrace event seen through Flume's {@link org.apache.flume.Event}: the same headers map and body, no copy. A
 * plugin that replaces the headers with {@link #setHeaders} keeps the map it gave (Flume's {@code SimpleEvent}
 * does), and the Millrace event takes its entries when it is read back ({@link #toMillrace}).
 */
final class FlumeEventView implements org.apache.flume.Event {
    private final Event event;
    private Map<String, String> replacedHeaders;

    FlumeEventView(Event event) {
        this.event = event;
    }

    @Override
    public Map<String, String> getHeaders() {
        return replacedHeaders != null ? replacedHeaders : event.headers();
    }

    @Override
    public void setHeaders(Map<String, String> headers) {
        replacedHeaders = headers != null ? headers : new HashMap<>();
    }

    @Override
    public byte[] getBody() {
        return event.body();
    }

    @Override
    public void setBody(byte[] body) {
        event.body(body == null ? new byte[0] : body);
    }

    @Override
    public String toString() {
        return event.toString();
    }

    /** Flume views of these events, in order. */
    static List<org.apache.flume.Event> viewsOf(List<Event> events) {
        List<org.apache.flume.Event> views = new ArrayList<>(events.size());
        for (Event e : events) {
            views.add(new FlumeEventView(e));
        }
        return views;
    }

    /**
     * The Millrace event a plugin's event stands for: the viewed event with the plugin's changes, or a new one for
     * an event the plugin made itself (e.g. with Flume's {@code EventBuilder}); {@code null} for {@code null}.
     */
    static Event toMillrace(org.apache.flume.Event flume) {
        if (flume == null) {
            return null;
        }
        if (flume instanceof FlumeEventView view) {
            if (view.replacedHeaders != null && view.replacedHeaders != view.event.headers()) {
                Map<String, String> replaced = new HashMap<>(view.replacedHeaders);
                Map<String, String> headers = view.event.headers();
                headers.clear();
                headers.putAll(replaced);
            }
            return view.event;
        }
        byte[] body = flume.getBody() == null ? new byte[0] : flume.getBody();
        Map<String, String> headers = flume.getHeaders();
        return headers == null ? Event.of(body) : Event.of(headers, body);
    }

    /** The Millrace events a plugin's list stands for, {@code null} entries left out. */
    static List<Event> toMillrace(List<org.apache.flume.Event> flume) {
        List<Event> events = new ArrayList<>(flume == null ? 0 : flume.size());
        if (flume != null) {
            for (org.apache.flume.Event e : flume) {
                Event m = toMillrace(e);
                if (m != null) {
                    events.add(m);
                }
            }
        }
        return events;
    }
}
