package org.millrace.avro.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.millrace.api.Event;

/**
 * Avro IPC's messages for the AvroSourceProtocol, in Avro binary: the handshake (HandshakeRequest and
 * HandshakeResponse of {@code org.apache.avro.ipc}), the call request ({@code meta}, message name, parameters) and
 * the call response ({@code meta}, error flag, Status or error string).
 */
public final class RpcCodec {
    private static final int MD5_SIZE = 16;
    private static final byte[] NO_BYTES = new byte[0];

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

    /** A decoder over a frame's bytes. */
    public static BinaryDecoder decoder(byte[] payload) {
        return DecoderFactory.get().binaryDecoder(payload, null);
    }

    /** Writes Avro binary into a byte array. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);

        /** The bytes written. */
        public byte[] toByteArray() {
            return bytes.toByteArray();
        }

        /** A client's first request header; {@code clientProtocol} may be null if the server should know it. */
        public Writer handshakeRequest(byte[] clientHash, String clientProtocol, byte[] serverHash) {
            return io(() -> {
                out.writeFixed(clientHash);
                writeNullableString(clientProtocol);
                out.writeFixed(serverHash);
                out.writeIndex(0); // meta: null
            });
        }

        /** A server's handshake answer; protocol and hash are sent unless the match is BOTH. */
        public Writer handshakeResponse(Match match, String serverProtocol, byte[] serverHash) {
            return io(() -> {
                out.writeEnum(match.ordinal());
                writeNullableString(serverProtocol);
                if (serverHash == null) {
                    out.writeIndex(0);
                } else {
                    out.writeIndex(1);
                    out.writeFixed(serverHash);
                }
                out.writeIndex(0); // meta: null
            });
        }

        /** A call of appendBatch (or append, with one event). */
        public Writer call(String message, List<Event> events) {
            return io(() -> {
                out.writeMapStart();
                out.setItemCount(0);
                out.writeMapEnd();
                out.writeString(message);
                if (AvroSourceProtocol.APPEND.equals(message)) {
                    writeEvent(events.get(0));
                } else {
                    out.writeArrayStart();
                    out.setItemCount(events.size());
                    for (Event e : events) {
                        out.startItem();
                        writeEvent(e);
                    }
                    out.writeArrayEnd();
                }
            });
        }

        /** A successful call's response. */
        public Writer status(AvroSourceProtocol.Status status) {
            return io(() -> {
                out.writeMapStart();
                out.setItemCount(0);
                out.writeMapEnd();
                out.writeBoolean(false);
                out.writeEnum(status.ordinal());
            });
        }

        /** A call's error response: Avro's system error, a string. */
        public Writer error(String message) {
            return io(() -> {
                out.writeMapStart();
                out.setItemCount(0);
                out.writeMapEnd();
                out.writeBoolean(true);
                out.writeIndex(0);
                out.writeString(message);
            });
        }

        private void writeEvent(Event e) throws IOException {
            out.writeMapStart();
            if (e.hasHeaders()) {
                out.setItemCount(e.headers().size());
                for (Map.Entry<String, String> h : e.headers().entrySet()) {
                    out.startItem();
                    out.writeString(h.getKey());
                    out.writeString(h.getValue());
                }
            } else {
                out.setItemCount(0);
            }
            out.writeMapEnd();
            out.writeBytes(e.body());
        }

        private void writeNullableString(String s) throws IOException {
            if (s == null) {
                out.writeIndex(0);
            } else {
                out.writeIndex(1);
                out.writeString(s);
            }
        }

        private Writer io(IoWork work) {
            try {
                work.run();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing into memory cannot fail", e);
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoWork {
        void run() throws IOException;
    }

    /** Reads a client's handshake request. */
    public static HandshakeRequest readHandshakeRequest(BinaryDecoder in) throws IOException {
        byte[] clientHash = new byte[MD5_SIZE];
        in.readFixed(clientHash);
        String clientProtocol = readNullableString(in);
        byte[] serverHash = new byte[MD5_SIZE];
        in.readFixed(serverHash);
        skipNullableMeta(in);
        return new HandshakeRequest(clientHash, clientProtocol, serverHash);
    }

    /** Reads a server's handshake response. */
    public static HandshakeResponse readHandshakeResponse(BinaryDecoder in) throws IOException {
        Match match = Match.values()[in.readEnum()];
        String serverProtocol = readNullableString(in);
        byte[] serverHash = null;
        if (in.readIndex() == 1) {
            serverHash = new byte[MD5_SIZE];
            in.readFixed(serverHash);
        }
        skipNullableMeta(in);
        return new HandshakeResponse(match, serverProtocol, serverHash);
    }

    /**
     * Reads a call request after the handshake: returns null for a handshake ping (an empty message name).
     *
     * @throws RpcException for a message this protocol does not have
     */
    public static Call readCall(BinaryDecoder in) throws IOException, RpcException {
        skipMeta(in);
        String message = in.readString(null).toString();
        if (message.isEmpty()) {
            return null;
        }
        if (AvroSourceProtocol.APPEND.equals(message)) {
            return new Call(message, List.of(readEvent(in, new Utf8())));
        }
        if (!AvroSourceProtocol.APPEND_BATCH.equals(message)) {
            throw new RpcException("unknown message " + message + " (AvroSourceProtocol has append, appendBatch)");
        }
        List<Event> events = new ArrayList<>();
        Utf8 scratch = new Utf8();
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                events.add(readEvent(in, scratch));
            }
        }
        return new Call(message, events);
    }

    /**
     * Reads a call response.
     *
     * @throws RpcException if the server answered with an error
     */
    public static AvroSourceProtocol.Status readStatus(BinaryDecoder in) throws IOException, RpcException {
        skipMeta(in);
        if (in.readBoolean()) {
            in.readIndex();
            throw new RpcException(in.readString(null).toString());
        }
        return AvroSourceProtocol.Status.values()[in.readEnum()];
    }

    private static Event readEvent(BinaryDecoder in, Utf8 scratch) throws IOException {
        Event event = Event.of(NO_BYTES);
        for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
            Map<String, String> headers = event.headers();
            for (long i = 0; i < n; i++) {
                String key = in.readString(scratch).toString();
                headers.put(key, in.readString(scratch).toString());
            }
        }
        ByteBuffer body = in.readBytes(null);
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        event.body(bytes);
        return event;
    }

    private static String readNullableString(BinaryDecoder in) throws IOException {
        return in.readIndex() == 0 ? null : in.readString(null).toString();
    }

    private static void skipNullableMeta(BinaryDecoder in) throws IOException {
        if (in.readIndex() == 1) {
            skipMeta(in);
        }
    }

    private static void skipMeta(BinaryDecoder in) throws IOException {
        for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
            for (long i = 0; i < n; i++) {
                in.skipString();
                in.skipBytes();
            }
        }
    }
}
