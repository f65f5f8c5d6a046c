package org.millrace.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a connection's bytes into lines on {@code \n} (a {@code \r} before it stays in the line, as Flume's
 * netcat and syslog sources keep it), never buffering more than one line's bound: a line reaching
 * {@code maxLength} is not read further; the decoder emits {@link #OVERSIZED} and discards the rest of the
 * connection's input. Lines come out as {@code byte[]}.
 */
public final class LineDecoder extends ByteToMessageDecoder {
    /** Emitted once, in place of a line that reached the bound. */
    public static final Object OVERSIZED = new Object() {
        @Override
        public String toString() {
            return "OVERSIZED";
        }
    };

    private final int maxLength;
    private final Charset charset;
    private boolean failed;

    /**
     * @param maxLength the bound, including the newline
     * @param charset if not null, the bound counts characters of this ASCII-compatible charset (as Flume's netcat
     *     counts them), else bytes
     */
    public LineDecoder(int maxLength, Charset charset) {
        this.maxLength = maxLength;
        this.charset = charset;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            int length = (eol < 0 ? in.writerIndex() : eol) - in.readerIndex();
            if (length(in, length) >= maxLength) {
                failed = true;
                out.add(OVERSIZED);
            } else if (eol < 0) {
                return;
            } else {
                byte[] line = new byte[length];
                in.readBytes(line);
                in.skipBytes(1);
                out.add(line);
            }
        }
        in.skipBytes(in.readableBytes());
    }

    /** The length of the next {@code bytes} bytes in the decoder's unit. */
    private int length(ByteBuf in, int bytes) {
        if (charset == null) {
            return bytes;
        }
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return in.toString(in.readerIndex(), bytes, charset).length();
        }
        int chars = 0;
        for (int i = in.readerIndex(), end = i + bytes; i < end; i++) {
            if ((in.getByte(i) & 0xC0) != 0x80) {
                chars++;
            }
        }
        return chars;
    }
}
