package org.millrace.serialization.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.serialization.EventDeserializerFactory;
import org.apache.flume.serialization.PositionTracker;
import org.apache.flume.serialization.ResettableFileInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.testkit.TestContexts;
import org.millrace.serialization.DecodeErrorPolicy;
import org.millrace.serialization.EventDeserializer;
import org.millrace.serialization.EventDeserializers;
import org.millrace.serialization.EventSerializer;
import org.millrace.serialization.EventSerializers;
import org.millrace.serialization.ResettableFileInput;

class DeserializersTest {
    @TempDir
    Path dir;

    private EventDeserializer open(ResettableFileInput in, Map<String, String> properties) throws Exception {
        return EventDeserializers.builtIn().format(TestContexts.config("sources", "r1", "spooldir", properties),
                "deserializer", "LINE").open(in);
    }

    private static ResettableFileInput input(Path file, long start) throws IOException {
        return ResettableFileInput.open(file, start, p -> { }, StandardCharsets.UTF_8, DecodeErrorPolicy.FAIL);
    }

    /** An avro_event file of n events, written by Millrace's own avro_event serializer in small blocks. */
    private Path avroFile(int n) throws Exception {
        Path file = dir.resolve("events.avro");
        try (OutputStream out = Files.newOutputStream(file)) {
            EventSerializer serializer = EventSerializers.builtIn().format(TestContexts.config("sinks", "k1",
                    "file_roll", Map.of("sink.serializer", "avro_event",
                            "sink.serializer.syncIntervalBytes", "100")), "sink.serializer", "text").open(out);
            serializer.afterCreate();
            for (int i = 0; i < n; i++) {
                serializer.write(Event.withHeaders(("record-" + i).getBytes(StandardCharsets.UTF_8), "n",
                        String.valueOf(i)));
            }
            serializer.flush();
            serializer.beforeClose();
        }
        return file;
    }

    @Test
    void avroRecordsAreTheEventsFlumesAvroDeserializerMakes() throws Exception {
        Path file = avroFile(50);
        List<String> flume = new ArrayList<>();
        try (ResettableFileInputStream in = new ResettableFileInputStream(file.toFile(), new Memory())) {
            org.apache.flume.serialization.EventDeserializer records = EventDeserializerFactory.getInstance("AVRO",
                    new Context(), in);
            for (org.apache.flume.Event e = records.readEvent(); e != null; e = records.readEvent()) {
                flume.add(HexFormat.of().formatHex(e.getBody()) + " " + e.getHeaders());
            }
        }
        List<String> millrace = new ArrayList<>();
        try (ResettableFileInput in = input(file, 0)) {
            for (Event e : open(in, Map.of("deserializer", "AVRO")).readEvents(1000)) {
                millrace.add(HexFormat.of().formatHex(e.body()) + " " + e.headers());
            }
        }
        assertEquals(50, flume.size());
        assertEquals(flume, millrace);
    }

    @Test
    void anAvroResetReturnsToTheExactRecordAndARestartToItsBlockAsFlumes() throws Exception {
        Path file = avroFile(50);
        List<Long> marks = new ArrayList<>();
        try (ResettableFileInput in = ResettableFileInput.open(file, 0, marks::add, StandardCharsets.UTF_8,
                DecodeErrorPolicy.FAIL)) {
            EventDeserializer records = open(in, Map.of("deserializer", "avro", "deserializer.schemaType",
                    "LITERAL"));
            List<Event> first = records.readEvents(23);
            assertTrue(first.get(0).header("flume.avro.schema.literal").contains("\"Event\""));
            records.mark();
            records.readEvents(5);
            records.reset();
            List<Event> again = records.readEvents(1);
            assertArrayEquals(recordBody(23), again.get(0).body(), "the 24th record, not its block's first");
        }
        long mark = marks.get(marks.size() - 1);
        List<Event> resumed;
        try (ResettableFileInput in = input(file, mark)) {
            resumed = open(in, Map.of("deserializer", "avro")).readEvents(1000);
        }
        assertTrue(resumed.size() >= 27 && resumed.size() < 50, "from the block of record 23: " + resumed.size());
        assertArrayEquals(recordBody(49), resumed.get(resumed.size() - 1).body());
        try (ResettableFileInputStream in = new ResettableFileInputStream(file.toFile(), new Memory())) {
            in.seek(mark);
            org.apache.flume.serialization.EventDeserializer records = EventDeserializerFactory.getInstance("AVRO",
                    new Context(), in);
            int n = 0;
            for (org.apache.flume.Event e = records.readEvent(); e != null; e = records.readEvent()) {
                n++;
            }
            assertEquals(resumed.size(), n, "Flume resumes from the same block");
        }
    }

    /** Record i of {@link #avroFile} in Avro's binary encoding: the headers map, then the body bytes. */
    private static byte[] recordBody(int i) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(
                AvroEventSerializerFactory.SCHEMA);
        record.put("headers", Map.of("n", String.valueOf(i)));
        record.put("body", java.nio.ByteBuffer.wrap(("record-" + i).getBytes(StandardCharsets.UTF_8)));
        new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(
                AvroEventSerializerFactory.SCHEMA).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void aBlobIsTheWholeFileOrPiecesOfMaxBlobLength() throws Exception {
        byte[] content = new byte[25_000];
        new java.util.Random(1).nextBytes(content);
        Path file = Files.write(dir.resolve("blob.bin"), content);
        try (ResettableFileInput in = input(file, 0)) {
            List<Event> whole = open(in, Map.of("deserializer",
                    "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder")).readEvents(10);
            assertEquals(1, whole.size());
            assertArrayEquals(content, whole.get(0).body());
        }
        try (ResettableFileInput in = input(file, 0)) {
            List<Event> pieces = open(in, Map.of("deserializer", "blob", "deserializer.maxBlobLength", "10000"))
                    .readEvents(10);
            assertEquals(List.of(10_000, 10_000, 5_000), pieces.stream().map(e -> e.body().length).toList());
        }
    }

    @Test
    void anUnknownDeserializerWaitsForItsBundle() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> EventDeserializers.builtIn()
                .format(TestContexts.config("sources", "r1", "spooldir", Map.of("deserializer", "com.example.X")),
                        "deserializer", "LINE"));
        assertTrue(e.problems().stream().allMatch(ConfigProblem::missingType), e.getMessage());
    }

    @Test
    void badLineSettingsNameTheirKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> EventDeserializers.builtIn()
                .format(TestContexts.config("sources", "r1", "spooldir", Map.of("deserializer.maxLineLength", "0",
                        "deserializer.outputCharset", "klingon")), "deserializer", "LINE"));
        assertTrue(e.getMessage().contains("a1.sources.r1.deserializer.maxLineLength"), e.getMessage());
    }

    /** An in-memory tracker for Flume's stream. */
    private static final class Memory implements PositionTracker {
        private long position;

        @Override
        public void storePosition(long p) {
            position = p;
        }

        @Override
        public long getPosition() {
            return position;
        }

        @Override
        public String getTarget() {
            return "test";
        }

        @Override
        public void close() {
        }
    }
}
