package org.millrace.source.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.PollableSource;
import org.millrace.api.Source;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;
import org.millrace.kafka.RecordValues;
import org.millrace.kafka.testkit.TestBroker;

class KafkaSourceTest extends SourceContract {
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            TestBroker.bootstrapServers(), "acks", "all", "linger.ms", "2"), new StringSerializer(),
            new ByteArraySerializer());
    private String topic;
    private final List<PollableSource> mine = new ArrayList<>();

    @AfterEach
    void closeProducer() {
        mine.forEach(Source::stop);
        producer.close();
    }

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new KafkaSourceFactory().create(TestContexts.config("sources", "r1", "kafka", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        topic = TestBroker.newTopic("source", 2);
        return Map.of("kafka.bootstrap.servers", TestBroker.bootstrapServers(), "kafka.topics", topic,
                "kafka.consumer.group.id", "g-" + topic, "kafka.consumer.auto.offset.reset", "earliest",
                "batchSize", "100", "batchDurationMillis", "50");
    }

    /** Writes the bodies to the topic, all on partition 0 so their order is the topic's. */
    @Override
    protected List<String> send(int port, List<String> bodies) throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        for (String body : bodies) {
            acks.add(producer.send(new ProducerRecord<>(topic, 0, null, body.getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<?> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        return bodies;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }

    /** What a Kafka writer is told is that the topic has its records, not that this source committed them. */
    @Override
    protected boolean acknowledges() {
        return false;
    }

    @Override
    protected boolean producesOnItsOwn(Source source) {
        return false;
    }

    private PollableSource started(Map<String, String> extra, RecordingProcessor processor) throws Exception {
        Map<String, String> properties = new HashMap<>(properties(0, 0));
        properties.putAll(extra);
        PollableSource source = (PollableSource) create(properties);
        source.start(TestContexts.sourceContext("r1", processor));
        mine.add(source);
        return source;
    }

    private static void pollUntil(PollableSource source, RecordingProcessor processor, int events) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (processor.events().size() < events && System.nanoTime() < deadline) {
            source.process();
        }
    }

    @Test
    void eventsCarryTopicPartitionOffsetTimestampKeyAndMappedHeaders() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        PollableSource source = started(Map.of("header.origin", "origin-host"), processor);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 1, 1_234_567L, "the-key",
                "hello".getBytes(StandardCharsets.UTF_8), List.of(new RecordHeader("origin-host",
                        "web7".getBytes(StandardCharsets.UTF_8))));
        TestBroker.produce(topic, List.of(record));
        pollUntil(source, processor, 1);
        Event event = processor.events().get(0);
        assertEquals("hello", new String(event.body(), StandardCharsets.UTF_8));
        assertEquals(Map.of("topic", topic, "partition", "1", "offset", "0", "timestamp", "1234567", "key",
                "the-key", "origin", "web7"), event.headers());
    }

    @Test
    void flumeEventFormatKeepsTheEventsHeadersAndSkipsRecordsThatAreNotEvents() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        Map<String, String> properties = new HashMap<>(properties(0, 0));
        properties.put("useFlumeEventFormat", "true");
        properties.put("topicHeader", "from");
        PollableSource source = (PollableSource) create(properties);
        source.start(context);
        mine.add(source);
        TestBroker.produce(topic, List.of(
                new ProducerRecord<>(topic, 0, null, "not an avro datum at all".getBytes()),
                new ProducerRecord<>(topic, 0, null, RecordValues.of(Event.withHeaders("body".getBytes(), "a", "1",
                        "timestamp", "42"), true))));
        pollUntil(source, processor, 1);
        Event event = processor.events().get(0);
        assertArrayEquals("body".getBytes(), event.body());
        assertEquals("1", event.header("a"));
        assertEquals("42", event.header("timestamp"), "the event's own timestamp header wins");
        assertEquals(topic, event.header("from"));
        assertEquals(1L, context.counter().get(SourceCounter.Name.EventReadFail));
        assertEquals(2L, TestBroker.awaitCommitted("g-" + topic, topic, 2), "committed past the bad record");
    }

    @Test
    void offsetsAreCommittedOnlyAfterTheChannelsCommitted() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        processor.refuseNext(2);
        PollableSource source = started(Map.of(), processor);
        send(0, List.of("a", "b", "c"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (processor.batches() < 1 && System.nanoTime() < deadline) {
            Status status = source.process();
            if (status == Status.BACKOFF && processor.events().isEmpty()) {
                assertEquals(0L, TestBroker.committed("g-" + topic, topic), "nothing committed before the channel did");
            }
        }
        pollUntil(source, processor, 3);
        assertEquals(List.of("a", "b", "c"), processor.events().stream().map(e -> new String(e.body())).toList());
        assertEquals(3L, TestBroker.awaitCommitted("g-" + topic, topic, 3));
    }

    @Test
    void aSourceThatStopsWithoutCommittingLeavesItsBatchToTheNextMember() throws Exception {
        RecordingProcessor refusing = new RecordingProcessor();
        refusing.refuseNext(Integer.MAX_VALUE);
        PollableSource first = started(Map.of(), refusing);
        send(0, List.of("x", "y"));
        for (int i = 0; i < 5; i++) {
            first.process();
        }
        first.stop();
        mine.remove(first);
        RecordingProcessor processor = new RecordingProcessor();
        // auto.offset.reset = earliest: with Kafka's default, latest, a group with no committed offset skips
        // what its last member read but did not commit (Flume's default, kept)
        PollableSource second = (PollableSource) create(Map.of("kafka.bootstrap.servers",
                TestBroker.bootstrapServers(), "kafka.topics", topic, "kafka.consumer.group.id", "g-" + topic,
                "kafka.consumer.auto.offset.reset", "earliest", "batchSize", "100", "batchDurationMillis", "50"));
        second.start(TestContexts.sourceContext("r1", processor));
        mine.add(second);
        pollUntil(second, processor, 2);
        assertEquals(List.of("x", "y"), processor.events().stream().map(e -> new String(e.body())).toList());
    }

    @Test
    void membersJoiningAndLeavingTheGroupUnderLoadLoseNothingAndDuplicateNothing() throws Exception {
        topic = TestBroker.newTopic("rebalance", 4);
        Map<String, String> properties = Map.of("kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                "kafka.topics", topic, "kafka.consumer.group.id", "g-" + topic, "kafka.consumer.auto.offset.reset",
                "earliest", "kafka.consumer.heartbeat.interval.ms", "200", "batchSize", "100",
                "batchDurationMillis", "2000");
        RecordingProcessor delivered = new RecordingProcessor();
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<AtomicBoolean> running = new ArrayList<>();
        try {
            Future<Integer> written = threads.submit(() -> {
                int n = 0;
                while (producing.get()) {
                    List<String> bodies = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        bodies.add("e" + n++);
                    }
                    List<Future<?>> acks = new ArrayList<>();
                    for (String b : bodies) {
                        acks.add(producer.send(new ProducerRecord<>(topic, b.getBytes())));
                    }
                    for (Future<?> a : acks) {
                        a.get();
                    }
                    Thread.sleep(20); // a batch takes ~200 ms to fill: a rebalance comes while one is being gathered
                }
                return n;
            });
            // members come and go: a, then b joins, then a leaves, then c joins
            running.add(member(threads, properties, delivered));
            Thread.sleep(1500);
            running.add(member(threads, properties, delivered));
            Thread.sleep(1500);
            running.get(0).set(false);
            Thread.sleep(1500);
            running.add(member(threads, properties, delivered));
            Thread.sleep(1500);
            producing.set(false);
            int total = written.get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (delivered.events().size() < total && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> bodies = delivered.events().stream().map(e -> new String(e.body())).toList();
            Set<String> distinct = new HashSet<>(bodies);
            assertTrue(total > 1000, "load was flowing: " + total);
            assertTrue(bodies.size() > 0);
            for (int i = 0; i < total; i++) {
                assertTrue(distinct.contains("e" + i), "lost e" + i + " of " + total);
            }
            assertEquals(bodies.size(), distinct.size(), "delivered twice: " + (bodies.size() - distinct.size()));
        } finally {
            producing.set(false);
            running.forEach(r -> r.set(false));
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** A group member polling on its own thread, as the platform's poller does, until told to stop. */
    private AtomicBoolean member(ExecutorService threads, Map<String, String> properties, RecordingProcessor into)
            throws Exception {
        PollableSource source = (PollableSource) create(properties);
        source.start(TestContexts.sourceContext("r1", into));
        AtomicBoolean run = new AtomicBoolean(true);
        threads.submit(() -> {
            try {
                while (run.get()) {
                    source.process();
                }
            } finally {
                source.stop();
            }
            return null;
        });
        return run;
    }

    @Test
    void aRegexSubscribesToEveryMatchingTopic() throws Exception {
        String prefix = "regex-" + System.nanoTime();
        String one = TestBroker.newTopic(prefix, 1);
        String two = TestBroker.newTopic(prefix, 1);
        RecordingProcessor processor = new RecordingProcessor();
        PollableSource source = (PollableSource) create(Map.of("kafka.bootstrap.servers",
                TestBroker.bootstrapServers(), "kafka.topics.regex", prefix + "-.*", "kafka.consumer.group.id",
                "g-" + prefix, "kafka.consumer.auto.offset.reset", "earliest", "batchSize", "100",
                "batchDurationMillis", "50"));
        source.start(TestContexts.sourceContext("r1", processor));
        mine.add(source);
        TestBroker.produce(one, List.of(new ProducerRecord<>(one, "1".getBytes())));
        TestBroker.produce(two, List.of(new ProducerRecord<>(two, "2".getBytes())));
        pollUntil(source, processor, 2);
        assertEquals(Set.of(one, two), new HashSet<>(processor.events().stream().map(e -> e.header("topic"))
                .toList()));
    }

    @Test
    void invalidPropertiesAreNamedWithTheirValueAndReason() {
        String noTopics = assertThrows(ConfigurationException.class, () -> create(Map.of("kafka.bootstrap.servers",
                "localhost:9092"))).getMessage();
        assertTrue(noTopics.contains("kafka.topics"), noTopics);
        String badRegex = assertThrows(ConfigurationException.class, () -> create(Map.of("kafka.bootstrap.servers",
                "localhost:9092", "kafka.topics.regex", "web-(["))).getMessage();
        assertTrue(badRegex.contains("kafka.topics.regex") && badRegex.contains("web-(["), badRegex);
        String zookeeper = assertThrows(ConfigurationException.class, () -> create(Map.of("zookeeperConnect",
                "zk:2181", "topic", "t"))).getMessage();
        assertTrue(zookeeper.contains("kafka.bootstrap.servers") && zookeeper.contains("ZooKeeper"), zookeeper);
        String records = assertThrows(ConfigurationException.class, () -> create(Map.of("kafka.bootstrap.servers",
                "localhost:9092", "kafka.topics", "t", "kafka.consumer.max.poll.records", "many"))).getMessage();
        assertTrue(records.contains("kafka.consumer.max.poll.records") && records.contains("many"), records);
    }
}
