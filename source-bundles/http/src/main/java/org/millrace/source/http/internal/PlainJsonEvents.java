package org.millrace.source.http.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.millrace.api.Event;

/**
 * The JSON handler's fast path: reads, in one pass over the UTF-8 bytes, the shape clients send
 * ({@code [{"headers": {"h": "v"}, "body": "text"}, …]}, strict JSON, ASCII text with any JSON escapes). For
 * anything else (non-ASCII text, lenient syntax, numbers or objects where strings belong, other fields, a header
 * named twice, malformed input) it returns null and the general reader reads the request with Flume's rules, so
 * the two never differ: what this accepts it reads as that reader would.
 */
final class PlainJsonEvents {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final byte[] HEADERS = "headers".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = "body".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** Not the plain shape: the general reader takes the request. Thrown without a stack trace, caught here. */
    private static final class NotPlain extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    private final byte[] in;
    private int at;
    /** Where the last string's content starts and ends, and whether it had escapes (then it is in {@link #text}). */
    private int start;
    private int end;
    private byte[] text;

    private PlainJsonEvents(byte[] in) {
        this.in = in;
    }

    /** The events, or null if the request is not of the plain shape. */
    static List<Event> read(byte[] utf8) {
        try {
            return new PlainJsonEvents(utf8).events();
        } catch (NotPlain | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private List<Event> events() {
        List<Event> events = new ArrayList<>();
        skipSpace();
        expect('[');
        skipSpace();
        if (in[at] == ']') {
            at++;
        } else {
            while (true) {
                events.add(event());
                skipSpace();
                if (in[at] == ']') {
                    at++;
                    break;
                }
                expect(',');
                skipSpace();
            }
        }
        while (at < in.length && space(in[at])) {
            at++;
        }
        if (at != in.length) {
            throw NotPlain.INSTANCE;
        }
        return events;
    }

    private Event event() {
        expect('{');
        skipSpace();
        String[] headers = null;
        byte[] body = null;
        boolean sawBody = false;
        if (in[at] == '}') {
            at++;
            return Event.withHeaders(new byte[0]);
        }
        while (true) {
            string();
            boolean isHeaders = rawEquals(HEADERS);
            boolean isBody = !isHeaders && rawEquals(BODY);
            if (!isHeaders && !isBody || isHeaders && headers != null || isBody && sawBody) {
                throw NotPlain.INSTANCE;
            }
            skipSpace();
            expect(':');
            skipSpace();
            if (isHeaders) {
                headers = isNull() ? new String[0] : headers();
            } else {
                sawBody = true;
                body = isNull() ? null : bytes();
            }
            skipSpace();
            if (in[at] == '}') {
                at++;
                break;
            }
            expect(',');
            skipSpace();
        }
        return Event.withHeaders(body == null ? new byte[0] : body, headers == null ? new String[0] : headers);
    }

    private String[] headers() {
        expect('{');
        skipSpace();
        List<String> namesAndValues = new ArrayList<>();
        if (in[at] == '}') {
            at++;
            return new String[0];
        }
        while (true) {
            String name = ascii();
            skipSpace();
            expect(':');
            skipSpace();
            if (!isNull()) {
                String value = ascii();
                for (int i = 0; i < namesAndValues.size(); i += 2) {
                    if (namesAndValues.get(i).equals(name)) {
                        throw NotPlain.INSTANCE; // refused by the general reader, with Flume's message
                    }
                }
                namesAndValues.add(name);
                namesAndValues.add(value);
            }
            skipSpace();
            if (in[at] == '}') {
                at++;
                return namesAndValues.toArray(String[]::new);
            }
            expect(',');
            skipSpace();
        }
    }

    /** Reads a string; its content is in[start, end) or, if it had escapes, {@link #text}. */
    private void string() {
        expect('"');
        start = at;
        text = null;
        while (true) {
            if (at + 8 <= in.length) {
                long word = (long) LONGS.get(in, at);
                long special = zeroBytes(word ^ 0x2222222222222222L) | zeroBytes(word ^ 0x5c5c5c5c5c5c5c5cL)
                        | word & HIGHS;
                if (special == 0) {
                    at += 8;
                    continue;
                }
                at += Long.numberOfTrailingZeros(special) >>> 3;
            }
            byte b = in[at];
            if (b == '"') {
                end = at++;
                return;
            }
            if (b == '\\') {
                unescape();
                return;
            }
            if (b < 0) {
                throw NotPlain.INSTANCE; // non-ASCII: the general reader checks and decodes it
            }
            at++;
        }
    }

    /** A byte's high bit set where that byte of the word is zero (exact: no false positives below the first). */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    /** The rest of a string with escapes, decoded into {@link #text} as UTF-8. */
    private void unescape() {
        byte[] out = new byte[(at - start) * 2 + 16];
        System.arraycopy(in, start, out, 0, at - start);
        int n = at - start;
        while (true) {
            byte b = in[at++];
            if (b == '"') {
                text = Arrays.copyOf(out, n);
                return;
            }
            if (b < 0) {
                throw NotPlain.INSTANCE;
            }
            if (n + 3 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            if (b != '\\') {
                out[n++] = b;
                continue;
            }
            byte e = in[at++];
            switch (e) {
                case '"', '\\', '/' -> out[n++] = e;
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'u' -> n = utf8(hex4(), out, n);
                default -> throw NotPlain.INSTANCE;
            }
        }
    }

    private int hex4() {
        int c = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[at++], 16);
            if (d < 0) {
                throw NotPlain.INSTANCE;
            }
            c = c << 4 | d;
        }
        return c;
    }

    /** A BMP character as UTF-8; surrogates (pairs or not) are left to the general reader. */
    private static int utf8(int c, byte[] out, int n) {
        if (c < 0x80) {
            out[n++] = (byte) c;
        } else if (c < 0x800) {
            out[n++] = (byte) (0xc0 | c >> 6);
            out[n++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isSurrogate((char) c)) {
            throw NotPlain.INSTANCE;
        } else {
            out[n++] = (byte) (0xe0 | c >> 12);
            out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
            out[n++] = (byte) (0x80 | c & 0x3f);
        }
        return n;
    }

    private byte[] bytes() {
        string();
        return text != null ? text : Arrays.copyOfRange(in, start, end);
    }

    private String ascii() {
        string();
        return text != null ? new String(text, StandardCharsets.UTF_8)
                : new String(in, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private boolean rawEquals(byte[] name) {
        return text == null && Arrays.equals(in, start, end, name, 0, name.length);
    }

    private boolean isNull() {
        if (in[at] == 'n' && Arrays.equals(in, at, Math.min(at + 4, in.length), NULL, 0, 4)) {
            at += 4;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (in[at] != c) {
            throw NotPlain.INSTANCE;
        }
        at++;
    }

    private void skipSpace() {
        while (space(in[at])) {
            at++;
        }
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
