package org.millrace.sink.hdfs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.channel.MemoryChannel;
import org.apache.flume.conf.Configurables;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.sink.hdfs.HDFSEventSink;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.TestContexts;
import org.millrace.serialization.EventSerializers;

/**
 * Flume 1.11's own hdfs sink and ours write the same events with the same configuration into one HDFS: the same
 * directories, the same number of files named alike, the same records (SequenceFile keys and values, serialized
 * bytes, decompressed bytes, Avro records).
 */
class FlumeHdfsSinkEquivalenceTest {
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String root;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = TestCluster.start("flume");
        fs = cluster.getFileSystem();
        root = TestCluster.root(cluster);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    /** 40 events from 2 hosts over 3 hours of one day, with text that needs no escaping and some that does. */
    private static List<Map.Entry<Map<String, String>, byte[]>> events() {
        List<Map.Entry<Map<String, String>, byte[]>> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, String> headers = Map.of("host", "web" + (i % 2), "timestamp",
                    Long.toString(1_767_225_600_000L + i * 400_000L), "n", Integer.toString(i));
            events.add(Map.entry(headers, ("event " + i + (i % 7 == 0 ? " \"quoted\" tab\t ü" : ""))
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static Map<String, String> config(String dir, String... more) {
        Map<String, String> p = new HashMap<>(Map.of("hdfs.path", dir + "/%{host}/%Y-%m-%d/%H",
                "hdfs.filePrefix", "events-%{host}", "hdfs.timeZone", "UTC", "hdfs.rollCount", "4",
                "hdfs.rollSize", "0", "hdfs.rollInterval", "0", "hdfs.batchSize", "3",
                "hdfs.minBlockReplicas", "1"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    @Test
    void dataStreamText() throws Exception {
        assertSameFiles("text", "hdfs.fileType", "DataStream");
    }

    @Test
    void dataStreamHeaderAndText() throws Exception {
        assertSameFiles("header_and_text", "hdfs.fileType", "DataStream", "serializer", "header_and_text");
    }

    @Test
    void dataStreamAvroEvents() throws Exception {
        assertSameFiles("avro", "hdfs.fileType", "DataStream", "serializer", "avro_event", "hdfs.fileSuffix", ".avro");
    }

    @Test
    void sequenceFileWritable() throws Exception {
        assertSameFiles("seq-writable");
    }

    @Test
    void sequenceFileTextGzip() throws Exception {
        assertSameFiles("seq-text-gzip", "hdfs.writeFormat", "Text", "hdfs.codeC", "gzip");
    }

    @Test
    void compressedStreamGzipAndBzip2() throws Exception {
        assertSameFiles("gzip", "hdfs.fileType", "CompressedStream", "hdfs.codeC", "gzip");
        assertSameFiles("bzip2", "hdfs.fileType", "CompressedStream", "hdfs.codeC", "bzip2");
    }

    private void assertSameFiles(String name, String... settings) throws Exception {
        String flumeDir = root + "/flume-" + name;
        String ourDir = root + "/millrace-" + name;
        runFlume(config(flumeDir, settings));
        runOurs(config(ourDir, settings));
        Map<String, List<String>> flumes = contents(flumeDir);
        Map<String, List<String>> ours = contents(ourDir);
        assertEquals(flumes.keySet(), ours.keySet(), name + ": directories and file names (counters as N)");
        assertEquals(flumes, ours, name + ": contents");
        assertTrue(flumes.size() >= 6, name + ": " + flumes.keySet());
    }

    private static void runFlume(Map<String, String> properties) throws Exception {
        MemoryChannel channel = new MemoryChannel();
        channel.setName("c1");
        Configurables.configure(channel, new Context(Map.of("capacity", "1000", "transactionCapacity", "100")));
        channel.start();
        Transaction tx = channel.getTransaction();
        tx.begin();
        for (Map.Entry<Map<String, String>, byte[]> e : events()) {
            channel.put(EventBuilder.withBody(e.getValue(), new HashMap<>(e.getKey())));
        }
        tx.commit();
        tx.close();
        HDFSEventSink sink = new HDFSEventSink();
        sink.setName("k1");
        sink.setChannel(channel);
        Configurables.configure(sink, new Context(properties));
        sink.start();
        while (sink.process() == org.apache.flume.Sink.Status.READY) {
            Thread.onSpinWait();
        }
        sink.stop();
        channel.stop();
    }

    private static void runOurs(Map<String, String> properties) throws Exception {
        List<Event> events = new ArrayList<>();
        for (Map.Entry<Map<String, String>, byte[]> e : events()) {
            events.add(Event.of(e.getKey(), e.getValue()));
        }
        Sink sink = new HdfsSinkFactory(EventSerializers.builtIn(), new HadoopConfiguration(List.of()))
                .create(TestContexts.config("sinks", "k1", "hdfs", properties));
        sink.start(TestContexts.sinkContext("k1", QueueChannel.of(events)));
        while (sink.process() == Status.READY) {
            Thread.onSpinWait();
        }
        sink.stop();
    }

    /**
     * Each file by its path below the directory, the counter in its name replaced by its rank among the files of
     * its directory (Flume and Millrace start counting at the time the bucket opened), and its records as text.
     */
    private static Map<String, List<String>> contents(String dir) throws IOException {
        Map<String, TreeMap<Long, Path>> byDirectory = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(dir), true);
        java.util.regex.Pattern counter = java.util.regex.Pattern.compile("\\.(\\d{13})");
        while (it.hasNext()) {
            Path file = it.next().getPath();
            java.util.regex.Matcher m = counter.matcher(file.getName());
            assertTrue(m.find(), "a counter in " + file);
            byDirectory.computeIfAbsent(file.getParent().toUri().getPath().substring(new Path(dir).toUri().getPath()
                    .length()), d -> new TreeMap<>()).put(Long.parseLong(m.group(1)), file);
        }
        Map<String, List<String>> out = new TreeMap<>();
        byDirectory.forEach((directory, files) -> {
            int rank = 0;
            for (Path file : files.values()) {
                String name = file.getName().replaceFirst("\\.\\d{13}", "." + rank++);
                try {
                    out.put(directory + "/" + name, records(file));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        return out;
    }

    private static List<String> records(Path file) throws IOException {
        List<String> records = new ArrayList<>();
        byte[] head = new byte[4];
        try (InputStream in = fs.open(file)) {
            in.read(head);
        }
        if (head[0] == 'S' && head[1] == 'E' && head[2] == 'Q') {
            try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.getConf(), SequenceFile.Reader.file(file))) {
                Writable key = (Writable) ReflectionUtils.newInstance(reader.getKeyClass(), fs.getConf());
                Writable value = (Writable) ReflectionUtils.newInstance(reader.getValueClass(), fs.getConf());
                records.add(reader.getKeyClassName() + " " + reader.getValueClassName() + " "
                        + reader.getCompressionType() + " " + (reader.getCompressionCodec() == null ? "none"
                        : reader.getCompressionCodec().getClass().getName()));
                while (reader.next(key, value)) {
                    records.add(key + "=" + value);
                }
            }
            return records;
        }
        if (head[0] == 'O' && head[1] == 'b' && head[2] == 'j') {
            try (DataFileStream<GenericRecord> avro = new DataFileStream<>(fs.open(file),
                    new GenericDatumReader<>())) {
                records.add(avro.getSchema().toString());
                avro.forEach(r -> records.add(r.toString()));
            }
            return records;
        }
        CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(file);
        try (InputStream in = codec == null ? fs.open(file) : codec.createInputStream(fs.open(file))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            records.add(bytes.toString(StandardCharsets.UTF_8));
        }
        return records;
    }
}
