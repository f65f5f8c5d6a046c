package org.millrace.channel.file.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.millrace.api.Event;

/**
 * The on-disk form of one committed transaction: every event it put and a pointer to every event it took, in one
 * record written by one append. A record is complete or it does not count: its checksum covers the whole payload,
 * so a record torn by a crash (or damaged later) is recognised on replay instead of being mis-read.
 *
 * <pre>
 * record  = length:int32 | crc32c:int32 | payload          (length = payload bytes)
 * payload = putCount:int32 | takeCount:int32 | takeCount × pointer:int64 | putCount × event
 * event   = length:int32 | headerCount:int32 | headerCount × (name | value) | body     (name, value, body = length:int32 | bytes)
 * </pre>
 *
 * A pointer is the log file id (high 32 bits) and the offset of the event's length field in that file.
 */
final class LogRecord {
    /** Bytes before the payload. */
    static final int HEADER_BYTES = 8;
    /** Bytes before the first take pointer in the payload. */
    private static final int COUNTS_BYTES = 8;

    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    /** Offsets in the payload of each put event, valid after {@link #encode}. */
    private int[] putOffsets = new int[0];

    /** Encodes puts and takes; the result is valid until the next call. */
    ByteBuffer encode(List<Event> puts, long[] takes, int takeCount) {
        if (putOffsets.length < puts.size()) {
            putOffsets = new int[puts.size()];
        }
        buffer.clear();
        ensure(HEADER_BYTES + COUNTS_BYTES + 8L * takeCount);
        buffer.position(HEADER_BYTES);
        buffer.putInt(puts.size()).putInt(takeCount);
        for (int i = 0; i < takeCount; i++) {
            buffer.putLong(takes[i]);
        }
        for (int i = 0; i < puts.size(); i++) {
            putOffsets[i] = buffer.position() - HEADER_BYTES;
            writeEvent(puts.get(i));
        }
        int payload = buffer.position() - HEADER_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER_BYTES, payload);
        buffer.putInt(0, payload).putInt(4, (int) crc.getValue());
        buffer.flip();
        return buffer;
    }

    /** The pointer of put {@code i} of the last record encoded, once it is written at {@code recordPosition}. */
    long putPointer(long recordPosition, int i) {
        return recordPosition + HEADER_BYTES + putOffsets[i];
    }

    private void writeEvent(Event event) {
        int start = buffer.position();
        ensure(8);
        buffer.position(start + 4);
        buffer.putInt(event.headerCount());
        event.forEachHeader((name, value) -> {
            writeBytes(name.getBytes(StandardCharsets.UTF_8));
            writeBytes(value.getBytes(StandardCharsets.UTF_8));
        });
        writeBytes(event.body());
        buffer.putInt(start, buffer.position() - start - 4);
    }

    private void writeBytes(byte[] bytes) {
        ensure(4L + bytes.length);
        buffer.putInt(bytes.length).put(bytes);
    }

    private void ensure(long more) {
        long needed = buffer.position() + more;
        if (needed > buffer.capacity()) {
            if (needed > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("a transaction of more than 2 GiB cannot be logged");
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 64,
                    Math.max(needed, buffer.capacity() * 2L)));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    /** Reads the event whose length field starts at {@code in}'s position; advances past it. */
    static Event readEvent(ByteBuffer in) {
        int end = in.getInt() + in.position();
        int headers = in.getInt();
        if (headers < 0 || headers > (end - in.position()) / 8) {
            throw new IllegalStateException("event with " + headers + " headers in " + (end - in.position())
                    + " bytes");
        }
        String[] namesAndValues = new String[headers * 2];
        for (int i = 0; i < namesAndValues.length; i++) {
            namesAndValues[i] = new String(readBytes(in, end), StandardCharsets.UTF_8);
        }
        byte[] body = readBytes(in, end);
        if (in.position() != end) {
            throw new IllegalStateException("event length does not match its content");
        }
        return Event.withHeaders(body, namesAndValues);
    }

    private static byte[] readBytes(ByteBuffer in, int end) {
        if (end - in.position() < 4) { // found by fuzzing: a field whose length is cut off by the event's end
            throw new IllegalStateException("field length cut off at the end of an event");
        }
        int length = in.getInt();
        if (length < 0 || length > end - in.position()) {
            throw new IllegalStateException("field of " + length + " bytes in an event");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** The pointers a checked payload puts, given the record's position; {@code payload} is left unchanged. */
    static void putPointers(ByteBuffer payload, long recordPosition, LongConsumer out) {
        int puts = payload.getInt(0);
        int at = COUNTS_BYTES + 8 * payload.getInt(4);
        for (int i = 0; i < puts; i++) {
            out.accept(recordPosition + HEADER_BYTES + at);
            at += 4 + payload.getInt(at);
        }
    }

    /** The pointers a checked payload takes. */
    static void takePointers(ByteBuffer payload, LongConsumer out) {
        int takes = payload.getInt(4);
        for (int i = 0; i < takes; i++) {
            out.accept(payload.getLong(COUNTS_BYTES + 8 * i));
        }
    }

    /** Whether a payload's checksum and structure hold. */
    static boolean isValid(ByteBuffer payload, int crc) {
        CRC32C check = new CRC32C();
        check.update(payload.duplicate());
        if ((int) check.getValue() != crc || payload.remaining() < COUNTS_BYTES) {
            return false;
        }
        int puts = payload.getInt(0);
        int takes = payload.getInt(4);
        long at = COUNTS_BYTES + 8L * takes;
        if (puts < 0 || takes < 0 || at > payload.limit()) {
            return false;
        }
        for (int i = 0; i < puts; i++) {
            int length = at + 4 <= payload.limit() ? payload.getInt((int) at) : -1;
            if (length < 8) { // an event has at least its header count and its body length
                return false;
            }
            at += 4L + length;
        }
        return at == payload.limit();
    }

    static int fileOf(long pointer) {
        return (int) (pointer >>> 32);
    }

    static int offsetOf(long pointer) {
        return (int) pointer;
    }

    static long pointer(int fileId, long offset) {
        return ((long) fileId << 32) | offset;
    }
}
