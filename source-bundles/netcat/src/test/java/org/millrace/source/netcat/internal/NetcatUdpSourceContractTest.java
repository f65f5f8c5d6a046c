package org.millrace.source.netcat.internal;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The netcatudp source under the source contract: a datagram per body. */
class NetcatUdpSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new NetcatUdpSourceFactory().create(TestContexts.config("sources", "r1", "netcatudp", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("bind", "127.0.0.1", "port", String.valueOf(port));
    }

    @Override
    protected List<String> send(int port, List<String> bodies) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            for (String b : bodies) {
                byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
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
