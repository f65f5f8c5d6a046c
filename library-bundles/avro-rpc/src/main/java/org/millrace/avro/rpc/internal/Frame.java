package org.millrace.avro.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One Avro Netty transport frame: the call serial (echoed in the response, so calls may overlap) and the message.
 * The payload is a buffer the receiver of the frame must release: a view of the bytes as they arrived when the
 * frame came in one piece, else the pieces joined.
 */
public record Frame(int serial, ByteBuf payload) {

    /** A frame to send. */
    public static Frame of(int serial, byte[] message) {
        return new Frame(serial, Unpooled.wrappedBuffer(message));
    }

    /** A reader over the message; valid until the payload is released. */
    public AvroBinary.Reader reader() {
        return new AvroBinary.Reader(payload.nioBuffer());
    }

    /** Frees the payload. */
    public void release() {
        payload.release();
    }
}
