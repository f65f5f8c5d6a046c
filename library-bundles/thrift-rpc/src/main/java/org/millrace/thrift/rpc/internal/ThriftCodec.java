package org.millrace.thrift.rpc.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftStatus;

/**
 * Flume's ThriftSourceProtocol messages in Thrift's compact and binary protocols: the calls {@code append(1:
 * ThriftFlumeEvent event)} and {@code appendBatch(1: list<ThriftFlumeEvent> events)}, their {@code Status}
 * results, and Thrift's application exception for a call it does not know. {@code ThriftFlumeEvent} is
 * {@code {1: map<string,string> headers, 2: binary body}}. Fields it does not know are skipped, as Thrift does.
 */
public final class ThriftCodec {
    /** Thrift's message types. */
    static final int CALL = 1;
    static final int REPLY = 2;
    static final int EXCEPTION = 3;
    /** Thrift's field types (TType), as both protocols are read into. */
    static final byte STOP = 0;
    static final byte BOOL = 2;
    static final byte BYTE = 3;
    static final byte DOUBLE = 4;
    static final byte I16 = 6;
    static final byte I32 = 8;
    static final byte I64 = 10;
    static final byte STRING = 11;
    static final byte STRUCT = 12;
    static final byte MAP = 13;
    static final byte SET = 14;
    static final byte LIST = 15;
    /** Thrift's TApplicationException type for an unknown method. */
    private static final int UNKNOWN_METHOD = 1;
    private static final int MAX_DEPTH = 64;

    public static final String APPEND = "append";
    public static final String APPEND_BATCH = "appendBatch";

    private ThriftCodec() {
    }

    /** A message's header. */
    public record Message(String name, int type, int seqid) {
    }

    /** A call read from a frame: append or appendBatch, with its events. */
    public record Call(Message message, List<Event> events) {
        /** Whether it is appendBatch. */
        public boolean batch() {
            return message.name().equals(APPEND_BATCH);
        }
    }

    /** Something that is not Flume's thrift protocol. */
    public static final class ProtocolException extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /** A call of a method this protocol does not have, to be answered with Thrift's application exception. */
    public static final class UnknownMethod extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Message message;

        UnknownMethod(Message message) {
            super("unknown method " + message.name());
            this.message = message;
        }

