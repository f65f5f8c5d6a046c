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

    /** The message's bytes, copied. */
    public byte[] message() {
        if (pieces == null) {
            return io.netty.buffer.ByteBufUtil.getBytes(payload);
        }
        int length = 0;
        for (int i = 1; i < pieces.length; i += 2) {
            length += pieces[i];
        }
        byte[] message = new byte[length];
        for (int i = 0, at = 0; i < pieces.length; i += 2) {
            payload.getBytes(payload.readerIndex() + pieces[i], message, at, pieces[i + 1]);
            at += pieces[i + 1];
        }
        return message;
    }

    /** Frees the payload. */
    public void release() {
        payload.release();
    }
}
