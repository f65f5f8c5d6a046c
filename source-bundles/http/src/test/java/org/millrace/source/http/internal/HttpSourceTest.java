package org.millrace.source.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;
import org.millrace.api.testkit.TestKeystores;
import org.millrace.source.http.HttpRequestHandlerFactory;

class HttpSourceTest {
    @TempDir
    Path dir;
    private final List<HttpSource> started = new ArrayList<>();
    private final RecordingProcessor processor = new RecordingProcessor();
    private final SourceContext context = TestContexts.sourceContext("r1", processor);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        started.forEach(HttpSource::stop);
    }

    private HttpSource start(HttpSourceFactory factory, Map<String, String> more) throws Exception {
        Map<String, String> p = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
        p.putAll(more);
        HttpSource source = (HttpSource) factory.create(TestContexts.config("sources", "r1", "http", p));
        source.start(context);
        started.add(source);
        return source;
    }

    private HttpSource start(Map<String, String> more) throws Exception {
        return start(HttpSourceFactory.withBuiltIns(), more);
    }

    private HttpResponse<String> post(HttpSource source, String path, String contentType, byte[] body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + source.boundPort() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> json(HttpSource source, String json) throws Exception {
        return post(source, "/", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(Event e) {
        return new String(e.body(), StandardCharsets.UTF_8);
    }

    @Test
    void jsonEventsAreCommittedThenAnswered200() throws Exception {
        HttpSource source = start(Map.of());
        HttpResponse<String> response = json(source, "[{\"headers\": {\"a\": \"1\", \"n\": 2}, \"body\": \"héllo\"},"
                + " {\"body\": \"second\"}, {\"headers\": {}}]");
        assertEquals(200, response.statusCode());
        List<Event> events = processor.events();
        assertEquals(List.of("héllo", "second", ""), events.stream().map(HttpSourceTest::body).toList());
        assertEquals(Map.of("a", "1", "n", "2"), events.get(0).headers());
        assertEquals(3L, context.counter().get(SourceCounter.Name.EventAcceptedCount));
        assertEquals(1L, context.counter().get(SourceCounter.Name.AppendBatchAcceptedCount));
    }

    @Test
    void aUtf16RequestKeepsItsBodiesInUtf16AsFlumeDoes() throws Exception {
        HttpSource source = start(Map.of());
        Charset utf16 = StandardCharsets.UTF_16;
        assertEquals(200, post(source, "/", "application/json; charset=UTF-16",
                "[{\"body\": \"ü\"}]".getBytes(utf16)).statusCode());
        assertEquals("ü", new String(processor.events().get(0).body(), utf16));
        assertEquals(400, post(source, "/", "application/json; charset=ISO-8859-1",
                "[{\"body\": \"x\"}]".getBytes(StandardCharsets.ISO_8859_1)).statusCode(), "Flume's JSON: UTF only");
    }

    @Test
    void badJsonIs400AndCountedAndTheConnectionServesOn() throws Exception {
        HttpSource source = start(Map.of());
        for (String bad : List.of("not json", "{\"body\": \"x\"}", "[{\"body\": {\"nested\": 1}}]", "[1]", "", "[]x")) {
            HttpResponse<String> response = json(source, bad);
            assertEquals(400, response.statusCode(), bad);
            assertTrue(response.body().startsWith("Bad request from client."), response.body());
        }
        assertEquals(6L, context.counter().get(SourceCounter.Name.EventReadFail));
        assertEquals(200, json(source, "[{\"body\": \"fine\"}]").statusCode());
    }

    @Test
    void aFullChannelIs503AndTheRetryIsTaken() throws Exception {
        HttpSource source = start(Map.of());
        processor.refuseNext(1);
        assertEquals(503, json(source, "[{\"body\": \"x\"}]").statusCode());
        assertEquals(200, json(source, "[{\"body\": \"x\"}]").statusCode());
        assertEquals(List.of("x"), processor.events().stream().map(HttpSourceTest::body).toList());
        assertEquals(1L, context.counter().get(SourceCounter.Name.ChannelWriteFail));
    }

    @Test
    void aRequestOverTheBoundIs413AndCounted() throws Exception {
        HttpSource source = start(Map.of("maxRequestBytes", "64"));
        assertEquals(413, json(source, "[{\"body\": \"" + "x".repeat(100) + "\"}]").statusCode());
        assertEquals(1L, context.counter().get(SourceCounter.Name.EventReadFail));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        HttpSource roomy = start(Map.of());
        HttpResponse<String> tooMany = json(roomy, many + "]");
        assertEquals(413, tooMany.statusCode());
        assertTrue(tooMany.body().contains("transactionCapacity"), tooMany.body());
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        HttpSource source = start(Map.of());
        String json = "[{\"body\": \"k\"}]";
        String request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length() + "\r\n\r\n" + json;
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            s.getOutputStream().write((request + request).getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            int ok = 0;
            for (String line = in.readLine(); line != null && ok < 2; line = in.readLine()) {
                if (line.startsWith("HTTP/1.1 200")) {
                    ok++;
                }
            }
            assertEquals(2, ok);
        }
        assertEquals(2, processor.events().size());
    }

    @Test
    void methodsAsFlumeAnswersThem() throws Exception {
        HttpSource source = start(Map.of());
        URI uri = URI.create("http://127.0.0.1:" + source.boundPort() + "/");
        assertEquals(400, client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "GET is read as POST: no body, no events");
        assertEquals(405, client.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString("[]"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, client.send(HttpRequest.newBuilder(uri).method("TRACE", HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void flumesBlobHandlers() throws Exception {
        HttpSource blob = start(Map.of("handler", "org.apache.flume.source.http.BLOBHandler",
                "handler.mandatoryParameters", "app"));
        assertEquals(400, post(blob, "/?x=1", "application/octet-stream", new byte[] {1, 2}).statusCode());
        assertEquals(200, post(blob, "/?app=web&x=1", "application/octet-stream", new byte[] {1, 2}).statusCode());
        Event e = processor.events().get(0);
        assertEquals(Map.of("app", "web", "x", "1"), e.headers());
        assertEquals(2, e.body().length);

        HttpSource morphline = start(Map.of("handler", "org.apache.flume.sink.solr.morphline.BlobHandler",
                "handler.maxBlobLength", "3"));
        assertEquals(200, post(morphline, "/?k=v", "text/plain", "abcdef".getBytes(StandardCharsets.UTF_8))
                .statusCode());
        Event cut = processor.events().get(1);
        assertEquals("abc", body(cut));
        assertEquals(Map.of("Content-Type", "text/plain", "k", "v"), cut.headers());
    }

    @Test
    void aHandlerFromAnotherBundleByItsClassNameAndAMissingOneWaits() throws Exception {
        HttpSourceFactory factory = HttpSourceFactory.withBuiltIns();
        HttpRequestHandlerFactory upper = config -> request -> List.of(Event.of(new String(request.body(),
                StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT)));
        factory.addHandler(upper, Map.of("millrace.type", "com.example.UpperHandler"));
        HttpSource source = start(factory, Map.of("handler", "com.example.UpperHandler"));
        assertEquals(200, post(source, "/", "text/plain", "shout".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals("SHOUT", body(processor.events().get(0)));
        factory.removeHandler(upper);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> factory.create(TestContexts
                .config("sources", "r1", "http", Map.of("port", "0", "handler", "com.example.UpperHandler"))));
        assertTrue(e.problems().stream().allMatch(ConfigProblem::missingType), e.getMessage());
    }

    @Test
    void httpsWithFlumesOlderKeyNames() throws Exception {
        Path keystore = TestKeystores.keystore(dir);
        HttpSource source = start(Map.of("enableSSL", "true", "keystore", keystore.toString(), "keystorePassword",
                TestKeystores.PASSWORD));
        KeyStore trust = KeyStore.getInstance("JKS");
        try (var in = java.nio.file.Files.newInputStream(TestKeystores.truststore(keystore))) {
            trust.load(in, TestKeystores.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
        assertEquals(200, https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + source.boundPort()
                + "/")).POST(HttpRequest.BodyPublishers.ofString("[{\"body\":\"s\"}]")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("s", body(processor.events().get(0)));
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        HttpSource source = start(Map.of("ServerConnector.idleTimeout", "200", "QueuedThreadPool.maxThreads", "5"));
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            s.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(10_000);
            long begun = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "closed");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun) < 5000);
        }
    }

    @Test
    void curlPostsAsUsersDo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/curl").canExecute(),
                "curl is not installed (Debian: curl)");
        HttpSource source = start(Map.of());
        Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                "-H", "Content-Type: application/json", "--data", "[{\"headers\":{\"via\":\"curl\"},\"body\":\"hi\"}]",
                "http://127.0.0.1:" + source.boundPort() + "/").start();
        assertTrue(curl.waitFor(20, TimeUnit.SECONDS));
        assertEquals("200", new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("curl", processor.events().get(0).header("via"));
    }
}
