package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;
import org.millrace.kafka.testkit.TestBroker;

/**
 * Millrace and Apache Flume 1.11.0 (its own jars, its own process, its kafka-clients 2.7.2) meet on one Kafka
 * broker (KRaft, in this JVM), each way and through each connector, with Flume's event format so headers cross:
 * Flume's Kafka sink → topic → Millrace's Kafka source; Millrace's Kafka sink → topic → Flume's Kafka source;
 * Flume puts into a Kafka channel topic that Millrace's Kafka channel takes from; Millrace puts into one that
 * Flume's takes from. Every event arrives once at the other side's file_roll sink with the headers it was sent with.
 * Not a Pax Exam test: it runs the distribution and Flume as a user does.
 */
public class KafkaFlumeInteropIT {
    private static final int EVENTS = 2_000;
    private static final long WAIT_MILLIS = 180_000;
    private static final String KAFKA_CHANNEL = "org.apache.flume.channel.kafka.KafkaChannel";

    @Test
    public void eventsAndTheirHeadersCrossBetweenFlumeAndMillraceThroughEveryKafkaConnector() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "kafka-interop").toAbsolutePath());
        Distribution.deleteTree(root);
        String servers = TestBroker.bootstrapServers();
        Map<String, String> topics = new HashMap<>();
        for (String t : List.of("flumeSink", "millraceSink", "flumePuts", "millracePuts")) {
            topics.put(t, TestBroker.newTopic(t, 2));
        }
        Path flumeLib = Path.of(System.getProperty("millrace.flume.lib"));
        FlumeRuntime.resolve(flumeLib, Path.of(System.getProperty("millrace.flume.pom")));

        Distribution millrace = Distribution.unpack(root.resolve("millrace"));
        Files.delete(millrace.resolve("etc/org.millrace.agent-a1.cfg"));
        Files.writeString(millrace.resolve("etc/org.millrace.agent-mr.cfg"), fill("""
                mr.sources = fromFlumeSink toFlumeSource toFlumeChannel
                mr.channels = mem fromFlumeChannel toKafka mem2
                mr.sinks = gotFromSink gotFromChannel toFlume
                mr.sinks.toFlume.type = kafka
                mr.sinks.toFlume.channel = mem2
                mr.sinks.toFlume.kafka.bootstrap.servers = SERVERS
                mr.sinks.toFlume.kafka.topic = T_millraceSink
                mr.sinks.toFlume.useFlumeEventFormat = true
                """ + memory("mr", "mem") + memory("mr", "mem2")
                + kafkaSource("mr", "fromFlumeSink", "T_flumeSink", "millrace", "mem")
                + kafkaChannel("mr", "fromFlumeChannel", "kafka", "T_flumePuts", "millrace")
                + kafkaChannel("mr", "toKafka", KAFKA_CHANNEL, "T_millracePuts", "millrace-puts")
                + fileRoll("mr", "gotFromSink", "mem", "mr-from-flume-sink")
                + fileRoll("mr", "gotFromChannel", "fromFlumeChannel", "mr-from-flume-channel")
                + seq("mr", "toFlumeSource", "mem2", "millrace-sink")
                + seq("mr", "toFlumeChannel", "toKafka", "millrace-channel"), servers, topics, root));
        String flumeConfig = fill("""
                fl.sources = toMillraceSource toMillraceChannel fromMillraceSink
                fl.channels = mem toKafka mem2 fromMillraceChannel
                fl.sinks = toMillrace gotFromSink gotFromChannel
                fl.sinks.toMillrace.type = org.apache.flume.sink.kafka.KafkaSink
                fl.sinks.toMillrace.channel = mem
                fl.sinks.toMillrace.kafka.bootstrap.servers = SERVERS
                fl.sinks.toMillrace.kafka.topic = T_flumeSink
                fl.sinks.toMillrace.useFlumeEventFormat = true
                """ + memory("fl", "mem") + memory("fl", "mem2")
                + kafkaChannel("fl", "toKafka", KAFKA_CHANNEL, "T_flumePuts", "flume-puts")
                + kafkaSource("fl", "fromMillraceSink", "T_millraceSink", "flume", "mem2")
                + kafkaChannel("fl", "fromMillraceChannel", KAFKA_CHANNEL, "T_millracePuts", "flume")
                + seq("fl", "toMillraceSource", "mem", "flume-sink")
                + seq("fl", "toMillraceChannel", "toKafka", "flume-channel")
                + fileRoll("fl", "gotFromSink", "mem2", "flume-from-millrace-sink")
                + fileRoll("fl", "gotFromChannel", "fromMillraceChannel", "flume-from-millrace-channel"),
                servers, topics, root);
        for (String dir : List.of("mr-from-flume-sink", "mr-from-flume-channel", "flume-from-millrace-sink",
                "flume-from-millrace-channel")) {
            Files.createDirectories(root.resolve(dir));
        }
        ProcessHandle karaf = millrace.start();
        Process flume = FlumeRuntime.start(flumeLib, root.resolve("flume"), "fl", flumeConfig, "256m",
                Distribution.freePort());
        try {
            expect(root.resolve("mr-from-flume-sink"), "origin=flume-sink", "topic=" + topics.get("flumeSink"));
            expect(root.resolve("mr-from-flume-channel"), "origin=flume-channel", null);
            expect(root.resolve("flume-from-millrace-sink"), "origin=millrace-sink",
                    "topic=" + topics.get("millraceSink"));
            expect(root.resolve("flume-from-millrace-channel"), "origin=millrace-channel", null);
        } finally {
            flume.destroy();
            flume.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            millrace.stop(karaf);
        }
    }

    /** A seq source of EVENTS events, each with the header origin = {@code origin}. */
    private static String seq(String agent, String source, String channel, String origin) {
        return """
                A.sources.S.type = seq
                A.sources.S.totalEvents = EVENTS
                A.sources.S.channels = C
                A.sources.S.interceptors = origin
                A.sources.S.interceptors.origin.type = static
                A.sources.S.interceptors.origin.key = origin
                A.sources.S.interceptors.origin.value = ORIGIN
                """.replace("A.", agent + ".").replace(".S.", "." + source + ".").replace("= C", "= " + channel)
                .replace("ORIGIN", origin);
    }

    /** A Kafka source reading Flume events from the start of a topic into a channel. */
    private static String kafkaSource(String agent, String source, String topic, String group, String channel) {
        return """
                A.sources.S.type = org.apache.flume.source.kafka.KafkaSource
                A.sources.S.kafka.bootstrap.servers = SERVERS
                A.sources.S.kafka.topics = TOPIC
                A.sources.S.kafka.consumer.group.id = GROUP
                A.sources.S.kafka.consumer.auto.offset.reset = earliest
                A.sources.S.useFlumeEventFormat = true
                A.sources.S.batchSize = 100
                A.sources.S.channels = C
                """.replace("A.", agent + ".").replace(".S.", "." + source + ".").replace("TOPIC", topic)
                .replace("GROUP", group).replace("= C", "= " + channel);
    }

    /** A Kafka channel (of this type name) on a topic, in a group. */
    private static String kafkaChannel(String agent, String channel, String type, String topic, String group) {
        return """
                A.channels.C.type = TYPE
                A.channels.C.kafka.bootstrap.servers = SERVERS
                A.channels.C.kafka.topic = TOPIC
                A.channels.C.kafka.consumer.group.id = GROUP
                """.replace("A.", agent + ".").replace(".C.", "." + channel + ".").replace("TYPE", type)
                .replace("TOPIC", topic).replace("GROUP", group);
    }

    private static String memory(String agent, String channel) {
        return agent + ".channels." + channel + ".type = memory\n" + agent + ".channels." + channel
                + ".capacity = 10000\n";
    }

    /** A file_roll sink writing each event as its headers and body into one file below ROOT/{@code dir}. */
    private static String fileRoll(String agent, String sink, String channel, String dir) {
        return """
                A.sinks.K.type = file_roll
                A.sinks.K.channel = C
                A.sinks.K.sink.directory = ROOT/DIR
                A.sinks.K.sink.rollInterval = 0
                A.sinks.K.sink.serializer = header_and_text
                """.replace("A.", agent + ".").replace(".K.", "." + sink + ".").replace("= C", "= " + channel)
                .replace("DIR", dir);
    }

    private static String fill(String config, String servers, Map<String, String> topics, Path root) {
        String filled = config.replace("SERVERS", servers).replace("ROOT", root.toString())
                .replace("EVENTS", Integer.toString(EVENTS));
        for (Map.Entry<String, String> t : topics.entrySet()) {
            filled = filled.replace("T_" + t.getKey(), t.getValue());
        }
        return filled;
    }

    /**
     * Waits until the file_roll directory holds bodies 0 to EVENTS-1 and checks that each came once, with the
     * header its sender's interceptor set (and, from a Kafka source, the topic header).
     */
    private static void expect(Path dir, String origin, String topic) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Map<String, Integer> bodies = new HashMap<>();
        while (System.currentTimeMillis() < deadline) {
            bodies.clear();
            for (String line : lines(dir)) {
                int space = line.lastIndexOf(' ');
                String headers = line.substring(0, space);
                assertTrue(dir + ": " + line, headers.contains(origin));
                if (topic != null) {
                    assertTrue(dir + ": " + line, headers.contains(topic));
                }
                bodies.merge(line.substring(space + 1), 1, Integer::sum);
            }
            if (bodies.size() >= EVENTS) {
                break;
            }
            Thread.sleep(500);
        }
        for (int i = 0; i < EVENTS; i++) {
            assertEquals(dir + ": how often event " + i + " arrived", Integer.valueOf(1), bodies.get(Integer.toString(i)));
        }
        assertEquals(dir + ": only the events sent", EVENTS, bodies.size());
    }

    private static List<String> lines(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> !l.isBlank());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
