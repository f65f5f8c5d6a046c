package org.millrace.serialization;

import java.io.IOException;
import org.millrace.api.Event;

/**
 * Writes events into one open stream in one format, as Flume's {@code EventSerializer}: a header when the file is
 * created, each event, a footer before it closes. Not thread-safe: the sink's runner owns it. Closing the
 * stream is the sink's.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface EventSerializer {

    /** Called once after the stream was created, before the first event (e.g. to write a file header). */
    default void afterCreate() throws IOException {
    }

    /** Called once after an existing file was reopened for appending; only if {@link #supportsReopen()}. */
    default void afterReopen() throws IOException {
    }

    /** Writes one event. */
    void write(Event event) throws IOException;

    /** Pushes what the serializer buffers into the stream (the sink then flushes or syncs the stream). */
    void flush() throws IOException;

    /** Called once before the stream is closed (e.g. to write a file footer). */
    default void beforeClose() throws IOException {
    }

    /** Whether a file this format wrote can be appended to after it was closed. */
    default boolean supportsReopen() {
        return false;
    }
}
