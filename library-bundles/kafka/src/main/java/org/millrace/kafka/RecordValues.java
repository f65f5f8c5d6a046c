package org.millrace.kafka;

import java.io.IOException;
import org.millrace.api.Event;
import org.millrace.avro.rpc.AvroFlumeEvents;

/**
 * An event as a record value, as Flume's Kafka components write and read it: the body alone, or with Flume's event
 * format ({@code useFlumeEventFormat}, {@code parseAsFlumeEvent}) the {@code AvroFlumeEvent} datum of headers and
 * body, byte-compatible with Flume 1.11.
 */
public final class RecordValues {
    private RecordValues() {
    }

    /** The value to write for an event. */
    public static byte[] of(Event event, boolean flumeEventFormat) {
        return flumeEventFormat ? AvroFlumeEvents.encode(event) : event.body();
    }

    /**
     * The event a value holds; a new event whose headers the caller may add to.
     *
     * @throws IOException if the value is not an {@code AvroFlumeEvent} datum though the format says it is
     */
    public static Event event(byte[] value, boolean flumeEventFormat) throws IOException {
        if (!flumeEventFormat) {
            return Event.of(value == null ? new byte[0] : value);
        }
        if (value == null) {
            throw new IOException("a record with no value is not a Flume event");
        }
        return AvroFlumeEvents.decode(value);
    }
}
