package org.millrace.avro.rpc.internal;

import io.netty.util.internal.PlatformDependent;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Avro's binary encoding for the few types this protocol uses (zig-zag varint longs, booleans, length-prefixed
 * strings and bytes, fixed, blocked maps and arrays), reading from buffers and writing to byte arrays directly. Avro's own
 * decoder checks system limits and copies through {@code Utf8} for every string; on this hot path that was most
 * of the cost of receiving a batch.
 */
public final class AvroBinary {
    private AvroBinary() {
    }

    /**
     * Reads Avro binary from a buffer, by index: a direct buffer is read where the socket put it, with no copy of
     * the whole message. A message that came in pieces (Flume's clients send Avro's 8 KB buffers) is read across
     * them where they lie: indexes run over the message, and each piece maps them to its place in the buffer. Not
     * thread-safe.
     */
    public static final class Reader {
        /** Strings seen in this message, by slot: a batch repeats its header names and most values. */
        private static final int CACHE_SLOTS = 64;
        private static final int CACHEABLE_LENGTH = 64;

        private final ByteBuffer buf;
        /**
         * The address of a direct buffer's first byte, else 0. Every index is checked against {@code end} before it
         * is read, so bytes are read from there without the buffer's own per-byte checks: most of the cost of
         * decoding varints and comparing header strings.
         */
        private final long address;
        /** For a message in pieces: piece i holds message indexes from starts[i] at buffer index offsets[i]. */
        private final int[] starts;
        private final int[] offsets;
        /** The piece last read: message indexes [pieceStart, pieceEnd) are at buffer index + shift. */
        private int piece;
        private int pieceStart;
        private int pieceEnd;
        private int shift;
        private final int end;
        private int pos;
        private byte[] scratch = new byte[CACHEABLE_LENGTH];
        private String[] cache;
        private byte[][] cacheBytes;

        /** Reads {@code buf} from its position to its limit. */
        public Reader(ByteBuffer buf) {
            this.buf = buf;
            this.address = addressOf(buf);
            this.starts = null;
            this.offsets = null;
            this.pos = buf.position();
            this.end = buf.limit();
            this.pieceStart = pos;
            this.pieceEnd = end;
        }

        /**
         * Reads the message made of these pieces of {@code buf}: {@code pieces} holds, for each, its index in
         * {@code buf} and its length.
         */
        public Reader(ByteBuffer buf, int[] pieces) {
            this.buf = buf;
            this.address = addressOf(buf);
            int count = pieces.length / 2;
            this.starts = new int[count + 1];
            this.offsets = new int[count];
            for (int i = 0; i < count; i++) {
                offsets[i] = pieces[2 * i];
                starts[i + 1] = starts[i] + pieces[2 * i + 1];
            }
            this.end = starts[count];
            seek(0);
        }

        /** Reads the whole array. */
        public Reader(byte[] bytes) {
            this(ByteBuffer.wrap(bytes));
        }

        private static long addressOf(ByteBuffer buf) {
            return buf.isDirect() && PlatformDependent.hasUnsafe() ? PlatformDependent.directBufferAddress(buf) : 0;
        }

        /** A zig-zag varint long. */
        public long readLong() throws IOException {
            long raw = 0;
            int shift = 0;
            while (true) {
                if (pos >= end) {
                    throw new EOFException("message ends inside a number");
                }
                int b = byteAt(pos++) & 0xff;
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
                shift += 7;
                if (shift > 63) {
                    throw new IOException("malformed varint");
                }
            }
        }

        /** A zig-zag varint int (also an enum symbol or a union branch). */
        public int readInt() throws IOException {
            long value = readLong();
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new IOException("number out of range: " + value);
            }
            return (int) value;
        }

        /** A boolean. */
        public boolean readBoolean() throws IOException {
            return byteAt(take(1)) != 0;
        }

        /** A UTF-8 string. */
        public String readString() throws IOException {
            int length = length();
            int at = take(length);
            byte[] bytes = length <= scratch.length ? scratch : new byte[length];
            copy(at, bytes, length);
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }

