package org.millrace.avro.rpc.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.avro.rpc.AvroSourceProtocol;

/**
 * Avro IPC's messages for the AvroSourceProtocol, in Avro binary: the handshake (HandshakeRequest and
 * HandshakeResponse of {@code org.apache.avro.ipc}), the call request ({@code meta}, message name, parameters) and
 * the call response ({@code meta}, error flag, Status or error string).
 */
public final class RpcCodec {
    private static final int MD5_SIZE = 16;
    private static final String[] NO_HEADERS = new String[0];

    private RpcCodec() {
    }

    /** Avro IPC's {@code HandshakeMatch}. */
    public enum Match {
        /** Both ends know each other's protocol. */
        BOTH,
        /** The server knows the client's protocol; the client learns the server's from this response. */
        CLIENT,
        /** The server does not know the client's protocol: the client must send it. */
        NONE
    }

    /** What a client says in its first request on a connection. */
    public record HandshakeRequest(byte[] clientHash, String clientProtocol, byte[] serverHash) {
    }

    /** What a server answers to it. */
    public record HandshakeResponse(Match match, String serverProtocol, byte[] serverHash) {
    }

    /** A call the client made: the message name and its events (one for append). */
    public record Call(String message, List<Event> events) {
    }

    /** An error the remote end reported, or a message that does not decode. */
    public static final class RpcException extends Exception {
        private static final long serialVersionUID = 1L;

        /** With the reason. */
        public RpcException(String message) {
            super(message);
        }
    }

    /** A reader over a message's bytes. */
    public static AvroBinary.Reader decoder(byte[] message) {
        return new AvroBinary.Reader(message);
    }

    /** Builds a message: handshake, call or response parts in the order they go on the wire. */
    public static final class Writer {
        private final AvroBinary.Writer out = new AvroBinary.Writer();

        /** The bytes written. */
        public byte[] toByteArray() {
            return out.toByteArray();
        }

        /** A client's first request header; {@code clientProtocol} may be null if the server should know it. */
        public Writer handshakeRequest(byte[] clientHash, String clientProtocol, byte[] serverHash) {
            out.writeFixed(clientHash);
            writeNullableString(clientProtocol);
            out.writeFixed(serverHash);
            out.writeLong(0); // meta: null
            return this;
        }

        /** A server's handshake answer; protocol and hash are sent unless the match is BOTH. */
        public Writer handshakeResponse(Match match, String serverProtocol, byte[] serverHash) {
            out.writeLong(match.ordinal());
            writeNullableString(serverProtocol);
            if (serverHash == null) {
                out.writeLong(0);
            } else {
                out.writeLong(1).writeFixed(serverHash);
            }
            out.writeLong(0); // meta: null
            return this;
        }

        /** A call of appendBatch (or append, with one event). */
        public Writer call(String message, List<Event> events) {
            out.writeLong(0); // meta: an empty map
            out.writeString(message);
            if (AvroSourceProtocol.APPEND.equals(message)) {
                writeEvent(events.get(0));
            } else {
                if (!events.isEmpty()) {
                    out.writeLong(events.size());
                    events.forEach(this::writeEvent);
                }
                out.writeLong(0);
            }
            return this;
        }

        /** A successful call's response. */
        public Writer status(AvroSourceProtocol.Status status) {
            out.writeLong(0).writeBoolean(false).writeLong(status.ordinal());
            return this;
        }

        /** A call's error response: Avro's system error, a string. */
        public Writer error(String message) {
            out.writeLong(0).writeBoolean(true).writeLong(0).writeString(message);
            return this;
        }

        private void writeEvent(Event e) {
            RpcCodec.writeEvent(out, e);
        }

        private void writeNullableString(String s) {
            if (s == null) {
                out.writeLong(0);
            } else {
                out.writeLong(1).writeString(s);
            }
        }
    }

