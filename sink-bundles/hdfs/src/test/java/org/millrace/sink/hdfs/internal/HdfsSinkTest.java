package org.millrace.sink.hdfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.SinkContract;
import org.millrace.api.testkit.TestContexts;
import org.millrace.serialization.EventSerializers;

/** The hdfs sink writing into a real HDFS (a MiniDFSCluster in this JVM), read back with Hadoop's own readers. */
class HdfsSinkTest extends SinkContract {
    private static final AtomicInteger RUN = new AtomicInteger();
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String root;
    private static HadoopConfiguration clientConf;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = TestCluster.start("sink");
        fs = cluster.getFileSystem();
        root = TestCluster.root(cluster);
        // the sinks' Hadoop configuration directory, as a user's HADOOP_CONF_DIR: one DataNode, one replica
        java.nio.file.Path confDir = java.nio.file.Files.createTempDirectory("hadoop-conf");
        java.nio.file.Files.writeString(confDir.resolve("hdfs-site.xml"), "<configuration><property>"
                + "<name>dfs.replication</name><value>1</value></property></configuration>");
        clientConf = new HadoopConfiguration(List.of(confDir));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    /** A directory of its own for each sink a test makes. */
    private static String dir() {
        return root + "/t" + RUN.incrementAndGet();
    }

    static Sink sink(Map<String, String> properties) throws ConfigurationException {
        return new HdfsSinkFactory(EventSerializers.builtIn(), clientConf)
                .create(TestContexts.config("sinks", "k1", "hdfs", properties));
    }

    @Override
    protected Sink create(Map<String, String> properties) throws ConfigurationException {
        return sink(properties);
    }

    @Override
    protected Map<String, String> workingProperties() {
        return Map.of("hdfs.path", dir(), "hdfs.fileType", "DataStream");
    }

    /** A local directory no one may create: every file's creation fails at once. */
    @Override
    protected Map<String, String> failingProperties() {
        return Map.of("hdfs.path", "file:///proc/millrace-cannot-write", "hdfs.fileType", "DataStream");
    }

    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    private static Event event(String body, String... headers) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return Event.of(h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(org.millrace.api.Channel channel, Event event) {
        org.millrace.api.Transaction tx = channel.newTransaction();
        tx.begin();
        tx.put(event);
        tx.commit();
        tx.close();
    }

    private static SinkContext drain(Sink sink, QueueChannel channel) throws Exception {
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        while (sink.process() == Status.READY) {
            Thread.onSpinWait();
        }
        return context;
    }

    private static List<Path> files(String dir) throws IOException {
        List<Path> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(dir), true);
        while (it.hasNext()) {
            out.add(it.next().getPath());
        }
        out.sort(null);
        return out;
    }

