package org.millrace.source.syslog.internal;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The syslogudp source under the source contract: each body a datagram. */
class SyslogUdpSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new SyslogUdpSourceFactory().create(TestContexts.config("sources", "r1", "syslogudp", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(port));
    }

    /** Sends a datagram each, paced so the socket's buffer holds them while the channel refuses. */
    @Override
    protected List<String> send(int port, List<String> bodies) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            for (String b : bodies) {
                byte[] bytes = ("<13>Dec  1 10:00:00 web-1 " + b).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            }
        }
        return bodies;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }

    @Override
    protected boolean acknowledges() {
        return false;
    }
}