        /**
         * A UTF-8 string that likely occurred earlier in this message (a header name or value): the earlier
         * String is returned when the bytes match, which saves decoding it and computing its hash again.
         */
        public String readRepeatedString() throws IOException {
            int length = length();
            if (length > CACHEABLE_LENGTH) {
                int at = take(length);
                byte[] bytes = new byte[length];
                copy(at, bytes, length);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            int at = take(length);
            if (cache == null) {
                cache = new String[CACHE_SLOTS];
                cacheBytes = new byte[CACHE_SLOTS][];
            }
            int slot = length == 0 ? 0 : (length * 31 + byteAt(at) * 7 + byteAt(at + length - 1)) & (CACHE_SLOTS - 1);
            byte[] known = cacheBytes[slot];
            if (known != null && known.length == length && sameBytes(at, known)) {
                return cache[slot];
            }
            byte[] bytes = new byte[length];
            copy(at, bytes, length);
            String s = new String(bytes, StandardCharsets.UTF_8);
            cache[slot] = s;
            cacheBytes[slot] = bytes;
            return s;
        }

        private boolean sameBytes(int at, byte[] known) {
            for (int i = 0; i < known.length; i++) {
                if (byteAt(at + i) != known[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Bytes, copied out. */
        public byte[] readBytes() throws IOException {
            int length = length();
            int at = take(length);
            byte[] bytes = new byte[length];
            copy(at, bytes, length);
            return bytes;
        }

        /** Skips a string or bytes. */
        public void skipBytes() throws IOException {
            take(length());
        }

        /** Fills {@code into} with the next bytes (a fixed). */
        public void readFixed(byte[] into) throws IOException {
            copy(take(into.length), into, into.length);
        }

        /**
         * The item count of the next block of a map or array (0 at its end). A negative count announces the block's
         * size in bytes, which is skipped here.
         */
        public long readBlockCount() throws IOException {
            long count = readLong();
            if (count < 0) {
                readLong();
                count = -count;
            }
            if (count > end - pos) {
                throw new IOException("block of " + count + " items in " + (end - pos) + " bytes");
            }
            return count;
        }

        /** How many bytes are left to read. */
        public int remaining() {
            return end - pos;
        }

        private int length() throws IOException {
            long length = readLong();
            if (length < 0 || length > end - pos) {
                throw new IOException("length " + length + " with " + (end - pos) + " bytes left");
            }
            return (int) length;
        }

        /** The byte at a checked index. */
        private byte byteAt(int index) {
            if (index < pieceStart || index >= pieceEnd) {
                seek(index);
            }
            return address != 0 ? PlatformDependent.getByte(address + shift + index) : buf.get(shift + index);
        }

        /** Copies {@code length} bytes from a checked index, across pieces. */
        private void copy(int index, byte[] into, int length) {
            for (int done = 0; done < length; ) {
                int at = index + done;
                if (at < pieceStart || at >= pieceEnd) {
                    seek(at);
                }
                int n = Math.min(length - done, pieceEnd - at);
                if (address != 0) {
                    PlatformDependent.copyMemory(address + shift + at, into, done, n);
                } else {
                    buf.get(shift + at, into, done, n);
                }
                done += n;
            }
        }

        /** Makes the piece holding this message index (or the message's end) the current one. */
        private void seek(int index) {
            while (piece > 0 && index < starts[piece]) {
                piece--;
            }
            while (piece + 1 < offsets.length && starts[piece + 1] <= index) {
                piece++;
            }
            pieceStart = starts[piece];
            pieceEnd = starts[piece + 1];
            shift = offsets[piece] - pieceStart;
        }

        /** Advances over {@code n} bytes and returns where they start. */
        private int take(int n) throws IOException {
            if (n > end - pos) {
                throw new EOFException("message ends " + (n - (end - pos)) + " bytes early");
            }
            int at = pos;
            pos += n;
            return at;
        }
    }

    /** Writes Avro binary into a growing byte array. Not thread-safe. */
    public static final class Writer {
        private byte[] buf = new byte[256];
        private int size;

        /** A zig-zag varint long. */
        public Writer writeLong(long value) {
            long v = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((v & ~0x7fL) != 0) {
                buf[size++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
            return this;
        }

        /** A boolean. */
        public Writer writeBoolean(boolean value) {
            ensure(1);
            buf[size++] = (byte) (value ? 1 : 0);
            return this;
        }

        /** A UTF-8 string. */
        public Writer writeString(String value) {
            return writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }

        /** Length-prefixed bytes. */
        public Writer writeBytes(byte[] value) {
            writeLong(value.length);
            return writeFixed(value);
        }

        /** Bytes as they are (a fixed). */
        public Writer writeFixed(byte[] value) {
            ensure(value.length);
            System.arraycopy(value, 0, buf, size, value.length);
            size += value.length;
            return this;
        }

        /** The bytes written. */
        public byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }
}
