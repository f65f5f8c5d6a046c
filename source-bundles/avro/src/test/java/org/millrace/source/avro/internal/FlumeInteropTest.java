package org.millrace.source.avro.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.conf.Configurables;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.sink.AvroSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Event;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;
import org.millrace.api.testkit.TestKeystores;

/** Flume 1.11's own client SDK and avro sink, talking to Millrace's avro source. */
class FlumeInteropTest {
    private final List<AvroSource> sources = new ArrayList<>();
    private final Random random = new Random(42);

    @AfterEach
    void stopSources() {
        sources.forEach(AvroSource::stop);
    }

    private AvroSource start(RecordingProcessor processor, Map<String, String> properties) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
        all.putAll(properties);
        AvroSource source = (AvroSource) new AvroSourceFactory().create(TestContexts.config("sources", "r1", "avro",
                all));
        source.start(TestContexts.sourceContext("r1", processor));
        sources.add(source);
        return source;
    }

    /** Events with binary bodies of varied sizes and a few headers, some non-ASCII. */
    private List<org.apache.flume.Event> flumeEvents(int n, String tag) {
        List<org.apache.flume.Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[random.nextInt(600)];
            random.nextBytes(body);
            events.add(EventBuilder.withBody(body, Map.of("seq", tag + i, "host", "wéb-1")));
        }
        return events;
    }

    private static void assertSame(List<org.apache.flume.Event> sent, List<Event> received) {
        assertEquals(sent.size(), received.size(), "every event arrived once");
        Map<String, Event> bySeq = new HashMap<>();
        received.forEach(e -> bySeq.put(e.header("seq"), e));
        assertEquals(sent.size(), bySeq.size(), "no event twice");
        for (org.apache.flume.Event e : sent) {
            Event got = bySeq.get(e.getHeaders().get("seq"));
            assertEquals(e.getHeaders(), got.headers());
            assertArrayEquals(e.getBody(), got.body());
        }
    }

    private static Properties client(String hosts, Map<String, String> extra) {
        Properties p = new Properties();
        String[] addresses = hosts.split(" ");
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < addresses.length; i++) {
            names.append(" h").append(i);
            p.put("hosts.h" + i, addresses[i]);
        }
        p.put("hosts", names.toString().trim());
        p.putAll(extra);
        return p;
    }

    private void roundTrip(Map<String, String> source, Map<String, String> client) throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        AvroSource s = start(processor, source);
        RpcClient rpc = RpcClientFactory.getInstance(client("127.0.0.1:" + s.boundPort(), client));
        try {
            List<org.apache.flume.Event> sent = flumeEvents(250, "b");
            rpc.appendBatch(sent);
            org.apache.flume.Event single = flumeEvents(1, "single").get(0);
            rpc.append(single);
            sent.add(single);
            assertSame(sent, processor.events());
        } finally {
            rpc.close();
        }
    }

    @Test
    void theDefaultSdkClientDeliversEveryEventByteForByte() throws Exception {
        roundTrip(Map.of(), Map.of("batch-size", "100"));
    }

    @Test
    void withDeflateOnBothEnds() throws Exception {
        roundTrip(Map.of("compression-type", "deflate"), Map.of("compression-type", "deflate",
                "compression-level", "9"));
    }

    @Test
    void overTls(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystores.keystore(dir);
        roundTrip(Map.of("ssl", "true", "keystore", keystore.toString(), "keystore-password",
                TestKeystores.PASSWORD), Map.of("ssl", "true", "truststore", TestKeystores.truststore(keystore)
                .toString(), "truststore-password", TestKeystores.PASSWORD));
    }

    @Test
    void theLoadBalancingClientSpreadsOverTwoSourcesAndEachEventArrivesOnce() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        AvroSource a = start(processor, Map.of());
        AvroSource b = start(processor, Map.of());
        RpcClient rpc = RpcClientFactory.getInstance(client("127.0.0.1:" + a.boundPort() + " 127.0.0.1:"
                + b.boundPort(), Map.of("client.type", "default_loadbalance", "batch-size", "50")));
        try {
            List<org.apache.flume.Event> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                List<org.apache.flume.Event> batch = flumeEvents(50, "lb" + i + "-");
                rpc.appendBatch(batch);
                sent.addAll(batch);
            }
            assertSame(sent, processor.events());
        } finally {
            rpc.close();
        }
    }

    @Test
    void aFullChannelAnswersFailedSoTheClientKeepsItsEvents() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        AvroSource s = start(processor, Map.of());
        Properties settings = client("127.0.0.1:" + s.boundPort(), Map.of());
        List<org.apache.flume.Event> sent = flumeEvents(10, "full");
        processor.refuseNext(1);
        RpcClient first = RpcClientFactory.getInstance(settings);
        try {
            assertThrows(org.apache.flume.EventDeliveryException.class, () -> first.appendBatch(sent));
        } finally {
            first.close();
        }
        assertEquals(0, processor.events().size());
        // as Flume's avro sink does, the sender retries with a fresh client
        RpcClient retry = RpcClientFactory.getInstance(settings);
        try {
            retry.appendBatch(sent);
        } finally {
            retry.close();
        }
        assertSame(sent, processor.events());
    }

    @Test
    void flumesAvroSinkDeliversToThisSource() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        AvroSource s = start(processor, Map.of());
        MemoryChannel channel = new MemoryChannel();
        Configurables.configure(channel, new Context(Map.of("capacity", "1000", "transactionCapacity", "100")));
        channel.start();
        AvroSink sink = new AvroSink();
        sink.setName("flume-avro-sink");
        Configurables.configure(sink, new Context(Map.of("hostname", "127.0.0.1", "port",
                String.valueOf(s.boundPort()), "batch-size", "100")));
        sink.setChannel(channel);
        sink.start();
        try {
            List<org.apache.flume.Event> sent = flumeEvents(300, "sink");
            for (int i = 0; i < sent.size(); i += 100) {
                Transaction tx = channel.getTransaction();
                tx.begin();
                sent.subList(i, i + 100).forEach(channel::put);
                tx.commit();
                tx.close();
            }
            while (sink.process() == org.apache.flume.Sink.Status.READY && processor.events().size() < 300) {
                Thread.onSpinWait();
            }
            assertSame(sent, processor.events());
        } finally {
            sink.stop();
            channel.stop();
        }
    }
}
