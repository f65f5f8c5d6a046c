package org.millrace.source.netcat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

class NetcatUdpSourceTest {
    private NetcatUdpSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    @Test
    void eachLineOfADatagramIsAnEventWithTheSendersAddress() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        source = (NetcatUdpSource) new NetcatUdpSourceFactory().create(TestContexts.config("sources", "r1",
                "netcatudp", Map.of("bind", "127.0.0.1", "port", "0", "remoteAddressHeader", "from")));
        source.start(TestContexts.sourceContext("r1", processor));
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] bytes = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), source.boundPort()));
            List<Event> events = processor.await(2, 10);
            assertEquals(List.of("one", "two"), events.stream().map(e -> new String(e.body(),
                    StandardCharsets.UTF_8)).toList());
            assertEquals("/127.0.0.1:" + socket.getLocalPort(), events.get(0).header("from"));
        }
        assertTrue(processor.events().size() == 2, "no empty event for the trailing newline");
    }
}
