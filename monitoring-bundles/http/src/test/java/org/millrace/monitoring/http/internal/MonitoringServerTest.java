package org.millrace.monitoring.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.millrace.platform.testkit.StaticAgents.agent;
import static org.millrace.platform.testkit.StaticAgents.running;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.FlowShape;
import org.millrace.platform.testkit.StaticAgents;

class MonitoringServerTest {
    private final StaticAgents agents = new StaticAgents();
    private final MonitoringServer server = new MonitoringServer();
    private final HttpClient client = HttpClient.newHttpClient();

    MonitoringServerTest() {
        server.agents = agents;
    }

    @AfterEach
    void close() {
        server.close();
    }

    static MonitoringConfig config(String type, int port, String bind) {
        return new MonitoringConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MonitoringConfig.class;
            }

            @Override
            public String type() {
                return type;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String bind() {
                return bind;
            }
        };
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void agentsWithTraffic() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("EventReceivedCount", 10L);
        source.put("EventAcceptedCount", 9L);
        source.put("StartTime", 1_700_000_000_000L);
        source.put("Type", "SOURCE");
        agents.set(agent("a1", running(ComponentKind.SOURCE, "r1", "netcat", source)))
                .shape(new FlowShape("a1", List.of(new FlowShape.Node("source:r1", FlowShape.Role.SOURCE, "r1",
                        "netcat", null, List.of())), List.of()));
    }

    @Test
    void servesFlumesJsonPrometheusTheFlowDataAndThePage() throws Exception {
        agentsWithTraffic();
        server.apply(config("http", 0, "127.0.0.1"));

        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals("application/json;charset=utf-8", metrics.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"SOURCE.r1\":{\"EventReceivedCount\":\"10\",\"EventAcceptedCount\":\"9\","
                + "\"StartTime\":\"1700000000000\",\"Type\":\"SOURCE\"}}", metrics.body());
        assertTrue(get("/prometheus").body().contains("millrace_source_event_received_total{agent=\"a1\","
                + "component=\"r1\",kind=\"source\",type=\"netcat\"} 10\n"));
        HttpResponse<String> openMetrics = get("/prometheus", "Accept", "application/openmetrics-text");
        assertTrue(openMetrics.headers().firstValue("content-type").orElse("").startsWith(
                "application/openmetrics-text"));
        assertTrue(openMetrics.body().endsWith("# EOF\n"), openMetrics.body());
        assertTrue(get("/api/flows").body().contains("\"nodes\":[{\"id\":\"source:r1\",\"role\":\"SOURCE\""));
        assertTrue(get("/").body().contains("<script src=\"app.js\""));
        assertTrue(get("/cytoscape.min.js").body().length() > 100_000, "the drawing library is in the bundle");
        assertEquals(404, get("/nothing").statusCode());
    }

    @Test
    void traceAndOptionsAreForbiddenAsInFlumeAndOnlyGetIsServed() throws Exception {
        server.apply(config("http", 0, "127.0.0.1"));
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        assertEquals(403, client.send(HttpRequest.newBuilder(uri).method("OPTIONS", HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(405, client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void aNewConfigurationMovesTheListenerAndNoneStopsIt() throws Exception {
        agentsWithTraffic();
        server.apply(config("http", 0, "127.0.0.1"));
        int first = server.port();
        try (var blocker = new java.net.ServerSocket(0)) {
            server.apply(config("http", blocker.getLocalPort(), "127.0.0.1"));
            assertEquals(-1, server.port(), "a port that is taken: logged, nothing served");
        }
        server.apply(config("http", 0, "127.0.0.1"));
        assertTrue(server.port() > 0);
        assertEquals(200, get("/metrics").statusCode());
        server.apply(config("none", 0, "127.0.0.1"));
        assertEquals(-1, server.port());
        assertTrue(first > 0);
    }

    @Test
    void flumesSystemPropertiesTurnItOnWhenTheConfigurationSaysNothing() throws Exception {
        Properties flume = new Properties();
        flume.setProperty("flume.monitoring.type", "HTTP");
        flume.setProperty("flume.monitoring.port", "34545");
        assertEquals(new Listener("127.0.0.1", 34545, "system property flume.monitoring.type"),
                Listener.resolve(config("", 41414, "127.0.0.1"), flume));
        assertEquals(null, Listener.resolve(config("", 41414, "127.0.0.1"), new Properties()));
        assertEquals(null, Listener.resolve(config("none", 41414, "127.0.0.1"), flume), "the configuration wins");
        assertEquals(41414, Listener.resolve(config("", 41414, "127.0.0.1"),
                props("flume.monitoring.type", "http")).port(), "Flume's default port");
        assertEquals("flume.monitoring.type = ganglia: only http is served (Ganglia and custom monitor classes are"
                + " not)", assertThrows(Listener.InvalidSetting.class, () -> Listener.resolve(config("", 1, "x"),
                props("flume.monitoring.type", "ganglia"))).getMessage());
        assertEquals("flume.monitoring.port = x1: not a number", assertThrows(Listener.InvalidSetting.class,
                () -> Listener.resolve(config("", 1, "x"), props("flume.monitoring.type", "http",
                        "flume.monitoring.port", "x1"))).getMessage());
        assertEquals("type = jmx: is neither http nor none", assertThrows(Listener.InvalidSetting.class,
                () -> Listener.resolve(config("jmx", 1, "x"), new Properties())).getMessage());
    }

    private static Properties props(String... keysAndValues) {
        Properties out = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
