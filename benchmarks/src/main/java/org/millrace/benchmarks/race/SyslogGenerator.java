package org.millrace.benchmarks.race;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Writes RFC 3164 lines to a syslog TCP source, a batch's worth per write, as a relay forwards them. Syslog has no
 * acknowledgement: a batch counts once written, which the agent's reading paces (TCP back-pressure); what the
 * socket buffers still hold at the end is a few thousand events of millions.
 */
final class SyslogGenerator extends SenderThreads {

    @Override
    protected Sender sender(String host, int port, int batch, int bodyBytes, int id) throws Exception {
        Random random = new Random(id);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < batch; i++) {
            char[] text = new char[bodyBytes];
            for (int c = 0; c < text.length; c++) {
                text[c] = (char) ('a' + random.nextInt(26));
            }
            lines.append("<13>Dec  1 10:00:00 web-").append(id).append(" app[42]: ").append(text).append('\n');
        }
        ByteBuffer payload = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
        SocketChannel socket = SocketChannel.open(new InetSocketAddress(host, port));
        return new Sender() {
            @Override
            public boolean send() throws Exception {
                payload.clear();
                while (payload.hasRemaining()) {
                    socket.write(payload);
                }
                return true;
            }

            @Override
            public void close() {
                try {
                    socket.close();
                } catch (java.io.IOException ignored) {
                    // the run is over
                }
            }
        };
    }
}
