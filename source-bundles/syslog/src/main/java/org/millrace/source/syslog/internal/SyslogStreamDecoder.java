package org.millrace.source.syslog.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flume's syslog framing, byte by byte: a message starts with {@code <PRI>} (up to three digits; anything else
 * makes it {@code Invalid} and is kept as data) and ends at a newline (TCP) or with its datagram (UDP); one
 * reaching eventSize bytes is cut there as {@code Incomplete} and the rest read as a new message, as Flume does.
 * Empty lines are skipped. Not thread-safe: one per connection.
 */
final class SyslogStreamDecoder implements LineFraming {
    /** Flume's smallest event size. */
    static final int MIN_SIZE = 10;

    private enum Mode { START, PRIO, DATA }

    private final int maxSize;
    private final boolean newlineEnds;
    private final StringBuilder priority = new StringBuilder(3);
    private byte[] bytes = new byte[256];
    private int length;
    private Mode mode = Mode.START;
    private boolean invalid;

    /**
     * @param eventSize the bound of a message, in bytes (at least {@value #MIN_SIZE})
     * @param newlineEnds whether a newline ends a message (a TCP stream) or is data (an octet-counted frame)
     */
    SyslogStreamDecoder(int eventSize, boolean newlineEnds) {
        this.maxSize = Math.max(MIN_SIZE, eventSize);
        this.newlineEnds = newlineEnds;
    }

    @Override
    public boolean idle() {
        return mode == Mode.START && length == 0;
    }

    @Override
    public SyslogMessage next(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.readByte();
            switch (mode) {
                case START -> {
                    if (b == '<') {
                        append(b);
                        mode = Mode.PRIO;
                    } else if (b != '\n' || !newlineEnds) {
                        invalid = true;
                        append(b);
                        mode = Mode.DATA;
                    }
                }
                case PRIO -> {
                    append(b);
                    if (b == '>') {
                        invalid |= priority.isEmpty();
                        mode = Mode.DATA;
                    } else {
                        priority.append((char) b);
                        if (b < '0' || b > '9' || priority.length() > 3) {
                            invalid = true;
                            mode = Mode.DATA;
                        }
                    }
                }
                case DATA -> {
                    if (b == '\n' && newlineEnds) {
                        return take(false);
                    }
                    append(b);
                    if (length == maxSize) {
                        return take(true);
                    }
                    SyslogMessage done = data(in);
                    if (done != null) {
                        return done;
                    }
                }
                default -> throw new IllegalStateException(mode.toString());
            }
        }
        return null;
    }

    /**
     * The messages of one UDP datagram, or of one octet-counted frame (in which a newline is data, except one at
     * its end): usually one, more if it reaches eventSize or, in a datagram, holds several lines.
     */
    static List<SyslogMessage> whole(ByteBuf bytes, int eventSize, boolean datagram) {
        ByteBuf content = !datagram && bytes.isReadable() && bytes.getByte(bytes.writerIndex() - 1) == '\n'
                ? bytes.slice(bytes.readerIndex(), bytes.readableBytes() - 1) : bytes;
        SyslogStreamDecoder decoder = new SyslogStreamDecoder(eventSize, datagram);
        List<SyslogMessage> messages = new ArrayList<>(1);
        while (content.isReadable()) {
            SyslogMessage m = decoder.next(content);
            if (m != null) {
                messages.add(m);
            }
        }
        SyslogMessage last = decoder.finish();
        if (last != null) {
            messages.add(last);
        }
        return messages;
    }

    /**
     * The rest of a message's data at once, up to its newline or the size bound, as the byte-by-byte loop would
     * read it; null if {@code in} ends first.
     */
    private SyslogMessage data(ByteBuf in) {
        int from = in.readerIndex();
        int limit = Math.min(in.writerIndex(), from + (maxSize - length));
        int newline = newlineEnds ? in.indexOf(from, limit, (byte) '\n') : -1;
        int end = newline >= 0 ? newline : limit;
        if (end > from) {
            if (length + (end - from) > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(maxSize, Math.max(bytes.length * 2, length + end - from)));
            }
            in.readBytes(bytes, length, end - from);
            length += end - from;
        }
        if (newline >= 0) {
            in.skipBytes(1);
            return take(false);
        }
        return length == maxSize ? take(true) : null;
    }

    /** The message begun, ended by the end of its datagram or frame; null if none is begun. */
    SyslogMessage finish() {
        return idle() ? null : take(false);
    }

    private void append(byte b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(maxSize, bytes.length * 2));
        }
        bytes[length++] = b;
    }

    private SyslogMessage take(boolean cut) {
        // a datagram or frame that ends inside "<": Flume fails on it; here it is kept, as invalid
        invalid |= mode == Mode.PRIO && priority.isEmpty();
        SyslogMessage message = new SyslogMessage(Arrays.copyOf(bytes, length),
                invalid ? null : priority.toString(), invalid, cut && !invalid);
        length = 0;
        priority.setLength(0);
        invalid = false;
        mode = Mode.START;
        return message;
    }
}
