package org.millrace.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file read from a tracked position, as Flume's {@code ResettableFileInputStream}: characters are decoded one at
 * a time so the position after each is exact, and reading stops at the length the file had when it was opened.
 * {@link #mark()} hands the position to a {@link PositionTracker}. Besides Flume's calls, {@link #readLine(int)}
 * reads a whole line of bytes at once, which line formats use where the character set allows.
 */
public final class ResettableFileInput implements ResettableInput, AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final long length;
    private final PositionTracker tracker;
    private final Charset charset;
    private final DecodeErrorPolicy policy;
    private final CharsetDecoder decoder;
    private final int maxCharWidth;
    private final CharBuffer chars = CharBuffer.allocate(2);
    /** Unread bytes in [position, limit); {@link #bufferPosition} is the file offset of the buffer's position. */
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();
    private long bufferPosition;
    /** The position after the last whole character (or byte) read. */
    private long position;
    private long markPosition;
    private boolean lowSurrogatePending;
    private char lowSurrogate;

    private ResettableFileInput(FileChannel channel, long length, PositionTracker tracker, Charset charset,
            DecodeErrorPolicy policy) {
        this.channel = channel;
        this.length = length;
        this.tracker = tracker;
        this.charset = charset;
        this.policy = policy;
        this.decoder = charset.newDecoder().onMalformedInput(policy.action()).onUnmappableCharacter(policy.action());
        String name = charset.name();
        // some decoders understate their widest character
        this.maxCharWidth = name.startsWith("UTF-8") || name.startsWith("UTF-16") ? 4
                : name.startsWith("UTF-32") ? 8 : (int) Math.ceil(charset.newEncoder().maxBytesPerChar());
        chars.flip();
    }

    /**
     * Opens a file to read from {@code start}.
     *
     * @param tracker where {@link #mark()} records positions
     */
    public static ResettableFileInput open(Path file, long start, PositionTracker tracker, Charset charset,
            DecodeErrorPolicy policy) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ResettableFileInput in = new ResettableFileInput(channel, channel.size(), tracker, charset, policy);
            in.seek(start);
            in.markPosition = start;
            return in;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
        if (bufferPosition >= length) {
            return -1;
        }
        if (!buffer.hasRemaining() && fill() == 0) {
            return -1; // cut short since it was opened
        }
        int n = Math.min(count, buffer.remaining());
        buffer.get(bytes, offset, n);
        bufferPosition += n;
        position = bufferPosition;
        return n;
    }

    @Override
    public int readChar() throws IOException {
        if (lowSurrogatePending) {
            lowSurrogatePending = false;
            return lowSurrogate;
        }
        if (buffer.remaining() < maxCharWidth && bufferPosition + buffer.remaining() < length) {
            fill();
        }
        boolean endOfInput = bufferPosition + buffer.remaining() >= length;
        int start = buffer.position();
        chars.clear().limit(1);
        CoderResult result = decoder.decode(buffer, chars, endOfInput);
        if (result.isError()) {
            buffer.position(start);
            result.throwException();
        }
        chars.flip();
        if (chars.hasRemaining()) {
            advance(buffer.position() - start);
            return chars.get();
        }
        if (buffer.hasRemaining()) {
            // a surrogate pair needs room for both halves
            chars.clear().limit(2);
            result = decoder.decode(buffer, chars, endOfInput);
            if (result.isError()) {
                buffer.position(start);
                result.throwException();
            }
            chars.flip();
            if (chars.remaining() == 2) {
                advance(buffer.position() - start);
                lowSurrogate = chars.get(1);
                lowSurrogatePending = true;
                return chars.get(0);
            }
        }
        bufferPosition += buffer.position() - start;
        return -1;
    }

    private void advance(int bytes) {
        bufferPosition += bytes;
        position = bufferPosition;
    }

    /**
     * The bytes up to and including the next {@code \n}, or up to the end of the file if it comes first; an empty
     * array at the end. Null, with nothing read, if no {@code \n} comes within {@code maxBytes} bytes, or if the
     * second half of a surrogate pair is pending from {@link #readChar()}.
     */
    public byte[] readLine(int maxBytes) throws IOException {
        if (lowSurrogatePending) {
            return null;
        }
        int scanned = 0;
        while (true) {
            int from = buffer.position();
            int limit = (int) Math.min(buffer.limit(), from + (long) maxBytes);
            for (int i = from + scanned; i < limit; i++) {
                if (buffer.get(i) == '\n') {
                    return take(i + 1 - from);
                }
            }
            scanned = limit - from;
            boolean atEnd = bufferPosition + buffer.remaining() >= length;
            if (atEnd && buffer.remaining() <= maxBytes) {
                return take(buffer.remaining());
            }
            if (scanned >= maxBytes) {
                return null;
            }
            if (buffer.capacity() - buffer.remaining() == 0) {
                buffer = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, maxBytes + 1)).put(buffer).flip();
            }
            if (fill() == 0) {
                return take(buffer.remaining()); // cut short since it was opened
            }
        }
    }

    private byte[] take(int n) {
        byte[] bytes = new byte[n];
        buffer.get(bytes);
        advance(n);
        return bytes;
    }

    /**
     * Keeps the unread bytes and reads more after them, never past the length the file had when opened.
     *
     * @return the number of bytes added
     */
    private int fill() throws IOException {
        long end = bufferPosition + buffer.remaining();
        buffer.compact();
        int room = (int) Math.min(buffer.remaining(), length - end);
        int read = 0;
        if (room > 0) {
            read = Math.max(0, channel.read(buffer.slice(buffer.position(), room), end));
            buffer.position(buffer.position() + read);
        }
        buffer.flip();
        return read;
    }

    @Override
    public long tell() {
        return position;
    }

    @Override
    public void seek(long newPosition) throws IOException {
        long skip = newPosition - bufferPosition;
        if (skip >= 0 && skip <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) skip);
        } else {
            buffer.clear().flip();
        }
        decoder.reset();
        lowSurrogatePending = false;
        bufferPosition = newPosition;
        position = newPosition;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void mark() throws IOException {
        markPosition(position);
    }

    @Override
    public void markPosition(long newMark) throws IOException {
        tracker.store(newMark);
        markPosition = newMark;
    }

    @Override
    public long markPosition() {
        return markPosition;
    }

    @Override
    public void reset() throws IOException {
        seek(markPosition);
    }

    @Override
    public Charset charset() {
        return charset;
    }

    @Override
    public DecodeErrorPolicy decodeErrorPolicy() {
        return policy;
    }

    /**
     * Whether a {@code \n} byte is always a newline in this character set and never part of another character,
     * so lines can be found in the bytes: UTF-8 and the single-byte sets that keep ASCII's newline.
     */
    public static boolean findsLinesInBytes(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8) || charset.newEncoder().maxBytesPerChar() == 1
                && Arrays.equals("\n".getBytes(charset), new byte[] {'\n'});
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
