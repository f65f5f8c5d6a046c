package org.millrace.flume.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.flume.RecordingInterceptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flume.interceptor.Interceptor.Builder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;

class FlumeInterceptorFactoryTest {

    @BeforeEach
    void forget() {
        RecordingInterceptor.CALLS.clear();
    }

    static Interceptor adapt(Class<? extends Builder> builder, Map<String, String> properties)
            throws ConfigurationException {
        return new FlumeInterceptorFactory(builder).create(config(builder.getName(), properties));
    }

    static ComponentConfig config(String type, Map<String, String> properties) {
        return new ComponentConfig("a1", "i1", type, "a1.sources.r1.interceptors.i1.", properties);
    }

    private static String body(Event e) {
        return new String(e.body(), StandardCharsets.UTF_8);
    }

    @Test
    void flumesCallsComeInFlumesOrderWithTheComponentsOwnKeys() throws Exception {
        Interceptor i = adapt(RecordingInterceptor.Builder.class, Map.of("value", "v", "header", "h"));
        assertEquals(List.of("configure:{header=h, type=" + RecordingInterceptor.Builder.class.getName()
                + ", value=v}", "build"), RecordingInterceptor.CALLS);
        i.initialize();
        i.intercept(Event.of("x"));
        i.close();
        assertEquals(List.of("initialize", "close"), RecordingInterceptor.CALLS.subList(2, 4));
    }

    @Test
    void eventsPassAsTheSameEventsChangedInPlaceDroppedOrReplaced() throws Exception {
        Interceptor i = adapt(RecordingInterceptor.Builder.class, Map.of("value", "v"));
        Event kept = Event.of(Map.of("host", "web1"), "abc".getBytes(StandardCharsets.UTF_8));
        assertSame(kept, i.intercept(kept));
        assertEquals("ABC", body(kept));
        assertEquals(Map.of("host", "web1", "plugin", "v"), kept.headers());
        assertNull(i.intercept(Event.of("drop")));

        List<Event> batch = new ArrayList<>(List.of(Event.of("a"), Event.of("drop"), Event.of("new"), Event.of("b")));
        List<Event> out = i.intercept(batch);
        assertEquals(List.of("A", "made by the plugin", "B"), out.stream().map(e -> body(e)).toList());
        assertSame(batch.get(0), out.get(0));
        assertEquals(Map.of("plugin", "v"), out.get(1).headers());
    }

    @Test
    void aPluginThatRefusesItsConfigurationNamesTheTypeKeyAndItsMessage() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> adapt(RecordingInterceptor.Builder.class, Map.of()));
        assertEquals(1, e.problems().size());
        assertEquals("a1.sources.r1.interceptors.i1.type", e.problems().get(0).key());
        assertEquals(RecordingInterceptor.Builder.class.getName(), e.problems().get(0).value());
        assertTrue(e.problems().get(0).reason().contains("value is required"), e.problems().get(0).reason());
    }

    @Test
    void everyKeyOfThePluginCountsAsReadSinceMillraceCannotSeeWhichItReads() throws Exception {
        ComponentConfig config = config(RecordingInterceptor.Builder.class.getName(),
                Map.of("value", "v", "unused.key", "x"));
        new FlumeInterceptorFactory(RecordingInterceptor.Builder.class).create(config);
        assertEquals(List.of(), config.ignoredProperties());
    }

    /** A builder Flume could not make either. */
    public static class NoDefaultConstructor extends RecordingInterceptor.Builder {
        public NoDefaultConstructor(String unused) {
        }
    }

    @Test
    void aBuilderWithoutANoArgConstructorIsAConfigurationProblem() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> adapt(NoDefaultConstructor.class, Map.of("value", "v")));
        assertTrue(e.problems().get(0).reason().contains("no-argument constructor"), e.problems().get(0).reason());
    }

    // Flume's own interceptors, binaries from flume-ng-core 1.11.0, run as plugins.

    /** The Builder of one of Flume's own interceptors. */
    @SuppressWarnings("unchecked")
    static Class<? extends Builder> flume(String interceptor) throws ClassNotFoundException {
        return (Class<? extends Builder>) Class.forName("org.apache.flume.interceptor." + interceptor + "$Builder");
    }

    @Test
    void flumesStaticInterceptorRunsUnchanged() throws Exception {
        Interceptor i = adapt(flume("StaticInterceptor"), Map.of("key", "datacenter", "value", "NYC_01"));
        i.initialize();
        Event e = i.intercept(Event.of("x"));
        assertEquals("NYC_01", e.header("datacenter"));
    }

    @Test
    void flumesRegexFilteringInterceptorDropsWhatItsConfigurationSays() throws Exception {
        Interceptor i = adapt(flume("RegexFilteringInterceptor"), Map.of("regex", "^DEBUG", "excludeEvents", "true"));
        i.initialize();
        List<Event> out = i.intercept(new ArrayList<>(List.of(Event.of("DEBUG a"), Event.of("INFO b"))));
        assertEquals(List.of("INFO b"), out.stream().map(e -> body(e)).toList());
    }

    @Test
    void flumesSearchAndReplaceInterceptorRefusesAMissingPatternWithItsOwnMessage() throws Exception {
        Class<? extends Builder> searchAndReplace = flume("SearchAndReplaceInterceptor");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> adapt(searchAndReplace, Map.of()));
        assertTrue(e.problems().get(0).reason().startsWith("the Flume plugin's configure or build failed: "),
                e.problems().get(0).reason());
    }
}
