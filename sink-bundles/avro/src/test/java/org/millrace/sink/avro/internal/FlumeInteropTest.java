package org.millrace.sink.avro.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.channel.ReplicatingChannelSelector;
import org.apache.flume.conf.Configurables;
import org.apache.flume.source.AvroSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.TestContexts;
import org.millrace.api.testkit.TestKeystores;

/** Millrace's avro sink delivering to Flume 1.11's own avro source. */
class FlumeInteropTest {
    private final Random random = new Random(7);
    private final List<Runnable> cleanup = new ArrayList<>();
    private MemoryChannel flumeChannel;

    @AfterEach
    void cleanUp() {
        cleanup.forEach(Runnable::run);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Flume's avro source on {@code port}, into a Flume memory channel. */
    private AvroSource flumeSource(int port, Map<String, String> properties) {
        flumeChannel = new MemoryChannel();
        Configurables.configure(flumeChannel, new Context(Map.of("capacity", "10000", "transactionCapacity", "1000")));
        flumeChannel.start();
        ReplicatingChannelSelector selector = new ReplicatingChannelSelector();
        selector.setChannels(List.of(flumeChannel));
        AvroSource source = new AvroSource();
        source.setName("flume-avro-source");
        source.setChannelProcessor(new ChannelProcessor(selector));
        Map<String, String> all = new HashMap<>(Map.of("bind", "127.0.0.1", "port", String.valueOf(port)));
        all.putAll(properties);
        Configurables.configure(source, new Context(all));
        source.start();
        cleanup.add(source::stop);
        cleanup.add(flumeChannel::stop);
        return source;
    }

    private Sink sink(int port, Map<String, String> properties, SinkContext context) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("hostname", "127.0.0.1", "port", String.valueOf(port),
                "connect-timeout", "3000", "request-timeout", "3000"));
        all.putAll(properties);
        Sink sink = new AvroSinkFactory().create(TestContexts.config("sinks", "k1", "avro", all));
        sink.start(context);
        cleanup.add(0, sink::stop);
        return sink;
    }

    private List<Event> events(int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[random.nextInt(700)];
            random.nextBytes(body);
            out.add(Event.of(Map.of("seq", String.valueOf(i), "tz", "Europe/Zürich"), body));
        }
        return out;
    }

    /** Everything the Flume source committed. */
    private List<org.apache.flume.Event> flumeReceived() {
        List<org.apache.flume.Event> out = new ArrayList<>();
        Transaction tx = flumeChannel.getTransaction();
        tx.begin();
        for (org.apache.flume.Event e = flumeChannel.take(); e != null; e = flumeChannel.take()) {
            out.add(e);
        }
        tx.commit();
        tx.close();
        return out;
    }

    private static void drain(Sink sink) throws EventDeliveryException {
        while (sink.process() == Status.READY) {
            Thread.onSpinWait();
        }
    }

    private void deliversEverythingByteForByte(Map<String, String> flume, Map<String, String> millrace)
            throws Exception {
        int port = freePort();
        flumeSource(port, flume);
        List<Event> sent = events(350);
        Sink sink = sink(port, millrace, TestContexts.sinkContext("k1", QueueChannel.of(sent)));
        drain(sink);
        List<org.apache.flume.Event> got = flumeReceived();
        assertEquals(sent.size(), got.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).headers(), got.get(i).getHeaders());
            assertArrayEquals(sent.get(i).body(), got.get(i).getBody());
        }
    }

    @Test
    void deliversToFlumesAvroSource() throws Exception {
        deliversEverythingByteForByte(Map.of(), Map.of("batch-size", "100"));
    }

    @Test
    void withDeflate() throws Exception {
        deliversEverythingByteForByte(Map.of("compression-type", "deflate"), Map.of("compression-type", "deflate",
                "compression-level", "1"));
    }

    @Test
    void overTls(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystores.keystore(dir);
        deliversEverythingByteForByte(Map.of("ssl", "true", "keystore", keystore.toString(), "keystore-password",
                TestKeystores.PASSWORD), Map.of("ssl", "true", "truststore", TestKeystores.truststore(keystore)
                .toString(), "truststore-password", TestKeystores.PASSWORD));
        deliversEverythingByteForByte(Map.of("ssl", "true", "keystore", keystore.toString(), "keystore-password",
                TestKeystores.PASSWORD), Map.of("ssl", "true", "trust-all-certs", "true"));
    }

    @Test
    void whileTheNextHopIsDownTheBatchStaysInTheChannel() throws Exception {
        int port = freePort();
        List<Event> sent = events(30);
        QueueChannel channel = QueueChannel.of(sent);
        SinkContext context = TestContexts.sinkContext("k1", channel);
        Sink sink = sink(port, Map.of("batch-size", "10"), context);
        assertThrows(EventDeliveryException.class, sink::process);
        assertEquals(30, channel.size(), "rolled back");
        assertEquals(1L, context.counter().get(SinkCounter.Name.ConnectionFailedCount));

        flumeSource(port, Map.of());
        drain(sink);
        assertEquals(30, flumeReceived().size());
        assertEquals(0, channel.size());
    }
}
