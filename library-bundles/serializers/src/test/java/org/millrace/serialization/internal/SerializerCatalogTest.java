package org.millrace.serialization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.serialization.EventFormat;
import org.millrace.serialization.EventSerializer;
import org.millrace.serialization.EventSerializerFactory;
import org.millrace.serialization.EventSerializers;

class SerializerCatalogTest {

    private static ComponentConfig sink(String... keysAndValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ComponentConfig("a1", "k1", "file_roll", "a1.sinks.k1.", p);
    }

    private static byte[] write(EventFormat format, Event... events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventSerializer serializer = format.open(out);
        serializer.afterCreate();
        for (Event e : events) {
            serializer.write(e);
        }
        serializer.flush();
        serializer.beforeClose();
        return out.toByteArray();
    }

    @Test
    void textIsTheBodyAndANewlineUnlessToldOtherwise() throws Exception {
        EventSerializers serializers = EventSerializers.builtIn();
        assertEquals("a\nb\n", new String(write(serializers.format(sink(), "sink.serializer", "TEXT"),
                Event.of("a"), Event.of("b")), StandardCharsets.UTF_8));
        assertEquals("ab", new String(write(serializers.format(sink("sink.serializer.appendNewline", "false"),
                "sink.serializer", "TEXT"), Event.of("a"), Event.of("b")), StandardCharsets.UTF_8));
    }

    @Test
    void headerAndTextPrefixesTheHeaders() throws Exception {
        EventFormat format = EventSerializers.builtIn().format(sink("sink.serializer", "header_and_text"),
                "sink.serializer", "TEXT");
        assertEquals("{k=v} body\n", new String(write(format, Event.of(Map.of("k", "v"),
                "body".getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8));
    }

    @Test
    void avroEventWritesADataFileAvroReadsBack() throws Exception {
        EventFormat format = EventSerializers.builtIn().format(sink("sink.serializer",
                "org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder",
                "sink.serializer.compressionCodec", "deflate"), "sink.serializer", "TEXT");
        byte[] file = write(format, Event.of(Map.of("host", "web1"), "one".getBytes(StandardCharsets.UTF_8)),
                Event.of("two"));
        List<String> read = new ArrayList<>();
        try (DataFileStream<GenericRecord> in = new DataFileStream<>(new java.io.ByteArrayInputStream(file),
                new GenericDatumReader<>())) {
            assertEquals("deflate", in.getMetaString("avro.codec"));
            for (GenericRecord r : in) {
                read.add(r.get("headers") + " " + StandardCharsets.UTF_8.decode((java.nio.ByteBuffer) r.get("body")));
            }
        }
        assertEquals(List.of("{host=web1} one", "{} two"), read);
    }

    @Test
    void anUnknownTypeIsOneTheSinkWaitsForAndACustomOneIsFoundByItsBuilderName() throws Exception {
        SerializerCatalog catalog = SerializerCatalog.withBuiltIns();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> catalog.format(sink(
                "serializer", "com.acme.Csv$Builder"), "serializer", "TEXT"));
        assertTrue(e.problems().get(0).missingType());
        assertEquals("a1.sinks.k1.serializer = com.acme.Csv$Builder: no installed bundle provides serializer type"
                + " 'com.acme.Csv$Builder'", e.problems().get(0).toString());
        EventSerializerFactory csv = config -> {
            String separator = config.get("separator");
            return out -> new EventSerializer() {
                @Override
                public void write(Event event) throws IOException {
                    out.write((event.header("id") + separator + new String(event.body(), StandardCharsets.UTF_8)
                            + "\n").getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void flush() {
                }
            };
        };
        catalog.addFactory(csv, Map.of(ConnectorTypes.TYPE, new String[] {"csv", "com.acme.Csv$Builder"}));
        ComponentConfig config = sink("serializer", "com.acme.Csv$Builder", "serializer.separator", ";");
        assertEquals("7;x\n", new String(write(catalog.format(config, "serializer", "TEXT"),
                Event.of(Map.of("id", "7"), "x".getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8));
        assertEquals(List.of(), config.ignoredProperties(), "the serializer's keys are the sink's");
        catalog.removeFactory(csv);
        assertThrows(ConfigurationException.class, () -> catalog.format(config, "serializer", "TEXT"));
    }

    @Test
    void badSettingsNameTheirKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> EventSerializers.builtIn()
                .format(sink("sink.serializer", "avro_event", "sink.serializer.compressionCodec", "lz5",
                        "sink.serializer.syncIntervalBytes", "1"), "sink.serializer", "TEXT"));
        assertEquals("a1.sinks.k1.sink.serializer.syncIntervalBytes = 1: must be at least 32", e.getMessage());
    }
}
