package org.millrace.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentConfigTest {

    /** A connector's typed config; its limits are in the Metatype document under src/test/resources. */
    @interface Settings {
        int capacity() default 100;

        int port();

        int level() default 6;

        double ratio() default 1.0;

        String mode() default "fast";

        long[] sizes() default {};

        boolean ack$_$every$_$event() default true;

        String sink_directory() default "";
    }

    /** A transaction capacity and a capacity, one at most the other unless either is 0 (no limit). */
    @interface Capacities {
        long capacity() default 100;

        @AtMost(value = "capacity", zeroIsUnlimited = true)
        int transactionCapacity() default 10;
    }

    /** A config with no Metatype document: no limits beyond conversion. */
    @interface Undocumented {
        int count() default -1;
    }

    private static ComponentConfig config(String... keysAndValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ComponentConfig("a1", "c1", "memory", "a1.channels.c1.", p);
    }

    private static List<String> problems(ComponentConfig config, Class<?> spec) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> config.as(spec));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aTypedViewConvertsValuesAndFallsBackToDefaults() throws Exception {
        Settings s = config("port", "44444", "ack-every-event", "FALSE", "sink.directory", "/tmp/x", "sizes", "1 2")
                .as(Settings.class);
        assertEquals(44444, s.port());
        assertEquals(100, s.capacity());
        assertEquals(false, s.ack$_$every$_$event());
        assertEquals("/tmp/x", s.sink_directory());
        assertArrayEquals(new long[] {1, 2}, s.sizes());
    }

    @Test
    void theLimitsTheMetatypeDeclaresAreEnforcedAllAtOnce() {
        assertEquals(List.of(
                "a1.channels.c1.capacity = 0: must be at least 1",
                "a1.channels.c1.port = 70000: must be between 0 and 65535",
                "a1.channels.c1.level = 10: must be at most 9",
                "a1.channels.c1.ratio = 0.25: must be at least 0.5",
                "a1.channels.c1.mode = quick: must be one of fast, safe",
                "a1.channels.c1.sizes = 4 0: must be at least 1"),
                problems(config("capacity", "0", "port", "70000", "level", "10", "ratio", "0.25", "mode", "quick",
                        "sizes", "4 0"), Settings.class));
    }

    @Test
    void aMissingRequiredPropertyABadNumberAndABadBooleanAreEachNamed() {
        assertEquals(List.of("a1.channels.c1.capacity = lots: not a whole number",
                "a1.channels.c1.port: required property is missing",
                "a1.channels.c1.ack-every-event = yes: must be true or false"),
                problems(config("capacity", "lots", "ack-every-event", "yes"), Settings.class));
    }

    @Test
    void withoutAMetatypeDocumentOnlyConversionApplies() throws Exception {
        assertEquals(-5, config("count", "-5").as(Undocumented.class).count());
    }

    @Test
    void keysTheComponentDidNotDeclareAreReportedWithTheNearestDeclaredName() throws Exception {
        ComponentConfig c = config("port", "1", "capacty", "500", "Level", "3", "colour", "red");
        c.as(Settings.class);
        assertEquals(List.of(
                "a1.channels.c1.capacty = 500: not a property of memory; ignored (did you mean capacity?)",
                "a1.channels.c1.Level = 3: not a property of memory; ignored (did you mean level?)",
                "a1.channels.c1.colour = red: not a property of memory; ignored"),
                c.ignoredProperties().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void subViewsAndPassThroughGroupsDeclareTheirKeys() throws Exception {
        ComponentConfig c = config("port", "1", "sink.directory", "/d", "serializer.appendNewline", "false",
                "serializer.appendNewlin", "true", "kafka.producer.acks", "all", "kafka.producer.linger.ms", "5");
        c.as(Settings.class);
        assertEquals("false", c.subset("serializer.").get("appendNewline"));
        assertEquals(Map.of("acks", "all", "linger.ms", "5"), c.passThrough("kafka.producer."));
        List<ConfigProblem> ignored = c.ignoredProperties();
        assertEquals(1, ignored.size());
        assertEquals("a1.channels.c1.serializer.appendNewlin", ignored.get(0).key());
        assertTrue(ignored.get(0).reason().endsWith("(did you mean serializer.appendNewline?)"),
                ignored.get(0).reason());
    }

    @Test
    void problemsPrintTheFullKeyAndTheValue() {
        ComponentConfig c = config("a", "1");
        assertEquals("a1.channels.c1.a = 1: bad", c.problem("a", "bad").toString());
        assertEquals("a1.channels.c1.b: bad", c.problem("b", "bad").toString());
    }

    @Test
    void aValueAboveTheOneItMustNotExceedIsNamedWithTheLimit() throws Exception {
        assertEquals(List.of("a1.channels.c1.transactionCapacity = 200: cannot be higher than capacity (100)"),
                problems(config("transactionCapacity", "200"), Capacities.class));
        assertEquals(100, config("transactionCapacity", "100").as(Capacities.class).transactionCapacity());
        assertEquals(500, config("transactionCapacity", "500", "capacity", "0").as(Capacities.class)
                .transactionCapacity(), "0 is no limit");
    }

    @Test
    void spellingDistanceCountsASwapAsOneEdit() {
        assertEquals(1, Spelling.distance("capacty", "capacity"));
        assertEquals(1, Spelling.distance("bacthSize", "batchSize"));
        assertEquals("batchSize", Spelling.nearest("bacthSize", List.of("batchSize", "batchDuration")));
        assertEquals(null, Spelling.nearest("ab", List.of("cd")), "short names need a closer match");
    }
}