    private static String read(Path file, CompressionCodec codec) throws IOException {
        try (InputStream in = codec == null ? fs.open(file) : codec.createInputStream(fs.open(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void dataStreamFilesAreBucketedByEscapesRolledByCountAndRenamedOnStop() throws Exception {
        String dir = dir();
        Sink sink = sink(props("hdfs.path", dir + "/%{host}/%Y-%m-%d", "hdfs.fileType", "DataStream",
                "hdfs.rollCount", "3", "hdfs.batchSize", "2", "hdfs.timeZone", "UTC", "hdfs.filePrefix", "web-%H"));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(event("a" + i, "host", "web1", "timestamp", "1767225600000"));
        }
        events.add(event("b0", "host", "web2", "timestamp", "1767312000000"));
        SinkContext context = drain(sink, QueueChannel.of(events));
        sink.stop();
        List<Path> files = files(dir);
        assertEquals(4, files.size(), files.toString());
        List<String> web1 = new ArrayList<>();
        for (Path f : files) {
            assertFalse(f.getName().endsWith(".tmp"), "renamed on stop: " + f);
            assertTrue(f.getName().matches("web-00\\.\\d{13}"), f.getName());
            if (f.getParent().getParent().getName().equals("web1")) {
                assertEquals("2026-01-01", f.getParent().getName());
                web1.add(read(f, null));
            } else {
                assertEquals("2026-01-02", f.getParent().getName());
                assertEquals("b0\n", read(f, null));
            }
        }
        assertEquals(List.of("a0\na1\na2\n", "a3\na4\na5\n", "a6\n"), web1, "rolled every 3 events, in order");
        assertEquals(4L, context.counter().get(SinkCounter.Name.ConnectionCreatedCount));
        assertEquals(4L, context.counter().get(SinkCounter.Name.ConnectionClosedCount));
    }

    @Test
    void sequenceFilesHoldTimestampKeysAndWritableOrTextValues() throws Exception {
        for (String format : List.of("Writable", "Text")) {
            String dir = dir();
            Sink sink = sink(props("hdfs.path", dir, "hdfs.writeFormat", format, "hdfs.rollCount", "0"));
            drain(sink, QueueChannel.of(List.of(event("one", "timestamp", "1000"), event("two", "timestamp", "2000"))));
            sink.stop();
            List<Path> files = files(dir);
            assertEquals(1, files.size());
            List<String> records = new ArrayList<>();
            try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.getConf(),
                    SequenceFile.Reader.file(files.get(0)))) {
                assertEquals(LongWritable.class, reader.getKeyClass());
                assertEquals(format.equals("Text") ? Text.class : BytesWritable.class, reader.getValueClass());
                LongWritable key = new LongWritable();
                Writable value = format.equals("Text") ? new Text() : new BytesWritable();
                while (reader.next(key, value)) {
                    String body = value instanceof Text t ? t.toString()
                            : new String(((BytesWritable) value).copyBytes(), StandardCharsets.UTF_8);
                    records.add(key.get() + "=" + body);
                }
            }
            assertEquals(List.of("1000=one", "2000=two"), records, format);
        }
    }

    @Test
    void gzipStreamsReadBackWholeAcrossManyCommittedBatches() throws Exception {
        String dir = dir();
        Sink sink = sink(props("hdfs.path", dir, "hdfs.fileType", "CompressedStream", "hdfs.codeC", "gzip",
                "hdfs.rollCount", "0", "hdfs.rollSize", "0", "hdfs.batchSize", "7"));
        List<Event> events = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            events.add(event("line " + i));
            expected.append("line ").append(i).append('\n');
        }
        drain(sink, QueueChannel.of(events));
        sink.stop();
        List<Path> files = files(dir);
        assertEquals(1, files.size());
        assertTrue(files.get(0).getName().endsWith(".gz"), "the codec's extension: " + files.get(0));
        CompressionCodec gzip = new CompressionCodecFactory(fs.getConf()).getCodec(files.get(0));
        assertEquals(expected.toString(), read(files.get(0), gzip));
    }

    @Test
    void everyCommittedBatchIsReadableWhileItsFileIsStillOpen() throws Exception {
        for (String type : List.of("DataStream", "SequenceFile")) {
            String dir = dir();
            Sink sink = sink(props("hdfs.path", dir, "hdfs.fileType", type, "hdfs.rollCount", "0", "hdfs.batchSize",
                    "10"));
            QueueChannel channel = new QueueChannel();
            sink.start(TestContexts.sinkContext("k1", channel));
            try {
                for (int batch = 1; batch <= 3; batch++) {
                    for (int i = 0; i < 4; i++) {
                        put(channel, event("b" + batch + "e" + i, "timestamp", "5"));
                    }
                    assertEquals(Status.READY, sink.process());
                    Path open = files(dir).get(0);
                    assertTrue(open.getName().endsWith(".tmp"), open.toString());
                    assertEquals(4 * batch, records(open, type), type + ": committed events visible before close");
                }
            } finally {
                sink.stop();
            }
        }
    }

