package org.millrace.sink.fileroll.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.SinkContract;
import org.millrace.serialization.EventSerializers;
import org.millrace.api.testkit.TestContexts;

class FileRollSinkTest extends SinkContract {
    @TempDir
    Path dir;

    @Override
    protected Sink create(Map<String, String> properties) throws ConfigurationException {
        return new FileRollSinkFactory(EventSerializers.builtIn()).create(TestContexts.config("sinks", "k1", "file_roll", properties));
    }

    @Override
    protected Map<String, String> workingProperties() {
        return Map.of("sink.directory", dir.toString());
    }

    /** A file name longer than any file system takes: every open fails. */
    @Override
    protected Map<String, String> failingProperties() {
        return Map.of("sink.directory", dir.toString(), "sink.pathManager.prefix", "x".repeat(300));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    private void drain(Sink sink, List<Event> events) throws Exception {
        sink.start(TestContexts.sinkContext("k1", QueueChannel.of(events)));
        while (sink.process() == Status.READY) {
            Thread.onSpinWait();
        }
    }

    @Test
    void textFilesHoldOneBodyPerLine() throws Exception {
        Sink sink = create(Map.of("sink.directory", dir.toString(), "sink.rollInterval", "0"));
        drain(sink, List.of(Event.of("one"), Event.of("two")));
        sink.stop();
        assertEquals(1, files().size());
        assertEquals("one\ntwo\n", Files.readString(files().get(0)));
        assertTrue(files().get(0).getFileName().toString().matches("\\d{13}-1"), files().toString());
    }

    @Test
    void avroEventFilesReadBackWithAvrosOwnReader() throws Exception {
        Sink sink = create(Map.of("sink.directory", dir.toString(), "sink.serializer", "avro_event",
                "sink.serializer.compressionCodec", "deflate", "sink.pathManager.extension", "avro",
                "sink.pathManager.prefix", "collector-"));
        byte[] binary = {0, 1, 2, (byte) 0xfe};
        drain(sink, List.of(Event.of(Map.of("host", "web1"), binary), Event.of("text")));
        sink.stop();
        Path file = files().get(0);
        assertTrue(file.getFileName().toString().matches("collector-\\d{13}-1\\.avro"), file.toString());
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            reader.forEach(records::add);
        }
        assertEquals(2, records.size());
        assertEquals("web1", ((Map<?, ?>) records.get(0).get("headers")).entrySet().iterator().next().getValue()
                .toString());
        ByteBuffer body = (ByteBuffer) records.get(0).get("body");
        byte[] got = new byte[body.remaining()];
        body.get(got);
        assertArrayEquals(binary, got);
        assertEquals("Event", records.get(0).getSchema().getName());
    }

    @Test
    void aNewFileEveryRollInterval() throws Exception {
        Sink sink = create(Map.of("sink.directory", dir.toString(), "sink.rollInterval", "1",
                "sink.pathManager", "rolltime"));
        QueueChannel channel = new QueueChannel();
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        putAndProcess(sink, channel, "first");
        Thread.sleep(1100);
        putAndProcess(sink, channel, "second");
        sink.stop();
        assertEquals(2, files().size());
        assertEquals(2, context.counter().get(SinkCounter.Name.ConnectionCreatedCount), "a file is a connection");
        assertEquals(2, context.counter().get(SinkCounter.Name.ConnectionClosedCount));
        assertEquals("first\n", Files.readString(files().get(0)));
        assertTrue(files().get(1).getFileName().toString().matches("\\d{14}-\\d"), files().toString());
    }

    private static void putAndProcess(Sink sink, QueueChannel channel, String body) throws Exception {
        try (var tx = channel.newTransaction()) {
            tx.begin();
            tx.put(Event.of(body));
            tx.commit();
        }
        sink.process();
    }

    @Test
    void headerAndTextAndNoNewline() throws Exception {
        Sink sink = create(Map.of("sink.directory", dir.toString(), "sink.serializer", "header_and_text",
                "sink.serializer.appendNewline", "false"));
        drain(sink, List.of(Event.of(Map.of("k", "v"), "body".getBytes(StandardCharsets.UTF_8))));
        sink.stop();
        assertEquals("{k=v} body", Files.readString(files().get(0)));
    }

    @Test
    void badSettingsNameTheirKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create(Map.of(
                "sink.directory", dir.toString(), "sink.serializer", "parquet", "sink.rollInterval", "-1")));
        assertEquals(List.of("a1.sinks.k1.sink.rollInterval = -1: must not be negative",
                "a1.sinks.k1.sink.serializer = parquet: no installed bundle provides serializer type 'parquet'"),
                e.problems().stream().map(Object::toString).toList());
        assertEquals(List.of(false, true), e.problems().stream().map(p -> p.missingType()).toList(),
                "an unknown serializer is a type the sink waits for");
        e = assertThrows(ConfigurationException.class, () -> create(Map.of("sink.directory", dir.toString(),
                "sink.serializer", "avro_event", "sink.serializer.compressionCodec", "lz5")));
        assertEquals(List.of("a1.sinks.k1.sink.serializer.compressionCodec = lz5: not an Avro codec (deflate, bzip2,"
                + " xz, snappy, zstandard; null for none)"), e.problems().stream().map(Object::toString).toList());
        e = assertThrows(ConfigurationException.class, () -> create(Map.of("sink.directory", dir.toString(),
                "sink.serializer.appendNewline", "maybe")));
        assertEquals(List.of("a1.sinks.k1.sink.serializer.appendNewline = maybe: must be true or false"),
                e.problems().stream().map(Object::toString).toList());
    }
}
