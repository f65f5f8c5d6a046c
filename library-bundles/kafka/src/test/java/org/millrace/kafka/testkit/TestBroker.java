package org.millrace.kafka.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker (KRaft, broker and controller in one node) in the test JVM, started on first use and
 * stopped when the JVM exits, with the few client operations tests need. Every test takes topics of its own
 * ({@link #newTopic}).
 */
public final class TestBroker {
    private static KafkaClusterTestKit cluster;

    private TestBroker() {
    }

    /** The broker's {@code host:port}, starting it if this is the first use in the JVM. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            try {
                TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                        .setNumControllerNodes(1).build();
                KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("num.partitions", "1").build();
                started.format();
                started.startup();
                started.waitForReadyBrokers();
                cluster = started;
                Runtime.getRuntime().addShutdownHook(new Thread(TestBroker::stop, "test-broker-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("the test broker did not start", e);
            }
        }
        return cluster.bootstrapServers();
    }

    /** Creates a topic with a fresh name beginning with {@code prefix}, and returns the name. */
    public static String newTopic(String prefix, int partitions) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
        return name;
    }

    /** Writes records (key may be null) and waits for the broker to acknowledge them all. */
    public static void produce(String topic, List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrapServers(), "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(r));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    /** Every record of the topic from its beginning, read until {@code count} arrived or {@code timeout} passed. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic, int count, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("group.id", "test-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The offsets a consumer group committed on a topic, summed over its partitions (0 if none). */
    public static long committed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("could not read the offsets of " + group, e);
        }
    }

    /**
     * The group's committed offsets on the topic once they reach {@code expected} or 30 s passed (commits are sent
     * without waiting for them, so they land a little after the transaction that made them).
     */
    public static long awaitCommitted(String group, String topic, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long committed = committed(group, topic);
        while (committed < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            committed = committed(group, topic);
        }
        return committed;
    }

    private static synchronized void stop() {
        try {
            cluster.close();
        } catch (Exception e) {
            System.err.println("test broker: " + e);
        }
    }
}
