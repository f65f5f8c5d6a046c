package org.millrace.channel.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.Channel;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.api.testkit.ChannelContract;
import org.millrace.api.testkit.TestContexts;
import org.millrace.kafka.RecordValues;
import org.millrace.kafka.testkit.TestBroker;

class KafkaChannelTest extends ChannelContract {
    private final List<Channel> mine = new ArrayList<>();

    @AfterEach
    void stopMine() {
        mine.forEach(Channel::stop);
    }

    @Override
    protected Capabilities capabilities() {
        return new Capabilities(false, false);
    }

    /** A channel on a topic of its own, one partition so that takes come in put order. */
    @Override
    protected Channel create(Map<String, String> properties) throws Exception {
        Map<String, String> all = new HashMap<>(properties);
        if (!all.containsKey("brokerList")) {
            all.putIfAbsent("kafka.bootstrap.servers", TestBroker.bootstrapServers());
        }
        if (!all.containsKey("topic")) {
            all.putIfAbsent("kafka.topic", TestBroker.newTopic("channel", 1));
        }
        if (!all.containsKey("groupId")) {
            all.putIfAbsent("kafka.consumer.group.id", "g-" + all.get("kafka.topic"));
        }
        all.putIfAbsent("kafka.pollTimeout", "100");
        return new KafkaChannelFactory().create(TestContexts.config("channels", "c1", "kafka", all));
    }

    private Channel started(Map<String, String> properties) throws Exception {
        Channel channel = create(properties);
        channel.start(TestContexts.channelContext("c1"));
        mine.add(channel);
        return channel;
    }

    /** Takes in committed transactions until one takes something (a first fetch may outlast a short pollTimeout). */
    private static List<String> takeSoon(Channel channel, int max) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> taken = takeCommitted(channel, max);
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            taken = takeCommitted(channel, max);
        }
        return taken;
    }

    @Test
    void aChannelThatRestartsFindsItsEventsInKafka() throws Exception {
        String topic = TestBroker.newTopic("durable", 1);
        Channel first = started(Map.of("kafka.topic", topic));
        putCommitted(first, List.of(event("1"), event("2"), event("3")));
        assertEquals(List.of("1"), takeCommitted(first, 1));
        first.stop();
        mine.remove(first);
        Channel second = started(Map.of("kafka.topic", topic));
        assertEquals(List.of("2", "3"), takeCommitted(second, 10));
    }

    @Test
    void eventsGoOnTheTopicInFlumesEventFormatAndComeBackWithTheirHeaders() throws Exception {
        String topic = TestBroker.newTopic("format", 1);
        Channel channel = started(Map.of("kafka.topic", topic));
        putCommitted(channel, List.of(Event.withHeaders("b".getBytes(), "host", "web1", "key", "k7")));
        ConsumerRecord<String, byte[]> record = TestBroker.readAll(topic, 1, Duration.ofSeconds(30)).get(0);
        assertEquals("k7", record.key());
        assertEquals(Map.of("host", "web1", "key", "k7"), RecordValues.event(record.value(), true).headers());
        List<Event> taken = new ArrayList<>();
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            tx.take(10, taken);
            tx.commit();
        }
        assertEquals(Map.of("host", "web1", "key", "k7"), taken.get(0).headers());
    }

    @Test
    void recordsThatAreNotFlumeEventsAreSkippedAndCounted() throws Exception {
        String topic = TestBroker.newTopic("bad", 1);
        TestBroker.produce(topic, List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                "plain bytes".getBytes())));
        Channel channel = started(Map.of("kafka.topic", topic));
        putCommitted(channel, List.of(event("good")));
        assertEquals(List.of("good"), takeSoon(channel, 10));
    }

    @Test
    void twoChannelsInOneGroupShareTheTopicsEvents() throws Exception {
        String topic = TestBroker.newTopic("shared", 1);
        Channel putter = started(Map.of("kafka.topic", topic, "kafka.consumer.group.id", "shared-" + topic));
        Channel taker = started(Map.of("kafka.topic", topic, "kafka.consumer.group.id", "shared-" + topic,
                "parseAsFlumeEvent", "true"));
        putCommitted(putter, List.of(event("x"), event("y")));
        assertEquals(List.of("x", "y"), takeCommitted(taker, 10));
    }

    /** The thread that took first ends only after the next one began to take, as a replaced sink's thread may. */
    @Test
    void aThreadThatStopsTakingDoesNotHoldItsPartitionsFromTheNextOne() throws Exception {
        Channel channel = started(Map.of());
        putCommitted(channel, List.of(event("1"), event("2")));
        CountDownLatch took = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        List<String> first = new ArrayList<>();
        Thread one = new Thread(() -> {
            first.addAll(takeSoon(channel, 1));
            took.countDown();
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        one.start();
        ExecutorService two = Executors.newSingleThreadExecutor();
        try {
            assertTrue(took.await(60, TimeUnit.SECONDS));
            assertEquals(List.of("1"), first);
            long start = System.nanoTime();
            Future<List<String>> taken = two.submit(() -> takeSoon(channel, 1));
            Thread.sleep(500);
            end.countDown();
            one.join();
            assertEquals(List.of("2"), taken.get(60, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20),
                    "the ended thread's consumer left the group at once");
        } finally {
            end.countDown();
            two.shutdown();
        }
    }

    @Test
    void flumesNamesOldAndDocumentedAreRead() throws Exception {
        String topic = TestBroker.newTopic("names", 1);
        Channel channel = started(Map.of("brokerList", TestBroker.bootstrapServers(), "topic", topic,
                "groupId", "old-" + topic, "readSmallestOffset", "true", "pollTimeout", "50"));
        putCommitted(channel, List.of(event("old names")));
        assertEquals(List.of("old names"), takeSoon(channel, 1));
        assertEquals(1L, TestBroker.awaitCommitted("old-" + topic, topic, 1));
    }

    @Test
    void invalidPropertiesAreNamedWithTheirValueAndReason() {
        String missing = assertThrows(ConfigurationException.class, () -> new KafkaChannelFactory().create(
                TestContexts.config("channels", "c1", "kafka", Map.of("defaultPartitionId", "x")))).getMessage();
        assertTrue(missing.contains("kafka.bootstrap.servers") && missing.contains("defaultPartitionId"), missing);
        String reset = assertThrows(ConfigurationException.class, () -> create(Map.of(
                "kafka.consumer.auto.offset.reset", "smallest"))).getMessage();
        assertTrue(reset.contains("kafka.consumer.auto.offset.reset") && reset.contains("smallest"), reset);
    }
}
