package org.millrace.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;

/**
 * The behaviour every interceptor owes the platform: a batch is intercepted as its events one by one, in order,
 * never as {@code null}; events without headers or with an empty body are handled; several sources' threads may
 * call it at once. An interceptor's test class inherits these tests and builds it from Flume properties.
 */
public abstract class InterceptorContract {

    /** A new interceptor for these properties, initialized. */
    protected abstract Interceptor create(Map<String, String> properties) throws Exception;

    /** Properties of a working interceptor in this test; none by default. */
    protected Map<String, String> properties() {
        return Map.of();
    }

    /** Events that exercise the interceptor (some it keeps, some it drops or changes, if it does). */
    protected List<Event> sample() {
        List<Event> events = new ArrayList<>();
        events.add(Event.of(""));
        events.add(Event.of("plain text"));
        events.add(Event.of(Map.of("host", "web1", "level", "INFO"), "with headers".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 20; i++) {
            events.add(Event.of("event " + i + (i % 3 == 0 ? " ERROR" : " ok")));
        }
        return events;
    }

    /** A fresh copy of the sample: interceptors change events in place. */
    private List<Event> copy() {
        List<Event> out = new ArrayList<>();
        for (Event e : sample()) {
            out.add(Event.of(e.hasHeaders() ? new LinkedHashMap<>(e.headers()) : new LinkedHashMap<>(),
                    e.body().clone()));
        }
        return out;
    }

    /** What an event is after interception, ignoring values that differ by design from call to call. */
    protected String describe(Event e) {
        return new String(e.body(), StandardCharsets.UTF_8) + " " + (e.hasHeaders()
                ? new java.util.TreeMap<>(e.headers()).keySet() : "[]");
    }

    private List<String> oneByOne(Interceptor interceptor) {
        List<String> out = new ArrayList<>();
        for (Event e : copy()) {
            Event kept = interceptor.intercept(e);
            if (kept != null) {
                out.add(describe(kept));
            }
        }
        return out;
    }

    @Test
    void aBatchIsInterceptedAsItsEventsOneByOne() throws Exception {
        Interceptor interceptor = create(properties());
        try {
            List<Event> batch = interceptor.intercept(copy());
            assertNotNull(batch, "a batch result is never null");
            assertEquals(oneByOne(interceptor), batch.stream().map(this::describe).toList());
        } finally {
            interceptor.close();
        }
    }

    @Test
    void anEmptyBatchStaysEmpty() throws Exception {
        Interceptor interceptor = create(properties());
        try {
            assertEquals(List.of(), interceptor.intercept(new ArrayList<>()));
        } finally {
            interceptor.close();
        }
    }

    @Test
    void severalThreadsMayInterceptAtOnce() throws Exception {
        Interceptor interceptor = create(properties());
        List<String> expected = oneByOne(interceptor);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(threads.submit(() -> {
                    for (int round = 0; round < 500; round++) {
                        if (!expected.equals(interceptor.intercept(copy()).stream().map(this::describe).toList())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertEquals(true, result.get(60, TimeUnit.SECONDS), "a concurrent batch came out differently");
            }
        } finally {
            threads.shutdownNow();
            interceptor.close();
        }
    }
}
