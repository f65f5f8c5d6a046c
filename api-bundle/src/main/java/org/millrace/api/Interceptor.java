package org.millrace.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Modifies or drops events in flight, between a source and its channel selector. Interceptors of a source run
 * in the order its {@code interceptors} key lists them. Must be thread-safe: a source may deliver from several
 * threads at once. The platform counts events an interceptor drops.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Interceptor {

    /** Called once before the first event. */
    default void initialize() {
    }

    /** Returns the event (modified in place or replaced), or {@code null} to drop it. */
    Event intercept(Event event);

    /** Intercepts a batch; returns the events to keep, in order. */
    default List<Event> intercept(List<Event> events) {
        List<Event> kept = new ArrayList<>(events.size());
        for (Event event : events) {
            Event out = intercept(event);
            if (out != null) {
                kept.add(out);
            }
        }
        return kept;
    }

    /** Called once after the last event. */
    default void close() {
    }
}
