package org.millrace.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.SourceCounter;
import org.millrace.api.testkit.TestContexts;

class TcpServerTest {

    private static ComponentConfig config(String... keysAndValues) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return TestContexts.config("sources", "r1", "x", p);
    }

    /** A server answering "hi\n" to each connection, counting into {@code counter}. */
    private static TcpServer hello(TcpServer.Settings settings, SourceCounter counter) throws Exception {
        return TcpServer.on("a1/r1", "127.0.0.1", 0).configured(settings).counter(counter)
                .handlers(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(ctx.alloc().buffer().writeBytes("hi\n".getBytes(StandardCharsets.UTF_8)));
                    }
                })).start();
    }

    private static String greeting(Socket s) throws Exception {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[3];
        int n = in.readNBytes(buf, 0, 3);
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean());
    }

    @Test
    void connectionsAreCountedAndThoseOverTheLimitRefused() throws Exception {
        SourceCounter counter = new SourceCounter();
        try (TcpServer server = hello(TcpServer.Settings.of(config("max-connections", "2")), counter);
                Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
            assertEquals("hi\n", greeting(a));
            assertEquals("hi\n", greeting(b));
            assertEquals(2L, counter.get(SourceCounter.Name.OpenConnectionCount));
            try (Socket c = new Socket("127.0.0.1", server.port())) {
                assertEquals("", greeting(c), "the third connection is closed at once");
            }
            assertEquals(1L, counter.attributes().get("ConnectionRefusedCount"));
            a.close();
            await(() -> counter.get(SourceCounter.Name.OpenConnectionCount) == 1);
        }
    }

    @Test
    void ipFilterRulesDecideWhoMayConnect() throws Exception {
        SourceCounter counter = new SourceCounter();
        TcpServer.Settings denyLoopback = TcpServer.Settings.of(config("ipFilter", "true", "ipFilterRules",
                "deny:ip:127.*,allow:ip:*"));
        try (TcpServer server = hello(denyLoopback, counter); Socket s = new Socket("127.0.0.1", server.port())) {
            assertEquals("", greeting(s));
            assertEquals(1L, counter.attributes().get("ConnectionRefusedCount"));
        }
        TcpServer.Settings allowLoopback = TcpServer.Settings.of(config("ipFilter", "true", "ipFilterRules",
                "allow:name:localhost,deny:ip:*"));
        try (TcpServer server = hello(allowLoopback, counter); Socket s = new Socket("127.0.0.1", server.port())) {
            assertEquals("hi\n", greeting(s));
        }
    }

    @Test
    void closingReleasesThePortAndTheSharedLoops() throws Exception {
        int before = EventLoops.users(EventLoops.SERVER_IO);
        TcpServer server = hello(TcpServer.Settings.of(config()), null);
        int port = server.port();
        assertEquals(before + 1, EventLoops.users(EventLoops.SERVER_IO));
        server.close();
        assertEquals(before, EventLoops.users(EventLoops.SERVER_IO));
        try (java.net.ServerSocket again = new java.net.ServerSocket(port)) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void aTakenPortIsAClearStartFailure() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TcpServer.on("a1/r1",
                    "127.0.0.1", taken.getLocalPort()).start());
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void badNetworkSettingsAreNamedTogether() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TcpServer.Settings.of(config(
                "ssl", "true", "keystore", "/nowhere.jks", "ipFilter", "true", "ipFilterRules", "allow:mac:*",
                "max-connections", "-1")));
        assertEquals(List.of("a1.sources.r1.keystore = /nowhere.jks: no readable file at /nowhere.jks",
                "a1.sources.r1.ipFilterRules = allow:mac:*: rule 'allow:mac:*' is not allow|deny:ip|name:<pattern>",
                "a1.sources.r1.max-connections = -1: must not be negative"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aSslBooleanThatIsNotOneIsAnError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerTls.of(config("ssl",
                "yes")));
        assertEquals("a1.sources.r1.ssl = yes: must be true or false", e.problems().get(0).toString());
    }

    @Test
    void eventLoopsOfOneNameAreSharedAndShutDownWithTheirLastUser() {
        EventLoops.Lease first = EventLoops.acquire("millrace-test-io", 1);
        EventLoops.Lease second = EventLoops.acquire("millrace-test-io", 4);
        assertTrue(first.group() == second.group(), "one group per name");
        first.close();
        first.close();
        assertEquals(1, EventLoops.users("millrace-test-io"), "closing twice releases once");
        second.close();
        assertTrue(second.group().isShuttingDown());
        assertEquals(0, EventLoops.users("millrace-test-io"));
    }
}
