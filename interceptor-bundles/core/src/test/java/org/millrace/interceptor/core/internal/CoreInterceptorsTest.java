package org.millrace.interceptor.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.testkit.TestContexts;

class CoreInterceptorsTest {

    private static Interceptor create(InterceptorFactory factory, Map<String, String> properties)
            throws ConfigurationException {
        return factory.create(TestContexts.config("sources", "r1", "x", properties));
    }

    private static Event withHeader(String name, String value) {
        return Event.of(Map.of(name, value), new byte[0]);
    }

    @Test
    void timestampStampsTheTimeOfInterception() throws Exception {
        long before = System.currentTimeMillis();
        Event e = create(new TimestampInterceptorFactory(), Map.of()).intercept(Event.of("x"));
        long stamped = Long.parseLong(e.header("timestamp"));
        assertTrue(stamped >= before && stamped <= System.currentTimeMillis());
    }

    @Test
    void timestampOverwritesUnlessPreserveExisting() throws Exception {
        assertTrue(!"1".equals(create(new TimestampInterceptorFactory(), Map.of())
                .intercept(withHeader("timestamp", "1")).header("timestamp")));
        assertEquals("1", create(new TimestampInterceptorFactory(), Map.of("preserveExisting", "true"))
                .intercept(withHeader("timestamp", "1")).header("timestamp"));
    }

    @Test
    void timestampUsesHeaderNameForWholeBatches() throws Exception {
        List<Event> out = create(new TimestampInterceptorFactory(), Map.of("headerName", "ts"))
                .intercept(List.of(Event.of("a"), Event.of("b")));
        assertEquals(2, out.size());
        out.forEach(e -> assertTrue(Long.parseLong(e.header("ts")) > 0));
    }

    @Test
    void hostStampsTheAddressOrTheName() throws Exception {
        InetAddress local = InetAddress.getLocalHost();
        assertEquals(local.getHostAddress(), create(new HostInterceptorFactory(), Map.of())
                .intercept(Event.of("x")).header("host"));
        assertEquals(local.getCanonicalHostName(), create(new HostInterceptorFactory(), Map.of("useIP", "false",
                "hostHeader", "hostname")).intercept(Event.of("x")).header("hostname"));
        assertEquals("kept", create(new HostInterceptorFactory(), Map.of("preserveExisting", "true"))
                .intercept(withHeader("host", "kept")).header("host"));
    }

    @Test
    void staticDefaultsAreFlumesAndPreserveByDefault() throws Exception {
        assertEquals("value", create(new StaticInterceptorFactory(), Map.of()).intercept(Event.of("x")).header("key"));
        assertEquals("old", create(new StaticInterceptorFactory(), Map.of("key", "dc", "value", "new"))
                .intercept(withHeader("dc", "old")).header("dc"));
        assertEquals("new", create(new StaticInterceptorFactory(), Map.of("key", "dc", "value", "new",
                "preserveExisting", "false")).intercept(withHeader("dc", "old")).header("dc"));
    }

    @Test
    void uuidAddsAPrefixedUuidUnlessOneIsThere() throws Exception {
        String id = create(new UuidInterceptorFactory(), Map.of("prefix", "web1-")).intercept(Event.of("x"))
                .header("id");
        assertTrue(id.matches("web1-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
        assertEquals("given", create(new UuidInterceptorFactory(), Map.of()).intercept(withHeader("id", "given"))
                .header("id"), "preserveExisting defaults to true");
        assertTrue(!"given".equals(create(new UuidInterceptorFactory(), Map.of("preserveExisting", "false",
                "headerName", "id")).intercept(withHeader("id", "given")).header("id")));
    }

    @Test
    void aBadBooleanNamesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> create(new StaticInterceptorFactory(), Map.of("preserveExisting", "yes")));
        assertEquals("a1.sources.r1.preserveExisting = yes: must be true or false", e.problems().get(0).toString());
    }
}
