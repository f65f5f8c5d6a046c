package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.Test;

/**
 * Flume's canonical deployment in the real distribution: three web-server agents (netcat, acknowledging each line
 * once committed, → memory channel → avro sink) fan in to a collector agent in another Karaf (avro source,
 * replicating to three file channels, each drained by an hdfs sink into a MiniDFSCluster in this JVM: gzip
 * streams, SequenceFiles, Avro data files of Flume events; Hadoop configuration in the collector's
 * {@code etc/hadoop/}). While the web servers send, the collector is killed with SIGKILL and started again, the
 * DataNode is restarted, and the hdfs sink's bundle is updated from the console. In the end every line
 * acknowledged to a web server is in HDFS in each format, under the directories its escapes name, read back with
 * Hadoop's gzip codec, Hadoop's SequenceFile reader and Avro's data file reader; the only in-use files left are
 * the killed collector's. Not a Pax Exam test: it starts and kills Karaf itself.
 */
public class FanInHdfsIT {
    private static final int WEB_SERVERS = 3;
    private static final List<String> FORMATS = List.of("gzip", "seq", "avro");
    private static final long WAIT_MILLIS = 180_000;

    @Test
    public void everyAcknowledgedLineReachesHdfsThroughACollectorKillAndADataNodeRestart() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "fan-in").toAbsolutePath());
        Distribution.deleteTree(root);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, root.resolve("minidfs").toString());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        List<NetcatSender> senders = new ArrayList<>();
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
                NetcatSender sender = new NetcatSender("web" + (i + 1), netcatPorts[i]);
                senders.add(sender);
                sender.start();
            }
            NetcatSender.awaitAcks(senders, 2_000);
            awaitWritten(cluster.getFileSystem(), 3_000);
            collectorJvm.destroyForcibly(); // SIGKILL, files open
            collectorJvm.onExit().get(30, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            long restartedAt = System.currentTimeMillis();
            collectorJvm = collector.start();
            NetcatSender.awaitAcks(senders, 6_000);
            cluster.restartDataNode(0, true);
            cluster.waitActive();
            NetcatSender.awaitAcks(senders, 5_000);
            collector.console("bundle:update org.millrace.sink.hdfs");
            NetcatSender.awaitAcks(senders, 5_000);
            for (NetcatSender sender : senders) {
                sender.finish();
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            senders.forEach(s -> acknowledged.addAll(s.acked));
            DistributedFileSystem fs = cluster.getFileSystem();
            for (String format : FORMATS) {
                awaitLines(fs, format, acknowledged);
            }
            collector.stop(collectorJvm);
            collectorJvm = null;
            assertTrue("too little sent to mean anything: " + acknowledged.size(), acknowledged.size() > 3_000);
            int sent = senders.stream().mapToInt(s -> s.sent).sum();
            for (String format : FORMATS) {
                Map<String, Integer> inHdfs = lines(fs, format);
                int missing = 0;
                for (String line : acknowledged) {
                    missing += inHdfs.containsKey(line) ? 0 : 1;
                }
                int again = inHdfs.values().stream().mapToInt(n -> n - 1).sum();
                List<String> inUse = inUse(fs, format);
                System.out.printf("fan-in test, %s: %,d lines acknowledged, %,d in HDFS, %d missing, %d written"
                        + " again, in-use files left %s%n", format, acknowledged.size(), inHdfs.size(), missing,
                        again, inUse);
                assertEquals(format + ": acknowledged lines missing from HDFS", 0, missing);
                assertTrue(format + ": only lines that were sent: " + inHdfs.size(), sent >= inHdfs.size());
                assertTrue(format + ": " + again + " lines written twice", again <= 2_000);
                String collectorLog = collectorLog(collector);
                for (String file : inUse) {
                    long counter = Long.parseLong(file.replaceAll("^events\\.(\\d{13}).*", "$1"));
                    // the killed collector's, or one whose close failed while the DataNode was down
                    assertTrue(format + ": an in-use file of a collector that stopped cleanly: " + file,
                            counter < restartedAt || collectorLog.contains(file + " failed"));
                }
                assertDirectoriesNamedByEscapes(fs, format, startedAt);
            }
        } finally {
            senders.forEach(NetcatSender::close);
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
        Files.createDirectories(collector.resolve("etc/hadoop"));
        Files.writeString(collector.resolve("etc/hadoop/hdfs-site.xml"), "<configuration><property>"
                + "<name>dfs.replication</name><value>1</value></property></configuration>");
        Files.delete(collector.resolve("etc/org.millrace.agent-a1.cfg"));
        StringBuilder config = new StringBuilder("""
                collector.sources = fromWeb
                collector.channels = gzip seq avro
                collector.sinks = gzip seq avro
                collector.sources.fromWeb.type = avro
                collector.sources.fromWeb.bind = 127.0.0.1
                collector.sources.fromWeb.port = AVRO_PORT
                collector.sources.fromWeb.channels = gzip seq avro
                """);
        for (String format : FORMATS) {
            config.append("""
                    collector.channels.FMT.type = file
                    collector.channels.FMT.checkpointDir = ROOT/FMT/checkpoint
                    collector.channels.FMT.dataDirs = ROOT/FMT/data
                    collector.sinks.FMT.type = hdfs
                    collector.sinks.FMT.channel = FMT
                    collector.sinks.FMT.hdfs.path = HDFS/weblogs/FMT/%{web}/%Y-%m-%d
                    collector.sinks.FMT.hdfs.filePrefix = events
                    collector.sinks.FMT.hdfs.timeZone = UTC
                    collector.sinks.FMT.hdfs.rollInterval = 5
                    collector.sinks.FMT.hdfs.rollSize = 0
                    collector.sinks.FMT.hdfs.rollCount = 0
                    collector.sinks.FMT.hdfs.batchSize = 100
                    collector.sinks.FMT.hdfs.callTimeout = 20000
                    collector.sinks.FMT.hdfs.retryInterval = 2
                    """.replace("FMT", format)).append(switch (format) {
                        case "gzip" -> """
                                collector.sinks.gzip.hdfs.fileType = CompressedStream
                                collector.sinks.gzip.hdfs.codeC = gzip
                                """;
                        case "seq" -> "collector.sinks.seq.hdfs.fileType = SequenceFile\n";
                        default -> """
                                collector.sinks.avro.hdfs.fileType = DataStream
                                collector.sinks.avro.serializer = avro_event
                                collector.sinks.avro.hdfs.fileSuffix = .avro
                                """;
                    });
        }
        Files.writeString(collector.resolve("etc/org.millrace.agent-collector.cfg"), config.toString()
                .replace("AVRO_PORT", Integer.toString(avroPort)).replace("ROOT", root.toString())
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

    /** Waits until the collector has written this many lines into HDFS. */
    private static void awaitWritten(DistributedFileSystem fs, int lines) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (lines(fs, "gzip").size() < lines) {
            assertTrue("the collector wrote nothing", System.currentTimeMillis() < deadline);
            Thread.sleep(500);
        }
    }

    private static void awaitLines(DistributedFileSystem fs, String format, Set<String> acknowledged)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!lines(fs, format).keySet().containsAll(acknowledged) && System.currentTimeMillis() < deadline) {
            Thread.sleep(1_000);
        }
    }

    /**
     * Every line of one format's files with how often, read with Hadoop's gzip codec, Hadoop's SequenceFile
     * reader or Avro's data file reader. An in-use file whose writer is gone (the killed collector's, after the
     * DataNode restarted) has its lease recovered first, as a reader must; an in-use file still being written
     * may end in a record cut short, so its whole records count.
     */
    private static Map<String, Integer> lines(DistributedFileSystem fs, String format) throws IOException {
        Map<String, Integer> found = new HashMap<>();
        org.apache.hadoop.fs.Path top = new org.apache.hadoop.fs.Path("/weblogs/" + format);
        if (!fs.exists(top)) {
            return found;
        }
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(top, true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path file = files.next().getPath();
            List<String> records = new ArrayList<>();
            try {
                read(fs, format, file, records);
            } catch (org.apache.hadoop.hdfs.CannotObtainBlockLengthException orphaned) {
                fs.recoverLease(file);
                continue; // read once recovered
            } catch (IOException | RuntimeException cut) {
                if (!file.getName().endsWith(".tmp")) {
                    throw new IOException(file + ": " + cut, cut);
                }
            }
            String web = file.getParent().getParent().getName();
            for (String line : records) {
                if (line.matches("web[1-3]-\\d{8}")) {
                    found.merge(web + ":" + line, 1, Integer::sum);
                }
            }
        }
        return found;
    }

    private static void read(DistributedFileSystem fs, String format, org.apache.hadoop.fs.Path file,
            List<String> records) throws IOException {
        switch (format) {
            case "gzip" -> {
                CompressionCodec gzip = new CompressionCodecFactory(fs.getConf()).getCodecByName("gzip");
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (InputStream in = gzip.createInputStream(fs.open(file))) {
                    in.transferTo(bytes);
                } finally {
                    records.addAll(List.of(bytes.toString(StandardCharsets.US_ASCII).split("\n")));
                }
            }
            case "seq" -> {
                try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.getConf(),
                        SequenceFile.Reader.file(file))) {
                    LongWritable key = new LongWritable();
                    BytesWritable value = new BytesWritable();
                    while (reader.next(key, value)) {
                        records.add(new String(value.copyBytes(), StandardCharsets.US_ASCII));
                    }
                }
            }
            default -> {
                try (DataFileStream<GenericRecord> avro = new DataFileStream<>(fs.open(file),
                        new GenericDatumReader<>())) {
                    for (GenericRecord event : avro) {
                        ByteBuffer body = (ByteBuffer) event.get("body");
                        records.add(StandardCharsets.US_ASCII.decode(body).toString());
                    }
                }
            }
        }
    }

    /** The collector's log, for the files it could not close. */
    private static String collectorLog(Distribution collector) throws IOException {
        StringBuilder all = new StringBuilder();
        try (var logs = Files.list(collector.resolve("data/log"))) {
            for (Path log : logs.toList()) {
                all.append(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static List<String> inUse(DistributedFileSystem fs, String format) throws IOException {
        List<String> tmp = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path("/weblogs/" + format),
                true);
        while (files.hasNext()) {
            String name = files.next().getPath().getName();
            if (name.endsWith(".tmp")) {
                tmp.add(name);
            } else {
                assertTrue("a file named as Flume names them: " + name, name.matches("events\\.\\d{13}"
                        + Map.of("gzip", "\\.gz", "seq", "", "avro", "\\.avro").get(format)));
            }
        }
        return tmp;
    }

    /** /weblogs/&lt;format&gt;/&lt;web&gt;/&lt;yyyy-MM-dd of the event's timestamp, UTC&gt;. */
    private static void assertDirectoriesNamedByEscapes(DistributedFileSystem fs, String format, long startedAt)
            throws IOException {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
        Set<String> days = new java.util.HashSet<>(List.of(day.format(Instant.ofEpochMilli(startedAt)),
                day.format(Instant.now())));
        org.apache.hadoop.fs.Path top = new org.apache.hadoop.fs.Path("/weblogs/" + format);
        for (org.apache.hadoop.fs.FileStatus webDir : fs.listStatus(top)) {
            assertTrue(webDir.getPath().getName(), webDir.getPath().getName().matches("web[1-3]"));
            for (org.apache.hadoop.fs.FileStatus dayDir : fs.listStatus(webDir.getPath())) {
                assertTrue(dayDir.getPath().toString(), days.contains(dayDir.getPath().getName()));
            }
        }
        assertEquals(WEB_SERVERS, fs.listStatus(top).length);
    }
}
