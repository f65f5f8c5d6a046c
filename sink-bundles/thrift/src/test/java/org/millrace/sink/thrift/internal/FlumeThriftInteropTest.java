package org.millrace.sink.thrift.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.channel.ReplicatingChannelSelector;
import org.apache.flume.conf.Configurables;
import org.apache.flume.source.ThriftSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.millrace.api.Event;
import org.millrace.api.testkit.OpenFiles;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.TestContexts;

/** Millrace's thrift sink delivering to Flume 1.11's own thrift source, in both protocols. */
class FlumeThriftInteropTest {

    @ParameterizedTest
    @ValueSource(strings = {"compact", "binary"})
    void flumesThriftSourceTakesWhatTheSinkSends(String protocol) throws Exception {
        int port = OpenFiles.freePort();
        MemoryChannel flumeChannel = new MemoryChannel();
        Configurables.configure(flumeChannel, new Context(Map.of("capacity", "1000", "transactionCapacity", "500")));
        flumeChannel.start();
        ReplicatingChannelSelector selector = new ReplicatingChannelSelector();
        selector.setChannels(List.of(flumeChannel));
        ThriftSource flume = new ThriftSource();
        flume.setName("flume");
        Configurables.configure(flume, new Context(Map.of("bind", "127.0.0.1", "port", String.valueOf(port),
                "protocol", protocol)));
        flume.setChannelProcessor(new ChannelProcessor(selector));
        flume.start();
        ThriftSink sink = (ThriftSink) new ThriftSinkFactory().create(TestContexts.config("sinks", "k1", "thrift",
                Map.of("hostname", "127.0.0.1", "port", String.valueOf(port), "protocol", protocol,
                        "batch-size", "50")));
        List<Event> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            sent.add(Event.withHeaders(("event-" + i + " ü").getBytes(StandardCharsets.UTF_8), "i", String.valueOf(i)));
        }
        QueueChannel channel = QueueChannel.of(sent);
        try {
            sink.start(TestContexts.sinkContext("k1", channel));
            for (int i = 0; i < 3; i++) {
                sink.process();
            }
        } finally {
            sink.stop();
            flume.stop();
        }
        List<org.apache.flume.Event> received = new ArrayList<>();
        Transaction tx = flumeChannel.getTransaction();
        tx.begin();
        for (org.apache.flume.Event e = flumeChannel.take(); e != null; e = flumeChannel.take()) {
            received.add(e);
        }
        tx.commit();
        tx.close();
        assertEquals(120, received.size());
        for (int i = 0; i < 120; i++) {
            assertArrayEquals(sent.get(i).body(), received.get(i).getBody());
            assertEquals(Map.of("i", String.valueOf(i)), received.get(i).getHeaders());
        }
    }
}
