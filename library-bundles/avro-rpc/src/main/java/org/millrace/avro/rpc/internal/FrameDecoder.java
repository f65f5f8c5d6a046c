package org.millrace.avro.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Reads Avro's Netty framing: {@code serial:int32 | count:int32 | count × (length:int32 | bytes)}, big-endian.
 * A frame larger than {@code maxFrameBytes} (or with a negative or absurd count or length) is refused with an
 * exception before its bytes are buffered, so a garbage or hostile frame cannot exhaust memory.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    /** @param maxFrameBytes the largest message a frame may carry */
    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            if (in.readableBytes() < 8) {
                return;
            }
            int serial = in.getInt(start);
            int count = in.getInt(start + 4);
            if (count < 0 || (long) count * 4 > maxFrameBytes) {
                throw new CorruptedFrameException("frame of " + count + " buffers");
            }
            long total = 0;
            int at = start + 8;
            for (int i = 0; i < count; i++) {
                if (in.writerIndex() - at < 4) {
                    return; // wait for the rest
                }
                int length = in.getInt(at);
                if (length < 0) {
                    throw new CorruptedFrameException("buffer of " + length + " bytes");
                }
                total += length;
                if (total > maxFrameBytes) {
                    throw new TooLongFrameException("frame of more than " + maxFrameBytes + " bytes");
                }
                at += 4;
                if (in.writerIndex() - at < length) {
                    return;
                }
                at += length;
            }
            Frame frame;
            if (count == 0) {
                frame = new Frame(serial, Unpooled.EMPTY_BUFFER, null);
            } else if (count == 1) {
                frame = new Frame(serial, in.retainedSlice(start + 12, (int) total), null);
            } else {
                // Flume's clients send every message in Avro's 8 KB buffers: the message is read where the pieces
                // lie, between their length fields, as a single one is
                int[] pieces = new int[2 * count];
                for (int i = 0, read = 8; i < count; i++) {
                    int length = in.getInt(start + read);
                    pieces[2 * i] = read + 4;
                    pieces[2 * i + 1] = length;
                    read += 4 + length;
                }
                frame = new Frame(serial, in.retainedSlice(start, at - start), pieces);
            }
            in.readerIndex(at);
            out.add(frame);
        }
    }

    /** Passed on, in place of a frame, when the connection ends in the middle of one. */
    public record Truncated(int bytes) {
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (in.isReadable()) {
            out.add(new Truncated(in.readableBytes()));
            in.skipBytes(in.readableBytes());
        }
    }

    /** Bytes received of a frame not yet complete. */
    public int pendingBytes() {
        return actualReadableBytes();
    }
}
