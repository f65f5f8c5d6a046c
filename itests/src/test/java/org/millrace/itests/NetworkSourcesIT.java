package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The network sources and sinks in the distribution, with the clients users have: util-linux logger for syslog,
 * curl for HTTP, and two-agent hops over HTTP and thrift; netcatudp and the stress source too. Each flow ends in a
 * file_roll sink whose lines the test reads.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkSourcesIT extends MillraceTestSupport {

    /** An agent of {@code sources} (all into c1), a memory channel and a file_roll sink writing into {@code out}. */
    private static Map<String, String> config(String agent, String sources, String settings, Path out) {
        return flume(("""
                NAME.sources = SOURCES
                NAME.channels = c1
                NAME.sinks = k1
                NAME.channels.c1.type = memory
                NAME.sinks.k1.type = file_roll
                NAME.sinks.k1.sink.directory = OUT
                NAME.sinks.k1.sink.rollInterval = 0
                NAME.sinks.k1.channel = c1
                """.replace("SOURCES", sources).replace("OUT", out.toString()) + settings).replace("NAME", agent));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(String.join(" ", command) + " did not finish", p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8), 0, p.exitValue());
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    public void syslogFromLoggerAndRsyslogStyleFramingOverTcpUdpAndMultiport() throws Exception {
        Path out = Files.createTempDirectory("millrace-syslog").resolve("out");
        int tcp = freePort();
        int udp = freePort();
        int multi1 = freePort();
        int multi2 = freePort();
        configureAgent("syslog1", config("syslog1", "tcp udp multi", """
                NAME.sources.tcp.type = syslogtcp
                NAME.sources.tcp.host = 127.0.0.1
                NAME.sources.tcp.port = TCP
                NAME.sources.tcp.channels = c1
                NAME.sources.udp.type = syslogudp
                NAME.sources.udp.host = 127.0.0.1
                NAME.sources.udp.port = UDP
                NAME.sources.udp.channels = c1
                NAME.sources.multi.type = multiport_syslogtcp
                NAME.sources.multi.host = 127.0.0.1
                NAME.sources.multi.ports = M1 M2
                NAME.sources.multi.channels = c1
                """.replace("TCP", String.valueOf(tcp)).replace("UDP", String.valueOf(udp))
                .replace("M1", String.valueOf(multi1)).replace("M2", String.valueOf(multi2)), out));
        awaitRunning("syslog1");
        awaitPort(tcp);
        awaitPort(multi2);
        run("logger", "--tcp", "--rfc3164", "-n", "127.0.0.1", "-P", String.valueOf(tcp), "-t", "app", "via tcp 3164");
        run("logger", "--tcp", "--octet-count", "--rfc5424", "-n", "127.0.0.1", "-P", String.valueOf(tcp), "-t", "app",
                "via tcp octet-counted");
        run("logger", "--udp", "--rfc3164", "-n", "127.0.0.1", "-P", String.valueOf(udp), "-t", "app", "via udp");
        run("logger", "--tcp", "--rfc5424", "-n", "127.0.0.1", "-P", String.valueOf(multi2), "-t", "app",
                "via multiport");
        Map<String, Integer> lines = awaitLines(out, 4);
        for (String text : List.of("via tcp 3164", "via tcp octet-counted", "via udp", "via multiport")) {
            assertTrue(text + " in " + lines, lines.keySet().stream().anyMatch(l -> l.endsWith(text)));
        }
        configAdmin.getFactoryConfiguration("org.millrace.agent", "syslog1", "?").delete();
    }

    @Test
    public void curlPostsJsonToTheHttpSourceAndAnHttpHopDeliversTheRest() throws Exception {
        Path root = Files.createTempDirectory("millrace-http");
        Path out = root.resolve("out");
        int http = freePort();
        int netcat = freePort();
        configureAgent("http2", config("http2", "r1", """
                NAME.sources.r1.type = http
                NAME.sources.r1.bind = 127.0.0.1
                NAME.sources.r1.port = PORT
                NAME.sources.r1.handler = org.apache.flume.source.http.BLOBHandler
                NAME.sources.r1.channels = c1
                """.replace("PORT", String.valueOf(http)), out));
        awaitPort(http);
        assertEquals("200", output("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary",
                "posted by curl", "-H", "Content-Type: text/plain", "http://127.0.0.1:" + http + "/?via=curl"));
        configureAgent("http1", flume("""
                http1.sources = r1
                http1.channels = c1
                http1.sinks = k1
                http1.sources.r1.type = netcat
                http1.sources.r1.bind = 127.0.0.1
                http1.sources.r1.port = NETCAT
                http1.sources.r1.channels = c1
                http1.channels.c1.type = memory
                http1.sinks.k1.type = http
                http1.sinks.k1.endpoint = http://127.0.0.1:HTTP/
                http1.sinks.k1.rollback.2XX = false
                http1.sinks.k1.backoff.2XX = false
                http1.sinks.k1.incrementMetrics.2XX = true
                http1.sinks.k1.channel = c1
                """.replace("NETCAT", String.valueOf(netcat)).replace("HTTP", String.valueOf(http))));
        awaitPort(netcat);
        List<String> sent = IntStream.range(0, 50).mapToObj(i -> "hop-" + i).toList();
        send(netcat, sent);
        Map<String, Integer> lines = awaitLines(out, 51);
        assertTrue(lines.containsKey("posted by curl"));
        for (String s : sent) {
            assertEquals(s, Integer.valueOf(1), lines.get(s));
        }
        configAdmin.getFactoryConfiguration("org.millrace.agent", "http1", "?").delete();
        configAdmin.getFactoryConfiguration("org.millrace.agent", "http2", "?").delete();
    }

    @Test
    public void aThriftHopNetcatUdpAndTheStressSource() throws Exception {
        Path root = Files.createTempDirectory("millrace-thrift");
        Path out = root.resolve("out");
        int thrift = freePort();
        int udp = freePort();
        int netcat = freePort();
        configureAgent("thrift2", config("thrift2", "r1 udp stress", """
                NAME.sources.r1.type = thrift
                NAME.sources.r1.bind = 127.0.0.1
                NAME.sources.r1.port = THRIFT
                NAME.sources.r1.protocol = binary
                NAME.sources.r1.channels = c1
                NAME.sources.udp.type = netcatudp
                NAME.sources.udp.bind = 127.0.0.1
                NAME.sources.udp.port = UDP
                NAME.sources.udp.channels = c1
                NAME.sources.stress.type = org.apache.flume.source.StressSource
                NAME.sources.stress.size = 5
                NAME.sources.stress.batchSize = 10
                NAME.sources.stress.maxSuccessfulEvents = 100
                NAME.sources.stress.channels = c1
                """.replace("THRIFT", String.valueOf(thrift)).replace("UDP", String.valueOf(udp)), out));
        configureAgent("thrift1", flume("""
                thrift1.sources = r1
                thrift1.channels = c1
                thrift1.sinks = k1
                thrift1.sources.r1.type = netcat
                thrift1.sources.r1.bind = 127.0.0.1
                thrift1.sources.r1.port = NETCAT
                thrift1.sources.r1.channels = c1
                thrift1.channels.c1.type = memory
                thrift1.sinks.k1.type = thrift
                thrift1.sinks.k1.hostname = 127.0.0.1
                thrift1.sinks.k1.port = THRIFT
                thrift1.sinks.k1.protocol = binary
                thrift1.sinks.k1.channel = c1
                """.replace("NETCAT", String.valueOf(netcat)).replace("THRIFT", String.valueOf(thrift))));
        awaitPort(thrift);
        awaitPort(netcat);
        send(netcat, List.of("over thrift"));
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] datagram = "over udp\n".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), udp));
        }
        Map<String, Integer> lines = awaitLines(out, 102);
        assertEquals(Integer.valueOf(1), lines.get("over thrift"));
        assertEquals(Integer.valueOf(1), lines.get("over udp"));
        assertEquals(Integer.valueOf(100), lines.get("\u007f".repeat(5)));
        configAdmin.getFactoryConfiguration("org.millrace.agent", "thrift1", "?").delete();
        configAdmin.getFactoryConfiguration("org.millrace.agent", "thrift2", "?").delete();
    }
}
