package com.acme.flume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.interceptor.Interceptor;

/**
 * A Flume interceptor as a user writes one against flume-ng-core: upper-cases bodies, stamps a header from its
 * configuration (the value defaults to the {@code build} in the JAR's {@code acme-plugin.properties}), drops events
 * whose body is "drop" and replaces events whose body is "new" with one it builds. It records Flume's lifecycle
 * calls in {@link #CALLS}.
 */
public class RecordingInterceptor implements Interceptor {
    /** Lifecycle calls in order, as {@code configure:header=h}, {@code build}, {@code initialize}, {@code close}. */
    public static final List<String> CALLS = java.util.Collections.synchronizedList(new ArrayList<>());

    private final String header;
    private final String value;

    RecordingInterceptor(String header, String value) {
        this.header = header;
        this.value = value;
    }

    @Override
    public void initialize() {
        CALLS.add("initialize");
    }

    @Override
    public Event intercept(Event event) {
        String body = new String(event.getBody(), StandardCharsets.UTF_8);
        if (body.equals("drop")) {
            return null;
        }
        if (body.equals("new")) {
            return EventBuilder.withBody("made by the plugin", StandardCharsets.UTF_8,
                    java.util.Map.of(header, value));
        }
        event.getHeaders().put(header, value);
        event.setBody(body.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return event;
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            Event kept = intercept(e);
            if (kept != null) {
                out.add(kept);
            }
        }
        return out;
    }

    @Override
    public void close() {
        CALLS.add("close");
    }

    /** The {@code build} of the JAR's {@code acme-plugin.properties}, if any: the value by default. */
    static final String BUILD = build();

    private static String build() {
        try (java.io.InputStream in = RecordingInterceptor.class.getResourceAsStream("/acme-plugin.properties")) {
            if (in == null) {
                return null;
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("build");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Flume's builder: made by its no-arg constructor, configured, then asked to build. */
    public static class Builder implements Interceptor.Builder {
        private String header;
        private String value;

        @Override
        public void configure(Context context) {
            header = context.getString("header", "plugin");
            value = context.getString("value", BUILD);
            if (value == null) {
                throw new IllegalArgumentException("value is required");
            }
            CALLS.add("configure:" + new java.util.TreeMap<>(context.getParameters()));
        }

        @Override
        public Interceptor build() {
            CALLS.add("build");
            return new RecordingInterceptor(header, value);
        }
    }
}
