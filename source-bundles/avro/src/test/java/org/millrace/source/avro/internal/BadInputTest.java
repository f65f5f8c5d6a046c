package org.millrace.source.avro.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.event.EventBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

/** What a hostile or broken peer sends is refused and counted, and the source keeps serving the others. */
class BadInputTest {
    private final RecordingProcessor processor = new RecordingProcessor();
    private final SourceContext context = TestContexts.sourceContext("r1", processor);
    private AvroSource source;

    private void start(Map<String, String> properties) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0", "max-frame-bytes", "65536",
                "stall-timeout", "1"));
        all.putAll(properties);
        source = (AvroSource) new AvroSourceFactory().create(TestContexts.config("sources", "r1", "avro", all));
        source.start(context);
    }

    @AfterEach
    void stop() {
        source.stop();
    }

    private long readFails() {
        return context.counter().get(SourceCounter.Name.EventReadFail);
    }

    /** Sends bytes and waits for the source to close the connection (or the timeout). */
    private void sendAndExpectClose(byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes);
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "the source closed the connection");
        }
    }

    private void stillServes() throws Exception {
        Properties p = new Properties();
        p.put("hosts", "h1");
        p.put("hosts.h1", "127.0.0.1:" + source.boundPort());
        RpcClient client = RpcClientFactory.getInstance(p);
        try {
            int before = processor.events().size();
            client.append(EventBuilder.withBody("still served".getBytes(StandardCharsets.UTF_8)));
            assertEquals(before + 1, processor.events().size());
        } finally {
            client.close();
        }
    }

    @Test
    void garbageIsRefusedCountedAndOthersAreServed() throws Exception {
        start(Map.of());
        sendAndExpectClose("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, readFails());
        stillServes();
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItIsBuffered() throws Exception {
        start(Map.of());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        out.writeInt(1);
        out.writeInt(10 * 1024 * 1024);
        sendAndExpectClose(bytes.toByteArray());
        assertEquals(1, readFails());
        stillServes();
    }

    @Test
    void aFrameThatDoesNotDecodeIsRefused() throws Exception {
        start(Map.of());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        out.writeInt(1);
        out.writeInt(5);
        out.write(new byte[] {1, 2, 3, 4, 5});
        sendAndExpectClose(bytes.toByteArray());
        assertEquals(1, readFails());
        stillServes();
    }

    @Test
    void aTruncatedFrameIsCounted() throws Exception {
        start(Map.of());
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(100);
            out.write(new byte[40]);
            out.flush();
            Thread.sleep(200);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (readFails() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, readFails());
        stillServes();
    }

    @Test
    void aPeerThatConnectsAndStallsIsTimedOut() throws Exception {
        start(Map.of());
        sendAndExpectClose(new byte[0]);
        assertEquals(1, readFails());
        sendAndExpectClose(new byte[] {0, 0, 0, 1, 0});
        assertEquals(2, readFails());
        stillServes();
    }

    @Test
    void ipFilterRulesDecideWhoMayConnect() throws Exception {
        start(Map.of("ipFilter", "true", "ipFilterRules", "deny:ip:127.0.0.*,allow:ip:*"));
        sendAndExpectClose(new byte[0]);
        assertEquals(0, readFails(), "a refused peer is not a read failure");
        assertEquals("a1.sources.r1.ipFilterRules = allow:ip:127.*,permit:ip:*: rule 'permit:ip:*' is not"
                + " allow|deny:ip|name:<pattern>", assertThrows(org.millrace.api.ConfigurationException.class,
                        () -> new AvroSourceFactory().create(TestContexts.config("sources", "r1", "avro", Map.of(
                                "bind", "x", "port", "1", "ipFilter", "true", "ipFilterRules",
                                "allow:ip:127.*,permit:ip:*")))).problems().get(0).toString());
    }
}
