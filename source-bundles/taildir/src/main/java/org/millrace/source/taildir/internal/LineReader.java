package org.millrace.source.taildir.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.millrace.api.Event;

/**
 * Splits files into lines, one buffer for all files (they are read one at a time). A line ends at {@code \n}; a
 * {@code \r} just before it is dropped, as Flume drops it. A line longer than the bound is cut into events of the
 * bound's size and counted, so no line is held in memory whole. The buffer caches what was read past the last
 * line; reading another file, or from anywhere else, reads again.
 */
final class LineReader {
    private static final int FIRST_SIZE = 64 * 1024;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    /** Makes an event of a line found at a byte offset of a file. */
    interface Lines {
        Event event(TailedFile file, long offset, byte[] line);
    }

    private final int maxLineLength;
    private final Lines lines;
    private final LongAdder splits;
    private byte[] buffer;
    private TailedFile bufferOwner;
    private long bufferStart;
    private int bufferLength;

    LineReader(int maxLineLength, Lines lines, LongAdder splits) {
        this.maxLineLength = maxLineLength;
        this.lines = lines;
        this.splits = splits;
        this.buffer = new byte[Math.min(FIRST_SIZE, maxLineLength + 1)];
    }

    /**
     * Reads up to {@code max} lines of {@code file} from its read position into {@code out}, advancing it.
     *
     * @param wholeLinesOnly whether a last line without its newline waits for it (the file is being written) or is
     *     delivered as it is (the file is idle and about to be closed, as Flume does)
     * @return the number of lines read
     */
    int read(TailedFile file, int max, boolean wholeLinesOnly, long now, List<Event> out) throws IOException {
        FileChannel channel = file.channel();
        long position = file.readPosition();
        if (bufferOwner != file || position < bufferStart || position > bufferStart + bufferLength) {
            bufferOwner = file;
            bufferStart = position;
            bufferLength = 0;
        }
        int n = 0;
        while (n < max) {
            int from = (int) (position - bufferStart);
            int limit = Math.min(bufferLength, from + maxLineLength + 1);
            int newline = indexOfNewline(from, limit);
            if (newline >= 0) {
                int end = newline > from && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                out.add(lines.event(file, position, Arrays.copyOfRange(buffer, from, end)));
                position = bufferStart + newline + 1;
                n++;
            } else if (limit - from > maxLineLength) {
                out.add(lines.event(file, position, Arrays.copyOfRange(buffer, from, from + maxLineLength)));
                splits.increment();
                position += maxLineLength;
                n++;
            } else if (!fill(channel, from)) {
                if (!wholeLinesOnly && bufferLength > (int) (position - bufferStart)) {
                    out.add(lines.event(file, position, Arrays.copyOfRange(buffer, (int) (position - bufferStart),
                            bufferLength)));
                    position = bufferStart + bufferLength;
                    n++;
                }
                break;
            }
        }
        if (position != file.readPosition()) {
            file.advance(position, now);
        }
        return n;
    }

    /** The first {@code \n} in [from, limit), or -1: eight bytes at a time (a zero-byte test on the XOR). */
    private int indexOfNewline(int from, int limit) {
        int i = from;
        for (; i + Long.BYTES <= limit; i += Long.BYTES) {
            long word = (long) WORDS.get(buffer, i) ^ NEWLINES;
            long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Keeps the bytes from {@code from} at the start of the buffer (growing it up to one bound's worth) and reads
     * more after them.
     *
     * @return whether anything was read
     */
    private boolean fill(FileChannel channel, int from) throws IOException {
        if (from > 0) {
            System.arraycopy(buffer, from, buffer, 0, bufferLength - from);
            bufferStart += from;
            bufferLength -= from;
        }
        if (bufferLength == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) maxLineLength + 1, 2L * buffer.length));
        }
        int read = channel.read(ByteBuffer.wrap(buffer, bufferLength, buffer.length - bufferLength),
                bufferStart + bufferLength);
        if (read <= 0) {
            return false;
        }
        bufferLength += read;
        return true;
    }

    /** Drops what is cached of {@code file}, e.g. when it was truncated or closed. */
    void forget(TailedFile file) {
        if (bufferOwner == file) {
            bufferOwner = null;
            bufferLength = 0;
        }
    }
}
