package org.millrace.source.netcat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;

class NetcatSourceTest {
    private final RecordingProcessor processor = new RecordingProcessor();
    private final SourceContext context = TestContexts.sourceContext("r1", processor);
    private NetcatSource source;

    private NetcatSource start(Map<String, String> properties) throws Exception {
        java.util.Map<String, String> all = new java.util.HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
        all.putAll(properties);
        source = (NetcatSource) new NetcatSourceFactory().create(TestContexts.config("sources", "r1", "netcat", all));
        source.start(context);
        return source;
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    private static List<String> bodies(List<Event> events) {
        return events.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void eachLineIsAnEventAcknowledgedWithOkAndCarriageReturnsStay() throws Exception {
        start(Map.of());
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            s.getOutputStream().write("Hello world!\r\nsecond\nünïcödé\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("OK", in.readLine());
            assertEquals("OK", in.readLine());
            assertEquals("OK", in.readLine());
        }
        assertEquals(List.of("Hello world!\r", "second", "ünïcödé"), bodies(processor.events()));
        assertEquals(3L, context.counter().get(SourceCounter.Name.EventAcceptedCount));
    }

    @Test
    void aLineOverTheLimitIsRefusedCountedAndTheConnectionClosedAfterEarlierLines() throws Exception {
        start(Map.of("max-line-length", "10"));
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            s.getOutputStream().write("123456789\n1234567890\nnever\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("OK", in.readLine());
            assertEquals("FAILED: Event exceeds the maximum length (10 chars, including newline)", in.readLine());
            assertEquals(null, in.readLine(), "the source closed the connection");
        }
        assertEquals(List.of("123456789"), bodies(processor.events()));
        assertEquals(1L, context.counter().get(SourceCounter.Name.EventReadFail));
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            s.getOutputStream().write("still up\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("OK", in.readLine(), "other clients are served");
        }
    }

    @Test
    void aFullChannelHoldsTheLinesAndDeliversThemOnceThereIsRoom() throws Exception {
        start(Map.of());
        processor.refuseNext(4);
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write("a\nb\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("OK", in.readLine());
            assertEquals("OK", in.readLine());
        }
        assertEquals(List.of("a", "b"), bodies(processor.events()));
        assertTrue(context.counter().get(SourceCounter.Name.ChannelWriteFail) >= 4);
    }

    @Test
    void withoutAckEveryEventNothingIsWrittenBack() throws Exception {
        start(Map.of("ack-every-event", "false"));
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            s.getOutputStream().write("quiet\n".getBytes(StandardCharsets.UTF_8));
            processor.await(1, 10);
            s.setSoTimeout(200);
            assertThrows(java.net.SocketTimeoutException.class, () -> s.getInputStream().read());
        }
    }

    @Test
    void otherEncodingsAreStoredAsUtf8() throws Exception {
        start(Map.of("encoding", "ISO-8859-1"));
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            s.getOutputStream().write("caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("OK", in.readLine());
        }
        assertEquals(List.of("café"), bodies(processor.events()));
    }

    @Test
    void badSettingsNameKeyValueAndReason() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new NetcatSourceFactory().create(
                TestContexts.config("sources", "r1", "netcat", Map.of("port", "70000", "encoding", "klingon"))));
        assertEquals(List.of("a1.sources.r1.bind: required property is missing",
                "a1.sources.r1.port = 70000: must be between 0 and 65535"),
                e.problems().stream().map(Object::toString).toList());
        e = assertThrows(ConfigurationException.class, () -> new NetcatSourceFactory().create(
                TestContexts.config("sources", "r1", "netcat", Map.of("bind", "x", "port", "70000",
                        "max-line-length", "0"))));
        assertEquals(List.of("a1.sources.r1.port = 70000: must be between 0 and 65535",
                "a1.sources.r1.max-line-length = 0: must be at least 1"),
                e.problems().stream().map(Object::toString).toList());
        e = assertThrows(ConfigurationException.class, () -> new NetcatSourceFactory().create(
                TestContexts.config("sources", "r1", "netcat", Map.of("bind", "x", "port", "1", "encoding",
                        "klingon", "ipFilter", "true"))));
        assertEquals(List.of("a1.sources.r1.encoding = klingon: not a character set this JVM supports",
                "a1.sources.r1.ipFilterRules: required with ipFilter = true"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void aPortInUseFailsTheStartWithTheAddress() throws Exception {
        start(Map.of());
        NetcatSource second = (NetcatSource) new NetcatSourceFactory().create(TestContexts.config("sources", "r2",
                "netcat", Map.of("bind", "127.0.0.1", "port", String.valueOf(source.boundPort()))));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> second.start(TestContexts.sourceContext("r2", processor)));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + source.boundPort()), e.getMessage());
    }
}
