package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.Test;

/**
 * Flume's canonical deployment in the real distribution: three web-server agents (netcat, acknowledging each line
 * once committed, → memory channel → avro sink) fan in to a collector agent in another Karaf (avro source → file
 * channel → hdfs sink writing gzip streams into a MiniDFSCluster in this JVM, Hadoop configuration in the
 * collector's {@code etc/hadoop/}). While the web servers send, the collector is killed with SIGKILL and started
 * again, and then the DataNode is restarted. In the end every line acknowledged to a web server is in HDFS under
 * the directory its escapes name, read back with Hadoop's gzip codec; the only in-use files left are the killed
 * collector's. Not a Pax Exam test: it starts and kills Karaf itself.
 */
public class FanInHdfsIT {
    private static final int WEB_SERVERS = 3;
    private static final long WAIT_MILLIS = 180_000;

    @Test
    public void everyAcknowledgedLineReachesHdfsThroughACollectorKillAndADataNodeRestart() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "fan-in").toAbsolutePath());
        Distribution.deleteTree(root);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, root.resolve("minidfs").toString());
        // a file closes once its last block is committed, without waiting for the DataNode to report it
        conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        List<Sender> senders = new ArrayList<>();
        ProcessHandle collectorJvm = null;
        ProcessHandle webJvm = null;
        Distribution collector = Distribution.unpack(root.resolve("collector"));
        Distribution web = Distribution.unpack(root.resolve("web"));
        try {
            cluster.waitActive();
            String hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
            int avroPort = Distribution.freePort();
            configureCollector(collector, root, hdfs, avroPort);
            int[] netcatPorts = configureWebServers(web, avroPort);
            long startedAt = System.currentTimeMillis();
            collectorJvm = collector.start();
            webJvm = web.start();
            for (int i = 0; i < WEB_SERVERS; i++) {
                Sender sender = new Sender("web" + (i + 1), netcatPorts[i]);
                senders.add(sender);
                sender.start();
            }
            awaitAcks(senders, 2_000);
            awaitWritten(cluster.getFileSystem(), 3_000);
            collectorJvm.destroyForcibly(); // SIGKILL, files open
            collectorJvm.onExit().get(30, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            long restartedAt = System.currentTimeMillis();
            collectorJvm = collector.start();
            awaitAcks(senders, 6_000);
            cluster.restartDataNode(0, true);
            cluster.waitActive();
            awaitAcks(senders, 10_000);
            for (Sender sender : senders) {
                sender.finish();
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            senders.forEach(s -> acknowledged.addAll(s.acked));
            DistributedFileSystem fs = cluster.getFileSystem();
            Map<String, Integer> inHdfs = awaitLines(fs, acknowledged);
            collector.stop(collectorJvm);
            collectorJvm = null;
            inHdfs = lines(fs);

            int missing = 0;
            for (String line : acknowledged) {
                missing += inHdfs.containsKey(line) ? 0 : 1;
            }
            int again = inHdfs.values().stream().mapToInt(n -> n - 1).sum();
            List<String> inUse = inUse(fs);
            System.out.printf("fan-in test: %,d lines acknowledged, %,d in HDFS, %d missing, %d written again,"
                    + " in-use files left %s%n", acknowledged.size(), inHdfs.size(), missing, again, inUse);
            assertTrue("too little sent to mean anything: " + acknowledged.size(), acknowledged.size() > 3_000);
            assertEquals("acknowledged lines missing from HDFS", 0, missing);
            assertTrue("only lines that were sent: " + inHdfs.size(), senders.stream().mapToInt(s -> s.sent)
                    .sum() >= inHdfs.size());
            assertTrue(again + " lines written twice", again <= 2_000);
            for (String file : inUse) {
                long counter = Long.parseLong(file.replaceAll(".*\\.(\\d{13})\\.gz\\.tmp$", "$1"));
                assertTrue("an in-use file of the collector that stopped cleanly: " + file, counter < restartedAt);
            }
            assertDirectoriesNamedByEscapes(fs, startedAt);
        } finally {
            senders.forEach(Sender::close);
            if (webJvm != null) {
                web.stop(webJvm);
            }
            if (collectorJvm != null) {
                collector.stop(collectorJvm);
            }
            cluster.shutdown(true);
        }
    }

    private static void configureCollector(Distribution collector, Path root, String hdfs, int avroPort)
            throws IOException {
        Path features = collector.resolve("etc/org.apache.karaf.features.cfg");
        Files.writeString(features, Files.readString(features).replaceFirst("(millrace-all/[^,\\s]+)",
                "$1, millrace-sink-hdfs"));
        Files.createDirectories(collector.resolve("etc/hadoop"));
        Files.writeString(collector.resolve("etc/hadoop/hdfs-site.xml"), "<configuration><property>"
                + "<name>dfs.replication</name><value>1</value></property></configuration>");
        Files.delete(collector.resolve("etc/org.millrace.agent-a1.cfg"));
        Files.writeString(collector.resolve("etc/org.millrace.agent-collector.cfg"), """
                collector.sources = fromWeb
                collector.channels = durable
                collector.sinks = toHdfs
                collector.sources.fromWeb.type = avro
                collector.sources.fromWeb.bind = 127.0.0.1
                collector.sources.fromWeb.port = AVRO_PORT
                collector.sources.fromWeb.channels = durable
                collector.channels.durable.type = file
                collector.channels.durable.checkpointDir = ROOT/checkpoint
                collector.channels.durable.dataDirs = ROOT/data
                collector.sinks.toHdfs.type = hdfs
                collector.sinks.toHdfs.channel = durable
                collector.sinks.toHdfs.hdfs.path = HDFS/weblogs/%{web}/%Y-%m-%d
                collector.sinks.toHdfs.hdfs.filePrefix = events
                collector.sinks.toHdfs.hdfs.timeZone = UTC
                collector.sinks.toHdfs.hdfs.fileType = CompressedStream
                collector.sinks.toHdfs.hdfs.codeC = gzip
                collector.sinks.toHdfs.hdfs.rollInterval = 5
                collector.sinks.toHdfs.hdfs.rollSize = 0
                collector.sinks.toHdfs.hdfs.rollCount = 0
                collector.sinks.toHdfs.hdfs.batchSize = 100
                collector.sinks.toHdfs.hdfs.callTimeout = 20000
                collector.sinks.toHdfs.hdfs.retryInterval = 2
                """.replace("AVRO_PORT", Integer.toString(avroPort)).replace("ROOT", root.toString())
                .replace("HDFS", hdfs));
    }

    /** Three agents in one Karaf, as three web servers: netcat → memory → avro to the collector. */
    private static int[] configureWebServers(Distribution web, int avroPort) throws IOException {
        Files.delete(web.resolve("etc/org.millrace.agent-a1.cfg"));
        int[] ports = new int[WEB_SERVERS];
        for (int i = 0; i < WEB_SERVERS; i++) {
            ports[i] = Distribution.freePort();
            String name = "web" + (i + 1);
            Files.writeString(web.resolve("etc/org.millrace.agent-" + name + ".cfg"), """
                    NAME.sources = lines
                    NAME.channels = c1
                    NAME.sinks = forward
                    NAME.sources.lines.type = netcat
                    NAME.sources.lines.bind = 127.0.0.1
                    NAME.sources.lines.port = PORT
                    NAME.sources.lines.channels = c1
                    NAME.sources.lines.interceptors = ts web
                    NAME.sources.lines.interceptors.ts.type = timestamp
                    NAME.sources.lines.interceptors.web.type = static
                    NAME.sources.lines.interceptors.web.key = web
                    NAME.sources.lines.interceptors.web.value = NAME
                    NAME.channels.c1.type = memory
                    NAME.channels.c1.capacity = 200000
                    NAME.channels.c1.transactionCapacity = 1000
                    NAME.sinks.forward.type = avro
                    NAME.sinks.forward.hostname = 127.0.0.1
                    NAME.sinks.forward.port = AVRO_PORT
                    NAME.sinks.forward.batch-size = 100
                    NAME.sinks.forward.channel = c1
                    """.replace("NAME", name).replace("AVRO_PORT", Integer.toString(avroPort))
                    .replace("PORT", Integer.toString(ports[i])));
        }
        return ports;
    }

    /** Waits until every sender has had more lines acknowledged, for at least {@code millis}. */
    private static void awaitAcks(List<Sender> senders, long millis) throws Exception {
        long until = System.currentTimeMillis() + millis;
        Map<Sender, Integer> before = new HashMap<>();
        senders.forEach(s -> before.put(s, s.acked.size()));
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < until
                || senders.stream().anyMatch(s -> s.acked.size() <= before.get(s))) {
            for (Sender s : senders) {
                assertTrue(s.name + " failed: " + s.failure, s.failure == null);
            }
            assertTrue("the web servers acknowledged nothing new", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
    }

    /** Waits until the collector has written this many lines into HDFS. */
    private static void awaitWritten(DistributedFileSystem fs, int lines) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (lines(fs).size() < lines) {
            assertTrue("the collector wrote nothing", System.currentTimeMillis() < deadline);
            Thread.sleep(500);
        }
    }

    private static Map<String, Integer> awaitLines(DistributedFileSystem fs, Set<String> acknowledged)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        Map<String, Integer> found = lines(fs);
        while (!found.keySet().containsAll(acknowledged) && System.currentTimeMillis() < deadline) {
            Thread.sleep(1_000);
            found = lines(fs);
        }
        return found;
    }

    /**
     * Every line in HDFS with how often, read with Hadoop's gzip codec; an in-use file whose writer is gone (the
     * killed collector's, after the DataNode restarted) has its lease recovered first, as a reader must.
     */
    private static Map<String, Integer> lines(DistributedFileSystem fs) throws IOException {
        Map<String, Integer> found = new HashMap<>();
        CompressionCodec gzip = new CompressionCodecFactory(fs.getConf()).getCodecByName("gzip");
        if (!fs.exists(new org.apache.hadoop.fs.Path("/weblogs"))) {
            return found;
        }
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path("/weblogs"), true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path file = files.next().getPath();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (InputStream in = gzip.createInputStream(fs.open(file))) {
                in.transferTo(bytes);
            } catch (org.apache.hadoop.hdfs.CannotObtainBlockLengthException orphaned) {
                fs.recoverLease(file);
                continue; // read once recovered
            } catch (IOException cut) {
                if (!file.getName().endsWith(".tmp")) {
                    throw cut;
                }
                // an in-use file ends in a member still being written, or cut by a kill: its whole lines count
            }
            for (String line : bytes.toString(StandardCharsets.US_ASCII).split("\n")) {
                if (line.matches("web[1-3]-\\d{8}")) {
                    found.merge(file.getParent().getParent().getName() + ":" + line, 1, Integer::sum);
                }
            }
        }
        return found;
    }

    private static List<String> inUse(DistributedFileSystem fs) throws IOException {
        List<String> tmp = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path("/weblogs"), true);
        while (files.hasNext()) {
            String name = files.next().getPath().getName();
            if (name.endsWith(".tmp")) {
                tmp.add(name);
            } else {
                assertTrue("a file named as Flume names them: " + name, name.matches("events\\.\\d{13}\\.gz"));
            }
        }
        return tmp;
    }

    /** /weblogs/&lt;web&gt;/&lt;yyyy-MM-dd of the event's timestamp, UTC&gt;. */
    private static void assertDirectoriesNamedByEscapes(DistributedFileSystem fs, long startedAt) throws IOException {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
        Set<String> days = new java.util.HashSet<>(List.of(day.format(Instant.ofEpochMilli(startedAt)),
                day.format(Instant.now())));
        for (org.apache.hadoop.fs.FileStatus webDir : fs.listStatus(new org.apache.hadoop.fs.Path("/weblogs"))) {
            assertTrue(webDir.getPath().getName(), webDir.getPath().getName().matches("web[1-3]"));
            for (org.apache.hadoop.fs.FileStatus dayDir : fs.listStatus(webDir.getPath())) {
                assertTrue(dayDir.getPath().toString(), days.contains(dayDir.getPath().getName()));
            }
        }
        assertEquals(WEB_SERVERS, fs.listStatus(new org.apache.hadoop.fs.Path("/weblogs")).length);
    }

    /** One web server's client: lines to its netcat source, each counted once acknowledged with OK. */
    private static final class Sender extends Thread {
        final String name;
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        private final int port;
        private final AtomicBoolean sending = new AtomicBoolean(true);
        private volatile Socket socket;
        volatile int sent;
        volatile Throwable failure;

        Sender(String name, int port) {
            super("sender-" + name);
            this.name = name;
            this.port = port;
        }

        @Override
        public void run() {
            try {
                long deadline = System.currentTimeMillis() + 120_000;
                while (socket == null) {
                    try {
                        socket = new Socket("127.0.0.1", port);
                    } catch (IOException notYet) {
                        if (System.currentTimeMillis() > deadline) {
                            throw notYet;
                        }
                        Thread.sleep(200);
                    }
                }
                socket.setSoTimeout((int) WAIT_MILLIS);
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                while (sending.get()) {
                    StringBuilder lines = new StringBuilder();
                    List<String> batch = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        String line = String.format("%s-%08d", name, sent++);
                        batch.add(line);
                        lines.append(line).append('\n');
                    }
                    out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (String line : batch) {
                        String answer = in.readLine();
                        if (!"OK".equals(answer)) {
                            throw new IOException("answer to " + line + ": " + answer);
                        }
                        acked.add(name + ":" + line);
                    }
                    Thread.sleep(10);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        void finish() throws InterruptedException {
            sending.set(false);
            join(WAIT_MILLIS);
            assertTrue(name + " failed: " + failure, failure == null);
        }

        void close() {
            sending.set(false);
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
