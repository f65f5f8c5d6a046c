package org.millrace.flume.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.serialization.EventSerializer.Builder;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.serialization.EventSerializer;

/** Flume's own serializers, binaries from flume-ng-core 1.11.0, run as plugins through the adapter. */
class FlumeSerializerFactoryTest {

    @SuppressWarnings("unchecked")
    private static FlumeSerializerFactory factory(String className) throws Exception {
        return new FlumeSerializerFactory((Class<? extends Builder>) Class.forName(className));
    }

    /** The serializer keys of a file_roll sink, as the sink hands them on (prefix removed). */
    private static ComponentConfig config(Map<String, String> properties) {
        Map<String, String> sink = new LinkedHashMap<>();
        properties.forEach((k, v) -> sink.put("sink.serializer." + k, v));
        return new ComponentConfig("a1", "k1", "file_roll", "a1.sinks.k1.", sink).subset("sink.serializer.");
    }

    @Test
    void flumesHeaderAndBodyTextSerializerWritesAsInFlume() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventSerializer s = factory("org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder")
                .create(config(Map.of())).open(out);
        s.afterCreate();
        s.write(Event.of(Map.of("host", "web1"), "hello".getBytes(StandardCharsets.UTF_8)));
        s.write(Event.of("plain"));
        s.flush();
        s.beforeClose();
        assertEquals("{host=web1} hello\n{} plain\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(s.supportsReopen(), "Flume's answer, passed on");
    }

    @Test
    void theSerializersOwnKeysReachItsBuilder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventSerializer s = factory("org.apache.flume.serialization.BodyTextEventSerializer$Builder")
                .create(config(Map.of("appendNewline", "false"))).open(out);
        s.write(Event.of("a"));
        s.write(Event.of("b"));
        s.flush();
        assertEquals("ab", out.toString(StandardCharsets.UTF_8));
        assertTrue(s.supportsReopen());
    }

    /** A serializer whose builder refuses its settings, as Flume's do with an exception from build. */
    public static class Refusing implements Builder {
        @Override
        public org.apache.flume.serialization.EventSerializer build(Context context, OutputStream out) {
            throw new IllegalArgumentException("codec '" + context.getString("codec") + "' is not supported");
        }
    }

    @Test
    void aSerializerThatRefusesItsSettingsIsAnErrorWhenTheFlowIsPlannedNamingItsKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new FlumeSerializerFactory(Refusing.class).create(config(Map.of("codec", "lzx"))));
        assertEquals("a1.sinks.k1.sink.serializer", e.problems().get(0).key());
        assertEquals(Refusing.class.getName(), e.problems().get(0).value());
        assertTrue(e.problems().get(0).reason().contains("codec 'lzx' is not supported"), e.problems().get(0).reason());
    }
}
