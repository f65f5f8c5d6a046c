package org.millrace.source.thrift.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flume.Context;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.Transaction;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.conf.Configurables;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.sink.ThriftSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;
import org.millrace.api.testkit.TestKeystores;

/** Flume 1.11's own thrift RPC client and thrift sink, talking to Millrace's thrift source. */
class FlumeThriftInteropTest {
    @TempDir
    Path dir;
    private final List<ThriftSource> sources = new ArrayList<>();
    private final RecordingProcessor processor = new RecordingProcessor();
    private final SourceContext context = TestContexts.sourceContext("r1", processor);

    @AfterEach
    void stop() {
        sources.forEach(ThriftSource::stop);
    }

    private ThriftSource start(Map<String, String> properties) throws Exception {
        Map<String, String> p = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
        p.putAll(properties);
        ThriftSource source = (ThriftSource) new ThriftSourceFactory().create(TestContexts.config("sources", "r1",
                "thrift", p));
        source.start(context);
        sources.add(source);
        return source;
    }

    private static RpcClient client(int port, Map<String, String> more) {
        Properties p = new Properties();
        p.setProperty("client.type", "thrift");
        p.setProperty("hosts", "h1");
        p.setProperty("hosts.h1", "127.0.0.1:" + port);
        p.setProperty("batch-size", "50");
        more.forEach(p::setProperty);
        return RpcClientFactory.getInstance(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"compact", "binary"})
    void flumesSdkClientAppendsAndAppendsBatches(String protocol) throws Exception {
        ThriftSource source = start(Map.of("protocol", protocol));
        RpcClient client = client(source.boundPort(), Map.of("protocol", protocol));
        try {
            client.append(EventBuilder.withBody("single", StandardCharsets.UTF_8, Map.of("k", "v")));
            List<org.apache.flume.Event> batch = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                batch.add(EventBuilder.withBody(("b" + i).getBytes(StandardCharsets.UTF_8)));
            }
            client.appendBatch(batch);
        } finally {
            client.close();
        }
        List<Event> events = processor.events();
        assertEquals(121, events.size());
        assertEquals("single", new String(events.get(0).body(), StandardCharsets.UTF_8));
        assertEquals(Map.of("k", "v"), events.get(0).headers());
        assertEquals("b119", new String(events.get(120).body(), StandardCharsets.UTF_8));
        assertEquals(1L, context.counter().get(SourceCounter.Name.AppendAcceptedCount));
        assertEquals(3L, context.counter().get(SourceCounter.Name.AppendBatchAcceptedCount), "the SDK sends 50s");
    }

    @Test
    void aFullChannelIsFailedAndFlumesClientKeepsItsEvents() throws Exception {
        ThriftSource source = start(Map.of());
        RpcClient client = client(source.boundPort(), Map.of());
        try {
            processor.refuseNext(1);
            assertThrows(EventDeliveryException.class, () -> client.appendBatch(List.of(EventBuilder.withBody(
                    new byte[] {1}))));
        } finally {
            client.close();
        }
        assertEquals(1L, context.counter().get(SourceCounter.Name.ChannelWriteFail));
    }

    @Test
    void flumesSdkClientOverTls() throws Exception {
        Path keystore = TestKeystores.keystore(dir);
        ThriftSource source = start(Map.of("ssl", "true", "keystore", keystore.toString(), "keystore-password",
                TestKeystores.PASSWORD));
        RpcClient client = client(source.boundPort(), Map.of("ssl", "true", "truststore",
                TestKeystores.truststore(keystore).toString(), "truststore-password", TestKeystores.PASSWORD));
        try {
            client.append(EventBuilder.withBody("secret", StandardCharsets.UTF_8));
        } finally {
            client.close();
        }
        assertEquals("secret", new String(processor.events().get(0).body(), StandardCharsets.UTF_8));
    }

    @Test
    void flumesThriftSinkDelivers() throws Exception {
        ThriftSource source = start(Map.of());
        MemoryChannel channel = new MemoryChannel();
        Configurables.configure(channel, new Context(Map.of("capacity", "100", "transactionCapacity", "100")));
        channel.start();
        Transaction put = channel.getTransaction();
        put.begin();
        for (int i = 0; i < 30; i++) {
            channel.put(EventBuilder.withBody(("from-flume-" + i).getBytes(StandardCharsets.UTF_8), Map.of("n",
                    String.valueOf(i))));
        }
        put.commit();
        put.close();
        ThriftSink sink = new ThriftSink();
        sink.setName("flume-sink");
        Configurables.configure(sink, new Context(Map.of("hostname", "127.0.0.1", "port",
                String.valueOf(source.boundPort()), "batch-size", "30")));
        sink.setChannel(channel);
        sink.start();
        try {
            sink.process();
        } finally {
            sink.stop();
            channel.stop();
        }
        List<Event> events = processor.events();
        assertEquals(30, events.size());
        assertEquals("29", events.get(29).header("n"));
        assertArrayEquals("from-flume-0".getBytes(StandardCharsets.UTF_8), events.get(0).body());
    }

    @Test
    void kerberosIsRefusedWithAReason() {
        Exception e = assertThrows(org.millrace.api.ConfigurationException.class, () -> new ThriftSourceFactory()
                .create(TestContexts.config("sources", "r1", "thrift", Map.of("bind", "0.0.0.0", "port", "1",
                        "kerberos", "true"))));
        assertTrue(e.getMessage().contains("a1.sources.r1.kerberos"), e.getMessage());
    }
}
