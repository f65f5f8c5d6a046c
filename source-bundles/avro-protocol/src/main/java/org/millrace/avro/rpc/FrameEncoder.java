package org.millrace.avro.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link Frame} as one buffer: {@code serial | 1 | length | bytes}. */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        byte[] payload = frame.payload();
        out.ensureWritable(12 + payload.length);
        out.writeInt(frame.serial()).writeInt(1).writeInt(payload.length).writeBytes(payload);
    }
}
