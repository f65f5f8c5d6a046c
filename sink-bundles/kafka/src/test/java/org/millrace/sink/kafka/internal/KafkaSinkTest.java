package org.millrace.sink.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.SinkContract;
import org.millrace.api.testkit.TestContexts;
import org.millrace.kafka.RecordValues;
import org.millrace.kafka.testkit.TestBroker;

class KafkaSinkTest extends SinkContract {
    private final String topic = TestBroker.newTopic("sink", 3);

    @Override
    protected Sink create(Map<String, String> properties) throws Exception {
        return new KafkaSinkFactory().create(TestContexts.config("sinks", "k1", "kafka", properties));
    }

    @Override
    protected Map<String, String> workingProperties() {
        return Map.of("kafka.bootstrap.servers", TestBroker.bootstrapServers(), "kafka.topic", topic);
    }

    @Override
    protected Map<String, String> failingProperties() {
        // no broker answers there; a send gives up waiting for the topic's metadata after max.block.ms
        return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort(), "kafka.topic", topic,
                "kafka.producer.max.block.ms", "300");
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ConsumerRecord<String, byte[]>> deliver(Map<String, String> extra, List<Event> events)
            throws Exception {
        Map<String, String> properties = new HashMap<>(workingProperties());
        properties.putAll(extra);
        Sink sink = create(properties);
        QueueChannel channel = QueueChannel.of(events);
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        try {
            while (sink.process() == Status.READY) {
                // drain
            }
        } finally {
            sink.stop();
        }
        assertEquals(0, channel.size());
        return TestBroker.readAll(topic, events.size(), Duration.ofSeconds(30));
    }

    @Test
    void recordsCarryTheKeyPartitionTimestampAndMappedHeadersOfTheirEvents() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(Event.withHeaders(("body " + i).getBytes(StandardCharsets.UTF_8), "key", "k" + (i % 5),
                    "p", Integer.toString(i % 3), "ts", Long.toString(1_000_000 + i), "host", "web" + i));
        }
        List<ConsumerRecord<String, byte[]>> records = deliver(Map.of("partitionIdHeader", "p",
                "timestampHeader", "ts", "header.host", "origin-host", "flumeBatchSize", "7"), events);
        assertEquals(30, records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            int i = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).substring(5));
            assertEquals("k" + (i % 5), r.key());
            assertEquals(i % 3, r.partition());
            assertEquals(1_000_000 + i, r.timestamp());
            assertEquals("web" + i, new String(r.headers().lastHeader("origin-host").value(), StandardCharsets.UTF_8));
            assertNull(r.headers().lastHeader("p"), "only mapped headers become record headers");
        }
    }

    @Test
    void flumeEventFormatKeepsTheHeadersInTheRecordValue() throws Exception {
        Event event = Event.withHeaders("payload".getBytes(StandardCharsets.UTF_8), "a", "1", "b", "2");
        List<ConsumerRecord<String, byte[]>> records = deliver(Map.of("useFlumeEventFormat", "true",
                "defaultPartitionId", "2"), List.of(event));
        Event back = RecordValues.event(records.get(0).value(), true);
        assertEquals(Map.of("a", "1", "b", "2"), back.headers());
        assertArrayEquals("payload".getBytes(StandardCharsets.UTF_8), back.body());
        assertEquals(2, records.get(0).partition());
    }

    @Test
    void theTopicHeaderOverridesTheTopicAndEscapesTakeHeaderValues() throws Exception {
        String other = TestBroker.newTopic("sink-other", 1);
        String escaped = TestBroker.newTopic("sink-escaped", 1);
        Map<String, String> properties = new HashMap<>(workingProperties());
        properties.put("kafka.topic", "%{dest}");
        Sink sink = create(properties);
        sink.start(TestContexts.sinkContext("k1", QueueChannel.of(List.of(
                Event.withHeaders("to-other".getBytes(), "topic", other),
                Event.withHeaders("to-escaped".getBytes(), "dest", escaped)))));
        sink.process();
        sink.stop();
        assertEquals("to-other", new String(TestBroker.readAll(other, 1, Duration.ofSeconds(30)).get(0).value()));
        assertEquals("to-escaped", new String(TestBroker.readAll(escaped, 1, Duration.ofSeconds(30)).get(0).value()));
    }

    @Test
    void flumesDeprecatedNamesStillWork() throws Exception {
        Map<String, String> old = Map.of("brokerList", TestBroker.bootstrapServers(), "topic", topic,
                "batchSize", "4", "requiredAcks", "-1");
        Sink sink = create(old);
        QueueChannel channel = QueueChannel.of(List.of(Event.of("a"), Event.of("b"), Event.of("c"), Event.of("d"),
                Event.of("e")));
        sink.start(TestContexts.sinkContext("k1", channel));
        sink.process();
        sink.stop();
        assertEquals(1, channel.size(), "batchSize 4 was read as flumeBatchSize");
        assertEquals(4, TestBroker.readAll(topic, 4, Duration.ofSeconds(30)).size());
    }

    @Test
    void invalidPropertiesAreNamedWithTheirValueAndReason() {
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> create(Map.of(
                "kafka.topic", "t", "defaultPartitionId", "first")));
        String text = missing.getMessage();
        assertTrue(text.contains("kafka.bootstrap.servers"), text);
        assertTrue(text.contains("defaultPartitionId") && text.contains("first"), text);

        ConfigurationException acks = assertThrows(ConfigurationException.class, () -> create(Map.of(
                "kafka.bootstrap.servers", "localhost:9092", "kafka.producer.acks", "sometimes")));
        assertTrue(acks.getMessage().contains("kafka.producer.acks") && acks.getMessage().contains("sometimes"),
                acks.getMessage());
    }
}
