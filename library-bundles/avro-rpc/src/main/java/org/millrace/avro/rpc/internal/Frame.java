package org.millrace.avro.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One Avro Netty transport frame: the call serial (echoed in the response, so calls may overlap) and the message.
 * The payload is a view of the bytes as they arrived, which the receiver of the frame must release: the message
 * itself when it came in one piece ({@code pieces} null), else the frame with its message in pieces, each given by
 * its index in the payload and its length.
 */
public record Frame(int serial, ByteBuf payload, int[] pieces) {

    /** A frame to send. */
    public static Frame of(int serial, byte[] message) {
        return new Frame(serial, Unpooled.wrappedBuffer(message), null);
    }

    /** A reader over the message; valid until the payload is released. */
    public AvroBinary.Reader reader() {
        return pieces == null ? new AvroBinary.Reader(payload.nioBuffer())
                : new AvroBinary.Reader(payload.nioBuffer(), pieces);
    }

    /** The message's bytes, copied (through the reader, which joins the pieces). */
    public byte[] message() {
        AvroBinary.Reader in = reader();
        byte[] message = new byte[in.remaining()];
        try {
            in.readFixed(message);
        } catch (java.io.IOException cannot) { // exactly the bytes the reader holds
            throw new java.io.UncheckedIOException(cannot);
        }
        return message;
    }

    /** Frees the payload. */
    public void release() {
        payload.release();
    }
}
