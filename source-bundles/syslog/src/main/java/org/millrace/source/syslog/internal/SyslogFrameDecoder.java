package org.millrace.source.syslog.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.function.Function;

/**
 * Splits a TCP stream of syslog messages as senders frame them: by newline (RFC 6587 non-transparent framing,
 * Flume's), or by octet counting ({@code <length> <message>}, RFC 6587 3.4.1, what rsyslog and syslog-ng send
 * when asked). A message that starts with a length, a space and {@code <} is octet-counted; anything else is read
 * as Flume reads it. Emits {@link SyslogMessage}s.
 */
final class SyslogFrameDecoder extends ByteToMessageDecoder {
    /** The longest octet-counted frame accepted. */
    static final int MAX_FRAME = 1 << 20;
    private static final int NOT_COUNTED = -1;
    private static final int NEED_MORE = -2;

    private final int eventSize;
    private final LineFraming lines;
    private final Function<ByteBuf, List<SyslogMessage>> frames;

    /**
     * @param lines reads newline-framed messages, keeping a message begun across reads
     * @param frames reads one octet-counted frame into its messages
     */
    SyslogFrameDecoder(int eventSize, LineFraming lines, Function<ByteBuf, List<SyslogMessage>> frames) {
        this.eventSize = eventSize;
        this.lines = lines;
        this.frames = frames;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws TooLongFrameException {
        while (in.isReadable()) {
            if (lines.idle()) {
                int start = in.readerIndex();
                int length = countedLength(in);
                if (length == NEED_MORE) {
                    return;
                }
                if (length >= 0) {
                    if (length > Math.max(MAX_FRAME, eventSize)) {
                        in.skipBytes(in.readableBytes());
                        throw new TooLongFrameException("an octet-counted frame of " + length + " bytes");
                    }
                    if (in.readableBytes() < length) {
                        in.readerIndex(start); // wait for the whole frame
                        return;
                    }
                    out.addAll(frames.apply(in.readSlice(length)));
                    continue;
                }
            }
            SyslogMessage message = lines.next(in);
            if (message != null) {
                out.add(message);
            }
        }
    }

    /**
     * The length of an octet-counted frame starting here (its header read), {@link #NOT_COUNTED} if the bytes are
     * not one, {@link #NEED_MORE} if they cannot tell yet.
     */
    private static int countedLength(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        byte first = in.getByte(i);
        if (first < '1' || first > '9') {
            return NOT_COUNTED;
        }
        int length = 0;
        int digits = 0;
        while (i < end && in.getByte(i) >= '0' && in.getByte(i) <= '9') {
            if (++digits > 7) {
                return NOT_COUNTED;
            }
            length = length * 10 + in.getByte(i) - '0';
            i++;
        }
        if (i < end && in.getByte(i) != ' ') {
            return NOT_COUNTED;
        }
        if (i + 1 >= end) {
            return NEED_MORE;
        }
        if (in.getByte(i + 1) != '<') {
            return NOT_COUNTED;
        }
        in.readerIndex(i + 1);
        return length;
    }
}
