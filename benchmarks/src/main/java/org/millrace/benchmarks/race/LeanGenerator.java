package org.millrace.benchmarks.race;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.millrace.api.Event;
import org.millrace.avro.rpc.internal.AvroBinary;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.internal.RpcCodec;

/**
 * A lean load generator speaking the same wire protocol as Flume's SDK: one blocking socket channel per sender,
 * the appendBatch frame encoded once into a direct buffer and sent again and again with a new serial. It spends
 * almost no CPU of its own (no copies in Java), so on a machine shared with the agent the measurement is of the
 * agent, not of the client.
 */
final class LeanGenerator extends SenderThreads {

    @Override
    protected Sender sender(String host, int port, int batch, int bodyBytes, int id) throws IOException {
        List<Event> events = new ArrayList<>(batch);
        Random random = new Random(id);
        for (int i = 0; i < batch; i++) {
            byte[] body = new byte[bodyBytes];
            random.nextBytes(body);
            events.add(Event.of(Map.of("sender", String.valueOf(id)), body));
        }
        ByteBuffer first = frame(new RpcCodec.Writer().handshakeRequest(AvroSourceProtocol.md5(),
                AvroSourceProtocol.JSON, AvroSourceProtocol.md5()).call(AvroSourceProtocol.APPEND_BATCH, events)
                .toByteArray());
        ByteBuffer next = frame(new RpcCodec.Writer().call(AvroSourceProtocol.APPEND_BATCH, events).toByteArray());
        SocketChannel socket = SocketChannel.open(new InetSocketAddress(host, port));
        socket.socket().setTcpNoDelay(true);
        ByteBuffer answer = ByteBuffer.allocateDirect(64 * 1024);
        ByteBuffer message = ByteBuffer.allocate(answer.capacity());
        return new Sender() {
            private int serial;
            private boolean handshaken;

            @Override
            public boolean send() throws Exception {
                ByteBuffer request = handshaken ? next : first;
                request.clear();
                request.putInt(0, ++serial);
                while (request.hasRemaining()) {
                    socket.write(request);
                }
                AvroBinary.Reader in = new AvroBinary.Reader(readAnswer());
                if (!handshaken) {
                    RpcCodec.readHandshakeResponse(in);
                    handshaken = true;
                }
                return RpcCodec.readStatus(in) == AvroSourceProtocol.Status.OK;
            }

            /** Reads one answer frame; returns its message, its buffers joined (valid until the next answer). */
            private ByteBuffer readAnswer() throws IOException {
                answer.clear();
                int at = fill(0, 8);
                int count = answer.getInt(4);
                message.clear();
                for (int i = 0; i < count; i++) {
                    at = fill(at, 4);
                    int length = answer.getInt(at - 4);
                    at = fill(at, length);
                    message.put(answer.slice(at - length, length));
                }
                return message.flip();
            }

            /** Reads until {@code bytes} more than {@code from} are in; returns the new offset. */
            private int fill(int from, int bytes) throws IOException {
                while (answer.position() < from + bytes) {
                    if (socket.read(answer) < 0) {
                        throw new EOFException("the agent closed the connection");
                    }
                }
                return from + bytes;
            }

            @Override
            public void close() {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing
                }
            }
        };
    }

    /** A whole frame in a direct buffer: serial (patched per send), one buffer, its length, the message. */
    private static ByteBuffer frame(byte[] message) {
        ByteBuffer frame = ByteBuffer.allocateDirect(12 + message.length);
        frame.putInt(0).putInt(1).putInt(message.length).put(message).flip();
        return frame;
    }
}
