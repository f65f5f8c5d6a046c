package org.millrace.serialization;

import java.io.IOException;
import java.util.List;
import org.millrace.api.Event;

/**
 * Reads events out of one file in one format, as Flume's {@code EventDeserializer}: in batches, each one marked
 * once the channel committed it, or reset to be read again if it did not. Not thread-safe: the source owns it.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface EventDeserializer extends AutoCloseable {

    /**
     * Up to {@code max} events from the current position; empty at the end of the file.
     *
     * @throws java.nio.charset.CharacterCodingException if the text is not valid in its character set under
     *     decode-error policy FAIL; the events before it are returned first, by an earlier call
     */
    List<Event> readEvents(int max) throws IOException;

    /** The events read so far are committed: a reset or a restart resumes after them. */
    void mark() throws IOException;

    /** The events read since the last mark were not committed: they are read again. */
    void reset() throws IOException;

    /** Releases what the deserializer holds (not the input, which is the source's). */
    @Override
    default void close() throws IOException {
    }
}
