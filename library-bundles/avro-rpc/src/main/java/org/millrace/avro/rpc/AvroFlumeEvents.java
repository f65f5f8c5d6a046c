package org.millrace.avro.rpc;

import java.io.IOException;
import org.millrace.api.Event;
import org.millrace.avro.rpc.internal.AvroBinary;
import org.millrace.avro.rpc.internal.RpcCodec;

/**
 * One event as Flume's {@code AvroFlumeEvent} datum ({@code {headers: map<string>, body: bytes}}, Avro binary, no
 * container): what Flume's Kafka sink and channel put on a topic with {@code useFlumeEventFormat} or
 * {@code parseAsFlumeEvent}, byte for byte.
 */
public final class AvroFlumeEvents {
    private AvroFlumeEvents() {
    }

    /** The datum of an event. */
    public static byte[] encode(Event event) {
        AvroBinary.Writer out = new AvroBinary.Writer();
        RpcCodec.writeEvent(out, event);
        return out.toByteArray();
    }

    /**
     * The event a datum holds.
     *
     * @throws IOException if the bytes are not one whole {@code AvroFlumeEvent} datum
     */
    public static Event decode(byte[] datum) throws IOException {
        AvroBinary.Reader in = new AvroBinary.Reader(datum);
        Event event = RpcCodec.readEvent(in);
        if (in.remaining() != 0) {
            throw new IOException(in.remaining() + " bytes after the end of the AvroFlumeEvent datum");
        }
        return event;
    }
}
