package org.millrace.thrift.rpc.internal;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Thrift's framed transport: a 4-byte length, then the message; refused from its length when over the bound. */
public final class Frames extends LengthFieldBasedFrameDecoder {

    public Frames(int maxFrameBytes) {
        super(maxFrameBytes, 0, 4, 0, 4);
    }

    /** Bytes of a frame begun and not yet complete. */
    public int pendingBytes() {
        return internalBuffer().readableBytes();
    }
}
