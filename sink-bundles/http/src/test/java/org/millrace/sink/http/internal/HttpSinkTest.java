package org.millrace.sink.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;
import org.millrace.api.testkit.OpenFiles;
import org.millrace.api.testkit.QueueChannel;
import org.millrace.api.testkit.TestContexts;

/** The http sink against a plain HTTP server that answers what each test sets. */
class HttpSinkTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;

    private int serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static HttpSink sink(Map<String, String> properties) throws ConfigurationException {
        return (HttpSink) new HttpSinkFactory().create(TestContexts.config("sinks", "k1", "http", properties));
    }

    private Map<String, String> committingOnSuccess(int port) {
        Map<String, String> p = new HashMap<>(Map.of("endpoint", "http://127.0.0.1:" + port + "/events",
                "contentTypeHeader", "application/json", "rollback.2XX", "false", "backoff.2XX", "false",
                "incrementMetrics.2XX", "true"));
        return p;
    }

    @Test
    void eachEventIsAPostAndASuccessCommitsIt() throws Exception {
        int port = serve();
        QueueChannel channel = QueueChannel.of(List.of(Event.of("one"), Event.of("two")));
        HttpSink sink = sink(committingOnSuccess(port));
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        assertEquals(Status.READY, sink.process());
        assertEquals(Status.READY, sink.process());
        assertEquals(Status.BACKOFF, sink.process());
        assertEquals(List.of("one", "two"), received);
        assertEquals("application/json", contentTypes.get(0));
        assertEquals(0, channel.size());
        assertEquals(2L, context.counter().get(SinkCounter.Name.EventDrainSuccessCount));
    }

    @Test
    void flumesDefaultsRollBackEvenASuccessAndSaySo() throws Exception {
        int port = serve();
        QueueChannel channel = QueueChannel.of(List.of(Event.of("again")));
        HttpSink sink = sink(Map.of("endpoint", "http://127.0.0.1:" + port + "/"));
        sink.start(TestContexts.sinkContext("k1", channel));
        assertEquals(Status.BACKOFF, sink.process());
        assertEquals(1, channel.size(), "Flume's defaultRollback = true applies to 200 as well");
    }

    @Test
    void statusRulesByCodeThenClassThenDefault() throws Exception {
        int port = serve();
        Map<String, String> p = committingOnSuccess(port);
        p.put("rollback.4XX", "false");
        p.put("incrementMetrics.4XX", "true");
        p.put("rollback.429", "true");
        p.put("backoff.429", "false");
        QueueChannel channel = QueueChannel.of(List.of(Event.of("bad"), Event.of("slow down"), Event.of("later")));
        HttpSink sink = sink(p);
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        status.set(400);
        assertEquals(Status.BACKOFF, sink.process(), "4XX backs off by default");
        assertEquals(2, channel.size(), "400 commits (dropped) under rollback.4XX = false");
        status.set(429);
        assertEquals(Status.READY, sink.process(), "backoff.429 = false");
        assertEquals(2, channel.size(), "429 rolls back under rollback.429 = true");
        status.set(503);
        assertEquals(Status.BACKOFF, sink.process());
        assertEquals(2, channel.size(), "5XX falls to the defaults: rolled back, backed off");
        assertEquals(2L, context.counter().get(SinkCounter.Name.EventDrainSuccessCount),
                "the 400 and the 429 (class 4XX) counted");
    }

    @Test
    void aRefusedConnectionRollsBackAndFails() throws Exception {
        QueueChannel channel = QueueChannel.of(List.of(Event.of("kept")));
        HttpSink sink = sink(Map.of("endpoint", "http://127.0.0.1:" + OpenFiles.freePort() + "/"));
        SinkContext context = TestContexts.sinkContext("k1", channel);
        sink.start(context);
        assertThrows(EventDeliveryException.class, sink::process);
        assertEquals(1, channel.size());
        assertEquals(1L, context.counter().get(SinkCounter.Name.EventWriteFail));
    }

    @Test
    void anEmptyBodyIsDroppedAsInFlume() throws Exception {
        int port = serve();
        QueueChannel channel = QueueChannel.of(List.of(Event.of(new byte[0])));
        HttpSink sink = sink(committingOnSuccess(port));
        sink.start(TestContexts.sinkContext("k1", channel));
        assertEquals(Status.BACKOFF, sink.process());
        assertEquals(0, channel.size());
        assertTrue(received.isEmpty());
    }

    @Test
    void badSettingsNameTheirKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> sink(Map.of("endpoint",
                "ftp://x/", "rollback.abc", "true", "backoff.200", "flase")));
        String message = e.getMessage();
        for (String key : List.of("a1.sinks.k1.endpoint", "a1.sinks.k1.rollback.abc", "a1.sinks.k1.backoff.200")) {
            assertTrue(message.contains(key), key + " in " + message);
        }
    }
}
