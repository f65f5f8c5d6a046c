package org.millrace.source.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
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
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Source;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.RecordingProcessor;
import org.millrace.api.testkit.TestContexts;
import org.millrace.api.testkit.TestKeystores;

/** The three syslog sources on real sockets: framing, headers, bounds, back-pressure, TLS. */
class SyslogSourcesTest {
    @TempDir
    Path dir;
    private final List<Source> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Source::stop);
    }

    private <S extends Source> S start(S source, SourceContext context) throws Exception {
        source.start(context);
        started.add(source);
        return source;
    }

    private static Map<String, String> local(Map<String, String> more) {
        Map<String, String> p = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0"));
        p.putAll(more);
        return p;
    }

    private static SyslogTcpSource tcp(Map<String, String> more) throws ConfigurationException {
        return (SyslogTcpSource) new SyslogTcpSourceFactory().create(TestContexts.config("sources", "r1",
                "syslogtcp", local(more)));
    }

    private static void write(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            for (int from = 0; from < bytes.length; from += 7) { // in pieces, as a stream may arrive
                out.write(bytes, from, Math.min(7, bytes.length - from));
                out.flush();
            }
        }
    }

    private static String body(Event e) {
        return new String(e.body(), StandardCharsets.UTF_8);
    }

    @Test
    void tcpMessagesFramedByNewlineOrByOctetCountingAlike() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        SyslogTcpSource source = start(tcp(Map.of("clientIPHeader", "ip")), TestContexts.sourceContext("r1",
                processor));
        String counted = "<34>1 2026-12-01T10:00:00Z web-1 app - - two\nlines";
        write(source.boundPort(), ("<13>Dec  1 10:00:00 web-1 first\n"
                + counted.getBytes(StandardCharsets.UTF_8).length + " " + counted
                + "<13>Dec  1 10:00:01 web-2 third\n").getBytes(StandardCharsets.UTF_8));
        List<Event> events = processor.await(3, 10);
        assertEquals("first", body(events.get(0)));
        assertEquals("web-1", events.get(0).header("host"));
        assertEquals("127.0.0.1", events.get(0).header("ip"));
        assertEquals("4", events.get(1).header("Facility"));
        assertEquals("2", events.get(1).header("Severity"));
        assertEquals("<34>1 2026-12-01T10:00:00Z web-1 app - - two\nlines", body(events.get(1)),
                "a newline inside an octet-counted frame is data (the patterns do not match it: kept whole)");
        assertEquals("third", body(events.get(2)));
    }

    @Test
    void aLineLongerThanEventSizeIsCutAsFlumeCutsItAndNothingIsLost() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        SyslogTcpSource source = start(tcp(Map.of("eventSize", "20")), TestContexts.sourceContext("r1", processor));
        write(source.boundPort(), "<13>0123456789abcdefghijklmnop\n".getBytes(StandardCharsets.UTF_8));
        List<Event> events = processor.await(2, 10);
        assertEquals("Incomplete", events.get(0).header("flume.syslog.status"));
        assertEquals("<13>0123456789abcdef", body(events.get(0)));
        assertEquals("Invalid", events.get(1).header("flume.syslog.status"));
        assertEquals("ghijklmnop", body(events.get(1)));
    }

    @Test
    void anOctetCountedFrameOverTheBoundClosesTheConnectionAndIsCounted() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        SyslogTcpSource source = start(tcp(Map.of()), context);
        try (Socket s = new Socket("127.0.0.1", source.boundPort())) {
            s.getOutputStream().write("9999999 <13>huge".getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "closed by the source");
        }
        assertEquals(1L, context.counter().get(SourceCounter.Name.EventReadFail));
        write(source.boundPort(), "<13>Dec  1 10:00:00 h still serving\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("still serving", body(processor.await(1, 10).get(0)));
    }

    @Test
    void aFullChannelHoldsTheSenderBackUntilThereIsRoom() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        processor.refuseNext(4);
        SourceContext context = TestContexts.sourceContext("r1", processor);
        SyslogTcpSource source = start(tcp(Map.of()), context);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            lines.append("<13>Dec  1 10:00:00 h line-").append(i).append('\n');
        }
        write(source.boundPort(), lines.toString().getBytes(StandardCharsets.UTF_8));
        List<Event> events = processor.await(300, 20);
        for (int i = 0; i < 300; i++) {
            assertEquals("line-" + i, body(events.get(i)));
        }
        assertTrue(context.counter().get(SourceCounter.Name.ChannelWriteFail) >= 4);
    }

    @Test
    void tcpOverTls() throws Exception {
        Path keystore = TestKeystores.keystore(dir);
        RecordingProcessor processor = new RecordingProcessor();
        SyslogTcpSource source = start(tcp(Map.of("ssl", "true", "keystore", keystore.toString(),
                "keystore-password", TestKeystores.PASSWORD)), TestContexts.sourceContext("r1", processor));
        KeyStore trust = KeyStore.getInstance("JKS");
        try (var in = java.nio.file.Files.newInputStream(TestKeystores.truststore(keystore))) {
            trust.load(in, TestKeystores.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (Socket s = tls.getSocketFactory().createSocket("localhost", source.boundPort())) {
            s.getOutputStream().write("<13>Dec  1 10:00:00 h secret\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            assertEquals("secret", body(processor.await(1, 10).get(0)));
        }
    }

    @Test
    void udpTakesWholeDatagramsLargerThanFlumesAndEveryLineInThem() throws Exception {
        RecordingProcessor processor = new RecordingProcessor();
        SyslogUdpSource source = start((SyslogUdpSource) new SyslogUdpSourceFactory().create(TestContexts.config(
                "sources", "r1", "syslogudp", local(Map.of("clientHostnameHeader", "from")))),
                TestContexts.sourceContext("r1", processor));
        String big = "x".repeat(10_000);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (String datagram : List.of("<13>Dec  1 10:00:00 h " + big, "<14>Dec  1 10:00:00 h a\n<15>Dec  1"
                    + " 10:00:00 h b")) {
                byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(),
                        source.boundPort()));
            }
        }
        List<Event> events = processor.await(3, 10);
        assertEquals(big, body(events.get(0)));
        assertEquals("a", body(events.get(1)));
        assertEquals("b", body(events.get(2)));
        assertEquals("7", events.get(2).header("Severity"));
        assertEquals("localhost", events.get(0).header("from"));
    }

    @Test
    void multiportListensOnEveryPortWithItsCharsetAndPortHeader() throws Exception {
        int[] ports = {org.millrace.api.testkit.OpenFiles.freePort(), org.millrace.api.testkit.OpenFiles.freePort()};
        RecordingProcessor processor = new RecordingProcessor();
        SourceContext context = TestContexts.sourceContext("r1", processor);
        start(new MultiportSyslogTcpSourceFactory().create(TestContexts.config("sources", "r1",
                "multiport_syslogtcp", Map.of("host", "127.0.0.1", "ports", ports[0] + " " + ports[1],
                        "portHeader", "port", "charset.port." + ports[1], "ISO-8859-1"))), context);
        write(ports[0], "<13>Dec  1 10:00:00 h caf\u00e9\n".getBytes(StandardCharsets.UTF_8));
        processor.await(1, 10);
        write(ports[1], "<13>Dec  1 10:00:00 h caf\u00e9\nnot syslog\n".getBytes(StandardCharsets.ISO_8859_1));
        List<Event> events = processor.await(3, 10);
        assertEquals("café", body(events.get(0)));
        assertEquals(String.valueOf(ports[0]), events.get(0).header("port"));
        assertEquals("13", events.get(0).header("Priority"), "multiport's own header names");
        assertEquals(String.valueOf(ports[1]), events.get(1).header("port"));
        assertEquals("café", new String(events.get(1).body(), StandardCharsets.ISO_8859_1));
        assertEquals("Invalid", events.get(2).header("flume.syslog.status"));
        assertEquals(1L, context.counter().get(SourceCounter.Name.EventReadFail));
    }

    @Test
    void badSettingsNameTheirKeys() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new MultiportSyslogTcpSourceFactory().create(TestContexts.config("sources", "r1",
                        "multiport_syslogtcp", Map.of("ports", "5140 x 70000", "charset.default", "klingon",
                                "format.regex", "([", "charset.port.5140", "nope"))));
        String message = e.getMessage();
        for (String key : List.of("a1.sources.r1.ports", "a1.sources.r1.charset.default",
                "a1.sources.r1.charset.port.5140")) {
            assertTrue(message.contains(key), key + " in " + message);
        }
        assertThrows(ConfigurationException.class, () -> tcp(Map.of("format.regex", "([")));
    }

    /** Sends with util-linux logger, as a system's syslog client would. */
    private static void logger(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("logger"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "logger did not finish");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void utilLinuxLoggerOverTcpAndUdpInEveryFraming() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/logger").canExecute(),
                "util-linux logger is not installed (Debian: bsdutils)");
        String hostname = InetAddress.getLocalHost().getHostName();
        RecordingProcessor processor = new RecordingProcessor();
        SyslogTcpSource tcp = start(tcp(Map.of()), TestContexts.sourceContext("r1", processor));
        SyslogUdpSource udp = start((SyslogUdpSource) new SyslogUdpSourceFactory().create(TestContexts.config(
                "sources", "r2", "syslogudp", local(Map.of()))), TestContexts.sourceContext("r2", processor));
        String tcpPort = String.valueOf(tcp.boundPort());
        String udpPort = String.valueOf(udp.boundPort());
        logger("--tcp", "--rfc3164", "-n", "127.0.0.1", "-P", tcpPort, "-t", "app", "tcp 3164");
        logger("--tcp", "--rfc5424", "-n", "127.0.0.1", "-P", tcpPort, "-t", "app", "tcp 5424");
        logger("--tcp", "--octet-count", "--rfc5424", "-n", "127.0.0.1", "-P", tcpPort, "-t", "app",
                "tcp octet-counted");
        logger("--udp", "--rfc3164", "-n", "127.0.0.1", "-P", udpPort, "-p", "local3.err", "-t", "app", "udp 3164");
        logger("--udp", "--rfc5424", "-n", "127.0.0.1", "-P", udpPort, "-t", "app", "udp 5424");
        List<Event> events = processor.await(5, 20);
        for (String text : List.of("tcp 3164", "tcp 5424", "tcp octet-counted", "udp 3164", "udp 5424")) {
            Event e = events.stream().filter(ev -> body(ev).endsWith(text)).findFirst().orElseThrow(
                    () -> new AssertionError(text + " not received: " + events));
            assertTrue(e.header("timestamp") != null && e.header("host") != null, text + ": " + e.headers());
            assertTrue(e.header("flume.syslog.status") == null, text + " parsed: " + e.headers());
            assertTrue(hostname.startsWith(e.header("host")) || e.header("host").startsWith(hostname),
                    text + ": host " + e.header("host") + " vs " + hostname);
        }
        Event local3 = events.stream().filter(ev -> body(ev).endsWith("udp 3164")).findFirst().orElseThrow();
        assertEquals("19", local3.header("Facility"));
        assertEquals("3", local3.header("Severity"));
        long timestamp = Long.parseLong(local3.header("timestamp"));
        assertTrue(Math.abs(System.currentTimeMillis() - timestamp) < 120_000, "timestamp near now: " + timestamp);
    }
}
