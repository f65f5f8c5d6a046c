package org.millrace.channel.jdbc.internal;

import java.util.Arrays;
import org.millrace.api.Event;

/**
 * Event headers as the bytes of the HEADERS column: a format byte, the header count, then each name and value as
 * its length in chars and its chars. Chars are written one, two or three bytes each (UTF-8's shapes, applied per
 * char as Java's modified UTF-8 does), so every Java string, unpaired surrogates included, comes back identical.
 */
final class HeaderCodec {
    private static final int FORMAT = 1;

    private HeaderCodec() {
    }

    /** The event's headers as bytes, or {@code null} if it has none. */
    static byte[] encode(Event event) {
        if (!event.hasHeaders()) {
            return null;
        }
        Output out = new Output();
        out.write(FORMAT);
        out.writeVarint(event.headerCount());
        event.forEachHeader((name, value) -> {
            out.writeString(name);
            out.writeString(value);
        });
        return out.toByteArray();
    }

    /**
     * An event with this body and the headers {@link #encode(Event)} wrote ({@code null} for none).
     *
     * @throws IllegalArgumentException if the bytes are not headers this codec wrote
     */
    static Event decode(byte[] headers, byte[] body) {
        if (headers == null) {
            return Event.of(body);
        }
        Input in = new Input(headers);
        int format = in.read();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown header format " + format);
        }
        String[] namesAndValues = new String[2 * in.readLength()];
        for (int i = 0; i < namesAndValues.length; i++) {
            namesAndValues[i] = in.readString();
        }
        return Event.withHeaders(body, namesAndValues);
    }

    /** A growing byte array. */
    private static final class Output {
        private byte[] bytes = new byte[64];
        private int length;

        void write(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
        }

        void writeVarint(int value) {
            while ((value & ~0x7F) != 0) {
                write((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            write(value);
        }

        void writeString(String s) {
            int n = s.length();
            writeVarint(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    write(c);
                } else if (c < 0x800) {
                    write(0xC0 | c >> 6);
                    write(0x80 | c & 0x3F);
                } else {
                    write(0xE0 | c >> 12);
                    write(0x80 | c >> 6 & 0x3F);
                    write(0x80 | c & 0x3F);
                }
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }
    }

    /** Reads what {@link Output} wrote. */
    private static final class Input {
        private final byte[] bytes;
        private int position;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        int read() {
            if (position == bytes.length) {
                throw new IllegalArgumentException("headers end early at byte " + position);
            }
            return bytes[position++] & 0xFF;
        }

        int readVarint() {
            int value = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int b = read();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed length at byte " + position);
        }

        /** A count of things still to come, each at least a byte long. */
        int readLength() {
            int n = readVarint();
            if (n < 0 || n > bytes.length - position) {
                throw new IllegalArgumentException("length " + n + " beyond the end of the headers");
            }
            return n;
        }

        String readString() {
            char[] chars = new char[readLength()];
            for (int i = 0; i < chars.length; i++) {
                int b = read();
                if (b < 0x80) {
                    chars[i] = (char) b;
                } else if (b < 0xE0) {
                    chars[i] = (char) ((b & 0x1F) << 6 | read() & 0x3F);
                } else {
                    chars[i] = (char) ((b & 0x0F) << 12 | (read() & 0x3F) << 6 | read() & 0x3F);
                }
            }
            return new String(chars);
        }
    }
}
