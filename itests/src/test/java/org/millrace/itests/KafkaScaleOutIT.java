package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Test;
import org.millrace.kafka.testkit.TestBroker;

/**
 * Scaling out on Kafka, in the real distribution: two web-server agents write every line they acknowledge to one
 * topic (one through a Kafka sink, one straight into a Kafka channel), and three collector agents, each in a Karaf
 * of its own and all in one consumer group, drain it into file_roll sinks (two with a Kafka source and a file
 * channel, one with a Kafka channel and no source). During the run a collector is added, one is stopped, and one is
 * killed with SIGKILL and started again. In the end every acknowledged line is in some collector's files; lines
 * written twice (the killed collector's batches in flight) are counted and bounded. Not a Pax Exam test: it starts
 * and kills Karaf itself; the broker runs in this JVM.
 */
public class KafkaScaleOutIT {
    private static final long WAIT_MILLIS = 180_000;
    private static final List<String> COLLECTORS = List.of("c1", "c2", "c3");

    @Test
    public void collectorsJoiningLeavingAndCrashingDeliverEveryAcknowledgedLine() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "kafka-scale-out").toAbsolutePath());
        Distribution.deleteTree(root);
        String servers = TestBroker.bootstrapServers();
        String topic = TestBroker.newTopic("weblogs", 6);
        Distribution web = Distribution.unpack(root.resolve("web"));
        int[] ports = configureWebServers(web, servers, topic);
        Map<String, Distribution> collectors = new HashMap<>();
        for (String name : COLLECTORS) {
            Distribution c = Distribution.unpack(root.resolve(name));
            configureCollector(c, name, root, servers, topic);
            collectors.put(name, c);
        }
        Map<String, ProcessHandle> running = new HashMap<>();
        List<NetcatSender> senders = new ArrayList<>();
        ProcessHandle webJvm = null;
        try {
            running.put("c1", collectors.get("c1").start());
            running.put("c2", collectors.get("c2").start());
            webJvm = web.start();
            for (int i = 0; i < ports.length; i++) {
                NetcatSender sender = new NetcatSender("web" + (i + 1), ports[i]);
                senders.add(sender);
                sender.start();
            }
            NetcatSender.awaitAcks(senders, 3_000);
            awaitDelivered(root, "c1", 1_000);

            running.put("c3", collectors.get("c3").start()); // added
            NetcatSender.awaitAcks(senders, 5_000);
            awaitDelivered(root, "c3", 500);

            collectors.get("c1").stop(running.remove("c1")); // stopped
            NetcatSender.awaitAcks(senders, 4_000);

            ProcessHandle c2 = running.remove("c2");
            c2.destroyForcibly(); // killed
            c2.onExit().get(30, TimeUnit.SECONDS);
            NetcatSender.awaitAcks(senders, 3_000);
            running.put("c2", collectors.get("c2").start());
            NetcatSender.awaitAcks(senders, 5_000);
            for (NetcatSender sender : senders) {
                sender.finish();
            }

            Set<String> acknowledged = new HashSet<>();
            senders.forEach(s -> acknowledged.addAll(s.acked));
            int sent = senders.stream().mapToInt(s -> s.sent).sum();
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            Map<String, Integer> delivered = delivered(root);
            while (!delivered.keySet().containsAll(acknowledged) && System.currentTimeMillis() < deadline) {
                Thread.sleep(1_000);
                delivered = delivered(root);
            }
            int missing = 0;
            for (String line : acknowledged) {
                missing += delivered.containsKey(line) ? 0 : 1;
            }
            int again = delivered.values().stream().mapToInt(n -> n - 1).sum();
            Map<String, Integer> share = new HashMap<>();
            for (String c : COLLECTORS) {
                share.put(c, lines(root.resolve("out").resolve(c)).size());
            }
            System.out.printf("kafka scale-out: %,d lines acknowledged, %,d delivered, %d missing, %d delivered"
                    + " again, per collector %s%n", acknowledged.size(), delivered.size(), missing, again, share);
            assertTrue("too little sent to mean anything: " + acknowledged.size(), acknowledged.size() > 5_000);
            assertEquals("acknowledged lines no collector delivered", 0, missing);
            assertTrue("only lines that were sent: " + delivered.size(), delivered.size() <= sent);
            assertTrue(again + " lines delivered twice", again <= 5_000);
            for (String c : COLLECTORS) {
                assertTrue(c + " took a share of the topic: " + share, share.get(c) > 0);
            }
        } finally {
            senders.forEach(NetcatSender::close);
            if (webJvm != null) {
                web.stop(webJvm);
            }
            for (Map.Entry<String, ProcessHandle> r : running.entrySet()) {
                collectors.get(r.getKey()).stop(r.getValue());
            }
        }
    }

    /** web1: netcat → memory → Kafka sink; web2: netcat → Kafka channel (no sink). Both in Flume's event format. */
    private static int[] configureWebServers(Distribution web, String servers, String topic) throws IOException {
        Files.delete(web.resolve("etc/org.millrace.agent-a1.cfg"));
        int[] ports = {Distribution.freePort(), Distribution.freePort()};
        Files.writeString(web.resolve("etc/org.millrace.agent-web1.cfg"), """
                web1.sources = lines
                web1.channels = c1
                web1.sinks = toKafka
                web1.sources.lines.type = netcat
                web1.sources.lines.bind = 127.0.0.1
                web1.sources.lines.port = PORT
                web1.sources.lines.channels = c1
                web1.channels.c1.type = memory
                web1.channels.c1.capacity = 100000
                web1.channels.c1.transactionCapacity = 1000
                web1.sinks.toKafka.type = org.apache.flume.sink.kafka.KafkaSink
                web1.sinks.toKafka.channel = c1
                web1.sinks.toKafka.kafka.bootstrap.servers = SERVERS
                web1.sinks.toKafka.kafka.topic = TOPIC
                web1.sinks.toKafka.kafka.producer.acks = all
                web1.sinks.toKafka.useFlumeEventFormat = true
                web1.sinks.toKafka.flumeBatchSize = 500
                """.replace("PORT", Integer.toString(ports[0])).replace("SERVERS", servers).replace("TOPIC", topic));
        Files.writeString(web.resolve("etc/org.millrace.agent-web2.cfg"), """
                web2.sources = lines
                web2.channels = toKafka
                web2.sources.lines.type = netcat
                web2.sources.lines.bind = 127.0.0.1
                web2.sources.lines.port = PORT
                web2.sources.lines.channels = toKafka
                web2.channels.toKafka.type = org.apache.flume.channel.kafka.KafkaChannel
                web2.channels.toKafka.kafka.bootstrap.servers = SERVERS
                web2.channels.toKafka.kafka.topic = TOPIC
                web2.channels.toKafka.kafka.consumer.group.id = web2
                """.replace("PORT", Integer.toString(ports[1])).replace("SERVERS", servers).replace("TOPIC", topic));
        return ports;
    }

    /**
     * c1 and c2: Kafka source → file channel → file_roll; c3: Kafka channel → file_roll. One group, "collectors";
     * a 10 s session timeout so the group notices a killed member in 10 s rather than 45.
     */
    private static void configureCollector(Distribution c, String name, Path root, String servers, String topic)
            throws IOException {
        Files.delete(c.resolve("etc/org.millrace.agent-a1.cfg"));
        String config = name.equals("c3") ? """
                collector.channels = fromKafka
                collector.sinks = out
                collector.channels.fromKafka.type = org.apache.flume.channel.kafka.KafkaChannel
                collector.channels.fromKafka.kafka.bootstrap.servers = SERVERS
                collector.channels.fromKafka.kafka.topic = TOPIC
                collector.channels.fromKafka.kafka.consumer.group.id = collectors
                collector.channels.fromKafka.kafka.consumer.session.timeout.ms = 10000
                collector.sinks.out.channel = fromKafka
                """ : """
                collector.sources = kafka
                collector.channels = durable
                collector.sinks = out
                collector.sources.kafka.type = org.apache.flume.source.kafka.KafkaSource
                collector.sources.kafka.kafka.bootstrap.servers = SERVERS
                collector.sources.kafka.kafka.topics = TOPIC
                collector.sources.kafka.kafka.consumer.group.id = collectors
                collector.sources.kafka.kafka.consumer.auto.offset.reset = earliest
                collector.sources.kafka.kafka.consumer.session.timeout.ms = 10000
                collector.sources.kafka.useFlumeEventFormat = true
                collector.sources.kafka.batchSize = 500
                collector.sources.kafka.batchDurationMillis = 200
                collector.sources.kafka.channels = durable
                collector.channels.durable.type = file
                collector.channels.durable.checkpointDir = ROOT/NAME/checkpoint
                collector.channels.durable.dataDirs = ROOT/NAME/data
                collector.channels.durable.transactionCapacity = 1000
                collector.sinks.out.channel = durable
                """;
        config += """
                collector.sinks.out.type = file_roll
                collector.sinks.out.sink.batchSize = 500
                collector.sinks.out.sink.directory = ROOT/out/NAME
                collector.sinks.out.sink.rollInterval = 0
                """;
        Files.createDirectories(root.resolve("out").resolve(name));
        Files.writeString(c.resolve("etc/org.millrace.agent-collector.cfg"), config.replace("SERVERS", servers)
                .replace("TOPIC", topic).replace("ROOT", root.toString()).replace("NAME", name));
    }

    private static void awaitDelivered(Path root, String collector, int lines) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (lines(root.resolve("out").resolve(collector)).size() < lines) {
            assertTrue(collector + " delivered nothing", System.currentTimeMillis() < deadline);
            Thread.sleep(500);
        }
    }

    /** Every web line in every collector's files, with how often (keyed web1:web1-00000042 as the senders key). */
    private static Map<String, Integer> delivered(Path root) throws IOException {
        Map<String, Integer> all = new HashMap<>();
        for (String c : COLLECTORS) {
            for (String line : lines(root.resolve("out").resolve(c))) {
                all.merge(line.substring(0, 4) + ":" + line, 1, Integer::sum);
            }
        }
        return all;
    }

    /** The whole web lines of a collector's files (a killed collector's last line may be cut short). */
    private static List<String> lines(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.matches("web[12]-\\d{8}")) {
                        out.add(line);
                    }
                }
            }
        }
        return out;
    }
}
