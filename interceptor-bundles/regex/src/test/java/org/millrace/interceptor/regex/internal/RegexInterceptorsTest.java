package org.millrace.interceptor.regex.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;

/** Each interceptor as Flume's user guide configures it. */
class RegexInterceptorsTest {

    private static Interceptor create(InterceptorFactory factory, Map<String, String> properties)
            throws ConfigurationException {
        return factory.create(new ComponentConfig("a1", "r1", "x", "a1.sources.r1.interceptors.i1.", properties));
    }

    private static String body(Event e) {
        return new String(e.body(), StandardCharsets.UTF_8);
    }

    @Test
    void regexFilterKeepsMatchesOrDropsThem() throws Exception {
        Interceptor keep = create(new RegexFilterInterceptorFactory(), Map.of("regex", "ERROR|WARN"));
        assertEquals(List.of("WARN disk", "ERROR boom"), keep.intercept(List.of(Event.of("INFO ok"),
                Event.of("WARN disk"), Event.of("ERROR boom"))).stream().map(RegexInterceptorsTest::body).toList());
        Interceptor drop = create(new RegexFilterInterceptorFactory(), Map.of("regex", "^DEBUG",
                "excludeEvents", "true"));
        assertNull(drop.intercept(Event.of("DEBUG noise")));
        assertEquals("INFO ok", body(drop.intercept(Event.of("INFO ok"))));
        assertEquals("anything", body(create(new RegexFilterInterceptorFactory(), Map.of()).intercept(
                Event.of("anything"))), "the default .* keeps everything");
    }

    @Test
    void regexExtractorPutsGroupsIntoNamedHeaders() throws Exception {
        Event e = create(new RegexExtractorInterceptorFactory(), Map.of("regex", "(\\d):(\\d):(\\d)",
                "serializers", "s1 s2 s3", "serializers.s1.name", "one", "serializers.s2.name", "two",
                "serializers.s3.name", "three")).intercept(Event.of("1:2:3.4foobar5"));
        assertEquals(Map.of("one", "1", "two", "2", "three", "3"), e.headers());
        assertEquals("1:2:3.4foobar5", body(e));
    }

    @Test
    void regexExtractorsMillisSerializerGivesEpochMillis() throws Exception {
        Interceptor i = create(new RegexExtractorInterceptorFactory(), Map.of(
                "regex", "^(?:\\n)?(\\d\\d\\d\\d-\\d\\d-\\d\\d\\s\\d\\d:\\d\\d)", "serializers", "s1",
                "serializers.s1.type", "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer",
                "serializers.s1.name", "timestamp", "serializers.s1.pattern", "yyyy-MM-dd HH:mm"));
        long expected = LocalDateTime.of(2012, 10, 18, 18, 47).atZone(ZoneId.systemDefault()).toInstant()
                .toEpochMilli();
        assertEquals(Long.toString(expected), i.intercept(Event.of("2012-10-18 18:47:57,614 some log line"))
                .header("timestamp"));
        assertNull(create(new RegexExtractorInterceptorFactory(), Map.of("regex", "(\\S+)", "serializers", "s1",
                "serializers.s1.type", "millis", "serializers.s1.name", "ts", "serializers.s1.pattern",
                "yyyy-MM-dd")).intercept(Event.of("not-a-date")).header("ts"), "an unparsable date leaves no header");
    }

    @Test
    void regexExtractorNamesEachBadKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create(
                new RegexExtractorInterceptorFactory(), Map.of("regex", "(unclosed", "serializers", "s1 s2",
                        "serializers.s2.name", "x", "serializers.s2.type", "fancy")));
        assertEquals(List.of(
                "a1.sources.r1.interceptors.i1.regex = (unclosed: not a regular expression: Unclosed group near"
                        + " index 9",
                "a1.sources.r1.interceptors.i1.serializers.s1.name: required: the header this group goes to",
                "a1.sources.r1.interceptors.i1.serializers.s2.type = fancy: unknown serializer (default, millis, or"
                        + " Flume's class names of those)"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void searchReplaceRewritesTheBody() throws Exception {
        assertEquals(" the rest", body(create(new SearchReplaceInterceptorFactory(), Map.of("searchPattern",
                "^[A-Za-z0-9_]+")).intercept(Event.of("prefix_1 the rest"))));
        assertEquals("The hungry dog ate the careless fox", body(create(new SearchReplaceInterceptorFactory(),
                Map.of("searchPattern", "The quick brown ([a-z]+) jumped over the lazy ([a-z]+)", "replaceString",
                        "The hungry $2 ate the careless $1")).intercept(
                                Event.of("The quick brown fox jumped over the lazy dog"))));
        assertThrows(ConfigurationException.class, () -> create(new SearchReplaceInterceptorFactory(), Map.of()),
                "searchPattern is required");
    }

    @Test
    void removeHeaderByNameListOrPattern() throws Exception {
        Map<String, String> headers = Map.of("a", "1", "b", "2", "c", "3", "x-trace", "4", "keep", "5");
        Event e = Event.of(headers, new byte[0]);
        create(new RemoveHeaderInterceptorFactory(), Map.of("withName", "a", "fromList", "b , c",
                "matching", "x-.*")).intercept(e);
        assertEquals(Map.of("keep", "5"), e.headers());
        Event f = Event.of(headers, new byte[0]);
        create(new RemoveHeaderInterceptorFactory(), Map.of("fromList", "a;b", "fromListSeparator", ";")).intercept(f);
        assertEquals(Map.of("c", "3", "x-trace", "4", "keep", "5"), f.headers());
    }
}