    /** Reads a client's handshake request. */
    public static HandshakeRequest readHandshakeRequest(AvroBinary.Reader in) throws IOException {
        byte[] clientHash = new byte[MD5_SIZE];
        in.readFixed(clientHash);
        String clientProtocol = readNullableString(in);
        byte[] serverHash = new byte[MD5_SIZE];
        in.readFixed(serverHash);
        skipNullableMeta(in);
        return new HandshakeRequest(clientHash, clientProtocol, serverHash);
    }

    /** Reads a server's handshake response. */
    public static HandshakeResponse readHandshakeResponse(AvroBinary.Reader in) throws IOException {
        int match = in.readInt();
        if (match < 0 || match >= Match.values().length) {
            throw new IOException("handshake match " + match);
        }
        String serverProtocol = readNullableString(in);
        byte[] serverHash = null;
        if (in.readInt() == 1) {
            serverHash = new byte[MD5_SIZE];
            in.readFixed(serverHash);
        }
        skipNullableMeta(in);
        return new HandshakeResponse(Match.values()[match], serverProtocol, serverHash);
    }

    /**
     * Reads a call request after the handshake: returns null for a handshake ping (an empty message name).
     *
     * @throws RpcException for a message this protocol does not have
     */
    public static Call readCall(AvroBinary.Reader in) throws IOException, RpcException {
        skipMeta(in);
        String message = in.readString();
        if (message.isEmpty()) {
            return null;
        }
        if (AvroSourceProtocol.APPEND.equals(message)) {
            return new Call(message, List.of(readEvent(in)));
        }
        if (!AvroSourceProtocol.APPEND_BATCH.equals(message)) {
            throw new RpcException("unknown message " + message + " (AvroSourceProtocol has append, appendBatch)");
        }
        List<Event> events = null;
        for (long n = in.readBlockCount(); n != 0; n = in.readBlockCount()) {
            if (events == null) {
                events = new ArrayList<>((int) n);
            }
            for (long i = 0; i < n; i++) {
                events.add(readEvent(in));
            }
        }
        return new Call(message, events == null ? List.of() : events);
    }

    /**
     * Reads a call response.
     *
     * @throws RpcException if the server answered with an error
     */
    public static AvroSourceProtocol.Status readStatus(AvroBinary.Reader in) throws IOException, RpcException {
        skipMeta(in);
        if (in.readBoolean()) {
            in.readInt();
            throw new RpcException(in.readString());
        }
        int status = in.readInt();
        if (status < 0 || status >= AvroSourceProtocol.Status.values().length) {
            throw new IOException("status " + status);
        }
        return AvroSourceProtocol.Status.values()[status];
    }

    /** Encodes an event as Flume's {@code AvroFlumeEvent} record: its headers map, then its body. */
    public static void writeEvent(AvroBinary.Writer out, Event e) {
        if (e.hasHeaders()) {
            out.writeLong(e.headerCount());
            e.forEachHeader((name, value) -> out.writeString(name).writeString(value));
        }
        out.writeLong(0);
        out.writeBytes(e.body());
    }

    /** Decodes an event; its headers stay a compact array until something asks for them as a map. */
    public static Event readEvent(AvroBinary.Reader in) throws IOException {
        String[] headers = NO_HEADERS;
        int size = 0;
        for (long n = in.readBlockCount(); n != 0; n = in.readBlockCount()) {
            if (size + 2 * n > headers.length) {
                headers = java.util.Arrays.copyOf(headers, (int) (size + 2 * n));
            }
            for (long i = 0; i < n; i++) {
                headers[size++] = in.readRepeatedString();
                headers[size++] = in.readRepeatedString();
            }
        }
        return Event.withHeaders(in.readBytes(), headers);
    }

    private static String readNullableString(AvroBinary.Reader in) throws IOException {
        return in.readInt() == 0 ? null : in.readString();
    }

    private static void skipNullableMeta(AvroBinary.Reader in) throws IOException {
        if (in.readInt() == 1) {
            skipMeta(in);
        }
    }

    private static void skipMeta(AvroBinary.Reader in) throws IOException {
        for (long n = in.readBlockCount(); n != 0; n = in.readBlockCount()) {
            for (long i = 0; i < n; i++) {
                in.skipBytes();
                in.skipBytes();
            }
        }
    }
}
