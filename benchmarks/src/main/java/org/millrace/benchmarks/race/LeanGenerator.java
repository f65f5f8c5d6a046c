package org.millrace.benchmarks.race;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.millrace.api.Event;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.RpcCodec;

/**
 * A lean load generator speaking the same wire protocol as Flume's SDK: one blocking socket per sender, the
 * appendBatch request encoded once and sent again and again. It spends almost no CPU, so on a machine shared with
 * the agent the measurement is of the agent, not of the client.
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
        byte[] first = new RpcCodec.Writer().handshakeRequest(AvroSourceProtocol.md5(), AvroSourceProtocol.JSON,
                AvroSourceProtocol.md5()).call(AvroSourceProtocol.APPEND_BATCH, events).toByteArray();
        byte[] next = new RpcCodec.Writer().call(AvroSourceProtocol.APPEND_BATCH, events).toByteArray();
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        return new Sender() {
            private int serial;
            private boolean handshaken;

            @Override
            public boolean send() throws Exception {
                byte[] payload = handshaken ? next : first;
                out.writeInt(++serial);
                out.writeInt(1);
                out.writeInt(payload.length);
                out.write(payload);
                out.flush();
                in.readInt(); // serial
                int count = in.readInt();
                java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < count; i++) {
                    byte[] part = new byte[in.readInt()];
                    in.readFully(part);
                    answer.write(part);
                }
                var decoder = RpcCodec.decoder(answer.toByteArray());
                if (!handshaken) {
                    RpcCodec.readHandshakeResponse(decoder);
                    handshaken = true;
                }
                return RpcCodec.readStatus(decoder) == AvroSourceProtocol.Status.OK;
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
}
