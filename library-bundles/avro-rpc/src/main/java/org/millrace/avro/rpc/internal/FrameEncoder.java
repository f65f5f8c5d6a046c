package org.millrace.avro.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link Frame} as one buffer: {@code serial | 1 | length | bytes}. */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        ByteBuf payload = frame.payload();
        try {
            int length = payload.readableBytes();
            out.ensureWritable(12 + length);
            out.writeInt(frame.serial()).writeInt(1).writeInt(length).writeBytes(payload);
        } finally {
            frame.release();
        }
    }
}