        public Message message() {
            return message;
        }
    }

    // ---- reading

    /** Reads a call of append or appendBatch. */
    public static Call readCall(ByteBuf in, ThriftProtocol protocol) throws ProtocolException, UnknownMethod {
        Reader r = reader(in, protocol);
        try {
            Message m = r.messageBegin();
            if (m.type() != CALL) {
                throw new ProtocolException("expected a call, got message type " + m.type());
            }
            boolean batch = m.name().equals(APPEND_BATCH);
            if (!batch && !m.name().equals(APPEND)) {
                r.skip(STRUCT, 0);
                throw new UnknownMethod(m);
            }
            List<Event> events = new ArrayList<>();
            r.structBegin();
            while (r.fieldBegin()) {
                if (r.fieldId == 1 && !batch && r.fieldType == STRUCT) {
                    events.add(readEvent(r));
                } else if (r.fieldId == 1 && batch && r.fieldType == LIST) {
                    int n = r.listBegin();
                    if (r.elementType != STRUCT) {
                        throw new ProtocolException("appendBatch's list holds type " + r.elementType);
                    }
                    for (int i = 0; i < n; i++) {
                        events.add(readEvent(r));
                    }
                } else {
                    r.skip(r.fieldType, 0);
                }
            }
            r.structEnd();
            return new Call(m, events);
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException("message ends early");
        }
    }

    private static Event readEvent(Reader r) throws ProtocolException {
        List<String> headers = new ArrayList<>();
        byte[] body = null;
        boolean sawHeaders = false;
        r.structBegin();
        while (r.fieldBegin()) {
            if (r.fieldId == 1 && r.fieldType == MAP) {
                int n = r.mapBegin();
                if (n > 0 && (r.keyType != STRING || r.valueType != STRING)) {
                    throw new ProtocolException("headers are not strings");
                }
                for (int i = 0; i < n; i++) {
                    headers.add(r.string());
                    headers.add(r.string());
                }
                sawHeaders = true;
            } else if (r.fieldId == 2 && r.fieldType == STRING) {
                body = r.binary();
            } else {
                r.skip(r.fieldType, 0);
            }
        }
        r.structEnd();
        if (!sawHeaders || body == null) {
            throw new ProtocolException("a ThriftFlumeEvent lacks its required " + (body == null ? "body" : "headers"));
        }
        return Event.withHeaders(body, headers.toArray(String[]::new));
    }

    /** Reads the answer to a call: the status, or why there is none. */
    public static ThriftStatus readReply(ByteBuf in, ThriftProtocol protocol, int seqid) throws ProtocolException {
        Reader r = reader(in, protocol);
        try {
            Message m = r.messageBegin();
            if (m.seqid() != seqid) {
                throw new ProtocolException("answer " + m.seqid() + " to call " + seqid);
            }
            if (m.type() == EXCEPTION) {
                String message = null;
                r.structBegin();
                while (r.fieldBegin()) {
                    if (r.fieldId == 1 && r.fieldType == STRING) {
                        message = r.string();
                    } else {
                        r.skip(r.fieldType, 0);
                    }
                }
                throw new ProtocolException("the server answered with an exception: " + message);
            }
            Integer status = null;
            r.structBegin();
            while (r.fieldBegin()) {
                if (r.fieldId == 0 && r.fieldType == I32) {
                    status = r.i32();
                } else {
                    r.skip(r.fieldType, 0);
                }
            }
            if (status == null || status < 0 || status >= ThriftStatus.values().length) {
                throw new ProtocolException("an answer without a status");
            }
            return ThriftStatus.values()[status];
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException("answer ends early");
        }
    }

    // ---- writing

    /** Writes an appendBatch call. */
    public static void writeBatchCall(ByteBuf out, ThriftProtocol protocol, int seqid, List<Event> events) {
        Writer w = writer(out, protocol);
        w.messageBegin(APPEND_BATCH, CALL, seqid);
        w.structBegin();
        w.fieldBegin(LIST, 1);
        w.listBegin(STRUCT, events.size());
        for (Event e : events) {
            w.structBegin();
            w.fieldBegin(MAP, 1);
            w.mapBegin(STRING, STRING, e.headerCount());
            e.forEachHeader((k, v) -> {
                w.string(k);
                w.string(v);
            });
            w.fieldBegin(STRING, 2);
            w.binary(e.body());
            w.structEnd();
        }
        w.structEnd();
    }

    /** Writes the answer to a call. */
    public static void writeReply(ByteBuf out, ThriftProtocol protocol, Message call, ThriftStatus status) {
        Writer w = writer(out, protocol);
        w.messageBegin(call.name(), REPLY, call.seqid());
        w.structBegin();
        w.fieldBegin(I32, 0);
        w.i32(status.ordinal());
        w.structEnd();
    }

    /** Writes Thrift's application exception for a call of a method this protocol lacks. */
    public static void writeUnknownMethod(ByteBuf out, ThriftProtocol protocol, Message call) {
        Writer w = writer(out, protocol);
        w.messageBegin(call.name(), EXCEPTION, call.seqid());
        w.structBegin();
        w.fieldBegin(STRING, 1);
        w.string("Invalid method name: '" + call.name() + "'");
        w.fieldBegin(I32, 2);
        w.i32(UNKNOWN_METHOD);
        w.structEnd();
    }

    private static Reader reader(ByteBuf in, ThriftProtocol protocol) {
        return protocol == ThriftProtocol.COMPACT ? new CompactReader(in) : new BinaryReader(in);
    }

    private static Writer writer(ByteBuf out, ThriftProtocol protocol) {
        return protocol == ThriftProtocol.COMPACT ? new CompactWriter(out) : new BinaryWriter(out);
    }

    /** Reads one protocol's encoding into Thrift's types; the field read last is in fieldType and fieldId. */
    private abstract static class Reader {
        final ByteBuf in;
        byte fieldType;
        short fieldId;
        byte elementType;
        byte keyType;
        byte valueType;

        Reader(ByteBuf in) {
            this.in = in;
        }

        abstract Message messageBegin() throws ProtocolException;

        void structBegin() {
        }

        void structEnd() {
        }

        /** Reads a field's header; false at the struct's end. */
        abstract boolean fieldBegin() throws ProtocolException;

        abstract int mapBegin() throws ProtocolException;

        abstract int listBegin() throws ProtocolException;

        abstract int i32();

        abstract long i64();

        abstract short i16();

        abstract boolean bool();

        abstract int length() throws ProtocolException;

        byte[] binary() throws ProtocolException {
            byte[] bytes = new byte[length()];
            in.readBytes(bytes);
            return bytes;
        }

        String string() throws ProtocolException {
            return new String(binary(), StandardCharsets.UTF_8);
        }

        /** Reads past a value of this type. */
        void skip(byte type, int depth) throws ProtocolException {
            if (depth > MAX_DEPTH) {
                throw new ProtocolException("nested too deeply");
            }
            switch (type) {
                case BOOL -> bool();
                case BYTE -> in.skipBytes(1);
                case DOUBLE -> in.skipBytes(8);
                case I16 -> i16();
                case I32 -> i32();
                case I64 -> i64();
                case STRING -> in.skipBytes(length());
                case STRUCT -> {
                    structBegin();
                    while (fieldBegin()) {
                        skip(fieldType, depth + 1);
                    }
                    structEnd();
                }
                case MAP -> {
                    int n = mapBegin();
                    byte k = keyType;
                    byte v = valueType;
                    for (int i = 0; i < n; i++) {
                        skip(k, depth + 1);
                        skip(v, depth + 1);
                    }
                }
                case SET, LIST -> {
                    int n = listBegin();
                    byte e = elementType;
                    for (int i = 0; i < n; i++) {
                        skip(e, depth + 1);
                    }
                }
                default -> throw new ProtocolException("unknown field type " + type);
            }
        }

        int checkedSize(int n) throws ProtocolException {
            if (n < 0 || n > in.readableBytes()) {
                throw new ProtocolException("a size of " + n + " with " + in.readableBytes() + " bytes left");
            }
            return n;
        }
    }

    /** TBinaryProtocol, strict or not. */
    private static final class BinaryReader extends Reader {
        BinaryReader(ByteBuf in) {
            super(in);
        }

        @Override
        Message messageBegin() throws ProtocolException {
            int first = in.readInt();
            if (first < 0) {
                if ((first & 0xffff0000) != 0x80010000) {
                    throw new ProtocolException("not Thrift's binary protocol (version " + Integer.toHexString(first)
                            + ")");
                }
                String name = string();
                return new Message(name, first & 0xff, in.readInt());
            }
            byte[] name = new byte[checkedSize(first)];
            in.readBytes(name);
            int type = in.readByte();
            return new Message(new String(name, StandardCharsets.UTF_8), type, in.readInt());
        }

        @Override
        boolean fieldBegin() {
            fieldType = in.readByte();
            if (fieldType == STOP) {
                return false;
            }
            fieldId = in.readShort();
            return true;
        }

        @Override
        int mapBegin() throws ProtocolException {
            keyType = in.readByte();
            valueType = in.readByte();
            return checkedSize(in.readInt());
        }

        @Override
        int listBegin() throws ProtocolException {
            elementType = in.readByte();
            return checkedSize(in.readInt());
        }

        @Override
        int i32() {
            return in.readInt();
        }

        @Override
        long i64() {
            return in.readLong();
        }

        @Override
        short i16() {
            return in.readShort();
        }

        @Override
        boolean bool() {
            return in.readByte() == 1;
        }

        @Override
        int length() throws ProtocolException {
            return checkedSize(in.readInt());
        }
    }

    /** TCompactProtocol. */
    private static final class CompactReader extends Reader {
        private static final byte PROTOCOL_ID = (byte) 0x82;
        private final Deque<Short> lastIds = new ArrayDeque<>();
        private short lastId;
        private Boolean pendingBool;

        CompactReader(ByteBuf in) {
            super(in);
        }

        @Override
        Message messageBegin() throws ProtocolException {
            if (in.readByte() != PROTOCOL_ID) {
                throw new ProtocolException("not Thrift's compact protocol");
            }
            byte versionAndType = in.readByte();
            if ((versionAndType & 0x1f) != 1) {
                throw new ProtocolException("compact protocol version " + (versionAndType & 0x1f));
            }
            int type = (versionAndType >> 5) & 0x07;
            int seqid = varint32();
            return new Message(string(), type, seqid);
        }

        @Override
        void structBegin() {
            lastIds.push(lastId);
            lastId = 0;
        }

        @Override
        void structEnd() {
            lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
        }

        @Override
        boolean fieldBegin() throws ProtocolException {
            byte header = in.readByte();
            if (header == STOP) {
                return false;
            }
            int delta = (header & 0xf0) >> 4;
            byte compactType = (byte) (header & 0x0f);
            fieldId = delta == 0 ? i16() : (short) (lastId + delta);
            fieldType = type(compactType);
            if (fieldType == BOOL) {
                pendingBool = compactType == 1;
            }
            lastId = fieldId;
            return true;
        }

        @Override
        int mapBegin() throws ProtocolException {
            int n = checkedSize(varint32());
            if (n > 0) {
                byte types = in.readByte();
                keyType = type((byte) ((types >> 4) & 0x0f));
                valueType = type((byte) (types & 0x0f));
            }
            return n;
        }

        @Override
        int listBegin() throws ProtocolException {
            byte header = in.readByte();
            int n = (header >> 4) & 0x0f;
            if (n == 15) {
                n = varint32();
            }
            elementType = type((byte) (header & 0x0f));
            return checkedSize(n);
        }

        @Override
        int i32() {
            int n = varint32();
            return (n >>> 1) ^ -(n & 1);
        }

        @Override
        long i64() {
            long n = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                byte b = in.readByte();
                n |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            return (n >>> 1) ^ -(n & 1);
        }

        @Override
        short i16() {
            return (short) i32();
        }

        @Override
        boolean bool() {
            if (pendingBool != null) {
                boolean b = pendingBool;
                pendingBool = null;
                return b;
            }
            return in.readByte() == 1;
        }

        @Override
        void skip(byte type, int depth) throws ProtocolException {
            if (type == DOUBLE) {
                in.skipBytes(8);
                return;
            }
            super.skip(type, depth);
        }

        @Override
        int length() throws ProtocolException {
            return checkedSize(varint32());
        }

        private int varint32() {
            int n = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = in.readByte();
                n |= (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            return n;
        }

        private static byte type(byte compact) throws ProtocolException {
            return switch (compact) {
                case 0 -> STOP;
                case 1, 2 -> BOOL;
                case 3 -> BYTE;
                case 4 -> I16;
                case 5 -> I32;
                case 6 -> I64;
                case 7 -> DOUBLE;
                case 8 -> STRING;
                case 9 -> LIST;
                case 10 -> SET;
                case 11 -> MAP;
                case 12 -> STRUCT;
                default -> throw new ProtocolException("unknown compact type " + compact);
            };
        }
    }

    /** Writes one protocol's encoding. */
    private abstract static class Writer {
        final ByteBuf out;

        Writer(ByteBuf out) {
            this.out = out;
        }

        abstract void messageBegin(String name, int type, int seqid);

        void structBegin() {
        }

        /** Writes the stop field, ending the struct. */
        abstract void structEnd();

        abstract void fieldBegin(byte type, int id);

        abstract void mapBegin(byte keyType, byte valueType, int size);

        abstract void listBegin(byte elementType, int size);

        abstract void i32(int value);

        abstract void binary(byte[] bytes);

        void string(String s) {
            binary(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** TBinaryProtocol, strict (what Flume's clients and servers write). */
    private static final class BinaryWriter extends Writer {
        BinaryWriter(ByteBuf out) {
            super(out);
        }

        @Override
        void messageBegin(String name, int type, int seqid) {
            out.writeInt(0x80010000 | type);
            string(name);
            out.writeInt(seqid);
        }

        @Override
        void structEnd() {
            out.writeByte(STOP);
        }

        @Override
        void fieldBegin(byte type, int id) {
            out.writeByte(type);
            out.writeShort(id);
        }

        @Override
        void mapBegin(byte keyType, byte valueType, int size) {
            out.writeByte(keyType);
            out.writeByte(valueType);
            out.writeInt(size);
        }

        @Override
        void listBegin(byte elementType, int size) {
            out.writeByte(elementType);
            out.writeInt(size);
        }

        @Override
        void i32(int value) {
            out.writeInt(value);
        }

        @Override
        void binary(byte[] bytes) {
            out.writeInt(bytes.length);
            out.writeBytes(bytes);
        }
    }

    /** TCompactProtocol. */
    private static final class CompactWriter extends Writer {
        private final Deque<Integer> lastIds = new ArrayDeque<>();
        private int lastId;

        CompactWriter(ByteBuf out) {
            super(out);
        }

        @Override
        void messageBegin(String name, int type, int seqid) {
            out.writeByte(0x82);
            out.writeByte(1 | (type << 5));
            varint32(seqid);
            string(name);
        }

        @Override
        void structBegin() {
            lastIds.push(lastId);
            lastId = 0;
        }

        @Override
        void structEnd() {
            out.writeByte(STOP);
            lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
        }

        @Override
        void fieldBegin(byte type, int id) {
            int delta = id - lastId;
            if (delta > 0 && delta <= 15) {
                out.writeByte((delta << 4) | compact(type));
            } else {
                out.writeByte(compact(type));
                varint32((id << 1) ^ (id >> 31));
            }
            lastId = id;
        }

        @Override
        void mapBegin(byte keyType, byte valueType, int size) {
            if (size == 0) {
                out.writeByte(0);
            } else {
                varint32(size);
                out.writeByte((compact(keyType) << 4) | compact(valueType));
            }
        }

        @Override
        void listBegin(byte elementType, int size) {
            if (size <= 14) {
                out.writeByte((size << 4) | compact(elementType));
            } else {
                out.writeByte(0xf0 | compact(elementType));
                varint32(size);
            }
        }

        @Override
        void i32(int value) {
            varint32((value << 1) ^ (value >> 31));
        }

        @Override
        void binary(byte[] bytes) {
            varint32(bytes.length);
            out.writeBytes(bytes);
        }

        private void varint32(int n) {
            while ((n & ~0x7f) != 0) {
                out.writeByte((n & 0x7f) | 0x80);
                n >>>= 7;
            }
            out.writeByte(n);
        }

        private static int compact(byte type) {
            return switch (type) {
                case BYTE -> 3;
                case I16 -> 4;
                case I32 -> 5;
                case I64 -> 6;
                case DOUBLE -> 7;
                case STRING -> 8;
                case LIST -> 9;
                case SET -> 10;
                case MAP -> 11;
                case STRUCT -> 12;
                default -> throw new IllegalArgumentException("type " + type);
            };
        }
    }
}