    private static int records(Path file, String type) throws IOException {
        if (type.equals("DataStream")) {
            return (int) read(file, null).lines().count();
        }
        int n = 0;
        try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.getConf(), SequenceFile.Reader.file(file),
                SequenceFile.Reader.length(fs.getFileStatus(file).getLen() + 1_000_000))) {
            LongWritable key = new LongWritable();
            BytesWritable value = new BytesWritable();
            while (reader.next(key, value)) {
                n++;
            }
        } catch (java.io.EOFException endOfWhatIsVisible) {
            return n;
        }
        return n;
    }

    @Test
    void idleFilesAreClosedAndRenamed() throws Exception {
        String dir = dir();
        Sink sink = sink(props("hdfs.path", dir, "hdfs.fileType", "DataStream", "hdfs.idleTimeout", "1",
                "hdfs.rollCount", "0", "hdfs.inUsePrefix", "_", "hdfs.fileSuffix", ".log"));
        SinkContext context = drain(sink, QueueChannel.of(List.of(event("x"))));
        try {
            assertTrue(files(dir).get(0).getName().matches("_FlumeData\\.\\d{13}\\.log\\.tmp"), files(dir).toString());
            long deadline = System.currentTimeMillis() + 10_000;
            while (files(dir).get(0).getName().endsWith(".tmp") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(files(dir).get(0).getName().matches("FlumeData\\.\\d{13}\\.log"), files(dir).toString());
            assertEquals(1L, context.counter().get(SinkCounter.Name.ConnectionClosedCount));
            put(context.channel(), event("y"));
            assertEquals(Status.READY, sink.process());
        } finally {
            sink.stop();
        }
        assertEquals(2, files(dir).size(), "the next event opened a new file");
    }

    @Test
    void moreThanMaxOpenFilesClosesTheLeastRecentlyWritten() throws Exception {
        String dir = dir();
        Sink sink = sink(props("hdfs.path", dir + "/%{k}", "hdfs.fileType", "DataStream", "hdfs.maxOpenFiles", "1",
                "hdfs.rollCount", "0"));
        QueueChannel channel = new QueueChannel();
        sink.start(TestContexts.sinkContext("k1", channel));
        try {
            put(channel, event("1", "k", "a"));
            sink.process();
            put(channel, event("2", "k", "b"));
            sink.process();
            List<Path> files = files(dir);
            assertFalse(files.stream().filter(f -> f.toString().contains("/a/")).findFirst().orElseThrow().getName()
                    .endsWith(".tmp"), "a's file closed when b's opened: " + files);
        } finally {
            sink.stop();
        }
    }

    @Test
    void aWriteTheDataNodeCannotTakeRollsBackAndTheRetryGoesToAFreshFile() throws Exception {
        String dir = dir();
        Sink sink = sink(props("hdfs.path", dir, "hdfs.fileType", "DataStream", "hdfs.rollCount", "0",
                "hdfs.callTimeout", "20000"));
        QueueChannel channel = new QueueChannel();
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        try {
            put(channel, event("kept"));
            assertEquals(Status.READY, sink.process());
            MiniDFSCluster.DataNodeProperties dataNode = cluster.stopDataNode(0);
            put(channel, event("retried"));
            assertThrows(EventDeliveryException.class, sink::process);
            assertEquals(1, channel.size(), "rolled back into the channel");
            assertEquals(1L, context.counter().get(SinkCounter.Name.EventWriteFail));
            cluster.restartDataNode(dataNode, true);
            cluster.waitActive();
            long deadline = System.currentTimeMillis() + 60_000;
            while (channel.size() > 0 && System.currentTimeMillis() < deadline) {
                try {
                    sink.process(); // as the sink's runner does, after its back-off
                } catch (EventDeliveryException notYet) {
                    Thread.sleep(500);
                }
            }
            assertEquals(0, channel.size(), "delivered once the DataNode is back");
        } finally {
            sink.stop();
        }
        List<String> contents = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        for (Path f : files(dir)) {
            // the file whose pipeline broke could not be closed: the sink started lease recovery, which ends it,
            // and left its in-use name (it may end in a cut record); the fresh file was closed and renamed
            TestCluster.awaitLeaseRecovered((org.apache.hadoop.hdfs.DistributedFileSystem) fs, f);
            contents.add(read(f, null));
            if (f.getName().endsWith(".tmp")) {
                inUse.add(f.getName());
            }
        }
        assertEquals(1, inUse.size(), "only the file that could not be closed keeps its in-use name: " + inUse);
        assertTrue(contents.contains("retried\n"), "the retry is alone in a fresh file: " + contents);
        assertTrue(String.join("", contents).contains("kept\n"), "the committed event stays: " + contents);
    }

    @Test
    void aNameNodeRestartWhileWritingLosesNothing() throws Exception {
        String dir = dir();
        Sink sink = sink(props("hdfs.path", dir, "hdfs.fileType", "DataStream", "hdfs.rollCount", "5",
                "hdfs.callTimeout", "20000"));
        QueueChannel channel = new QueueChannel();
        sink.start(TestContexts.sinkContext("k1", channel));
        List<String> expected = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                if (i == 12) {
                    cluster.restartNameNode(true);
                }
                expected.add("n" + i);
                put(channel, event("n" + i));
                long deadline = System.currentTimeMillis() + 60_000;
                while (channel.size() > 0 && System.currentTimeMillis() < deadline) {
                    try {
                        sink.process();
                    } catch (EventDeliveryException notYet) {
                        Thread.sleep(500);
                    }
                }
                assertEquals(0, channel.size(), "event " + i + " delivered");
            }
        } finally {
            sink.stop();
        }
        StringBuilder all = new StringBuilder();
        for (Path f : files(dir)) {
            TestCluster.awaitLeaseRecovered((org.apache.hadoop.hdfs.DistributedFileSystem) fs, f);
            all.append(read(f, null));
        }
        assertTrue(all.toString().lines().toList().containsAll(expected), all.toString());
    }

    @Test
    void localFilesWorkWithoutACluster(@org.junit.jupiter.api.io.TempDir java.nio.file.Path local) throws Exception {
        Sink sink = sink(props("hdfs.path", "file://" + local + "/%{h}", "hdfs.fileType", "DataStream",
                "hdfs.useRawLocalFileSystem", "true"));
        drain(sink, QueueChannel.of(List.of(event("local", "h", "x"))));
        sink.stop();
        try (var list = java.nio.file.Files.list(local.resolve("x"))) {
            List<java.nio.file.Path> written = list.toList();
            assertEquals(1, written.size(), "no .crc beside it: " + written);
            assertEquals("local\n", java.nio.file.Files.readString(written.get(0)));
        }
    }

    @Test
    void badSettingsAreRefusedNamingKeyValueAndReason() {
        assertProblem(props("hdfs.path", "/x", "hdfs.fileType", "CompressedStream", "hdfs.codeC", "lzo"),
                "hdfs.codeC", "hadoop-lzo");
        assertProblem(props("hdfs.path", "/x", "hdfs.fileType", "CompressedStream", "hdfs.codeC", "zstd"),
                "hdfs.codeC", "native");
        assertProblem(props("hdfs.path", "/x", "hdfs.fileType", "CompressedStream", "hdfs.codeC", "zip"),
                "hdfs.codeC", "gzip");
        assertProblem(props("hdfs.path", "/x", "hdfs.fileType", "DataStream", "hdfs.codeC", "gzip"), "hdfs.codeC",
                "DataStream");
        assertProblem(props("hdfs.path", "/x", "hdfs.fileType", "CompressedStream"), "hdfs.fileType", "codeC");
        assertProblem(props("hdfs.path", "/x", "hdfs.fileType", "Parquet"), "hdfs.fileType", "SequenceFile");
        assertProblem(props("hdfs.path", "/x", "hdfs.timeZone", "Mars/Olympus"), "hdfs.timeZone", "time zone");
        assertProblem(props("hdfs.path", "/x/%[host]"), "hdfs.path", "%[localhost]");
        assertProblem(props("hdfs.path", "/x", "hdfs.writeFormat", "Avro"), "hdfs.writeFormat", "Writable");
        assertProblem(props("hdfs.filePrefix", "x"), "hdfs.path", "");
        assertProblem(props("hdfs.path", "/x", "hdfs.kerberosPrincipal", "flume/_HOST@EXAMPLE.COM"),
                "hdfs.kerberosPrincipal", "hdfs.kerberosKeytab");
    }

    private static void assertProblem(Map<String, String> properties, String key, String reasonPart) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> sink(properties));
        ConfigProblem problem = e.problems().stream().filter(p -> p.key().endsWith(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem with " + key + ": " + e.getMessage()));
        assertTrue(problem.toString().contains(reasonPart), problem.toString());
    }

    @Test
    void codecsByFlumesNamesGiveTheirExtensions() {
        HadoopConfiguration hadoop = new HadoopConfiguration(List.of());
        Map<String, String> extensions = Map.of("gzip", ".gz", "GzipCodec", ".gz", "bzip2", ".bz2", "deflate",
                ".deflate", "default", ".deflate", "snappy", ".snappy", "lz4", ".lz4",
                "org.apache.hadoop.io.compress.GzipCodec", ".gz");
        extensions.forEach((name, ext) -> assertEquals(ext, hadoop.codec(name).getDefaultExtension(), name));
    }
}
