package org.millrace.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.SinkCounter;
import org.millrace.api.testkit.TestContexts;
import org.millrace.api.testkit.TestKeystores;

/** A toolkit server and client speaking TLS configured with Flume's keys, and the connection counters. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void aServerAndAClientConfiguredWithFlumesKeysTalkOverTls() throws Exception {
        Path keystore = TestKeystores.keystore(dir);
        Path truststore = TestKeystores.truststore(keystore);
        ServerTls serverTls = ServerTls.of(TestContexts.config("sources", "r1", "avro", Map.of("ssl", "true",
                "keystore", keystore.toString(), "keystore-password", TestKeystores.PASSWORD)));
        ClientTls clientTls = ClientTls.of(TestContexts.config("sinks", "k1", "avro", Map.of("ssl", "true",
                "truststore", truststore.toString(), "truststore-password", TestKeystores.PASSWORD)));
        assertNull(ServerTls.of(TestContexts.config("sources", "r1", "avro", Map.of())), "no ssl, no TLS");
        BlockingQueue<String> heard = new ArrayBlockingQueue<>(1);
        SinkCounter counter = new SinkCounter();
        try (TcpServer server = TcpServer.on("a1/r1", "127.0.0.1", 0).tls(serverTls).handlers(ch -> ch.pipeline()
                .addLast(new LineBasedFrameDecoder(100), new StringDecoder(), new SimpleChannelInboundHandler<String>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, String line) {
                        heard.add(line);
                    }
                })).start();
                TcpClient client = TcpClient.to("a1/k1", "127.0.0.1", server.port()).tls(clientTls).counter(counter)
                        .handlers(ch -> ch.pipeline().addLast(new StringEncoder())).open()) {
            Channel connection = client.connect();
            connection.writeAndFlush("secret\n").sync();
            assertEquals("secret", heard.poll(10, TimeUnit.SECONDS));
            assertEquals(1L, counter.get(SinkCounter.Name.ConnectionCreatedCount));
            connection.close().sync();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (counter.get(SinkCounter.Name.ConnectionClosedCount) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1L, counter.get(SinkCounter.Name.ConnectionClosedCount));
        }
    }

    @Test
    void aRefusedConnectionIsCountedAsFailed() throws Exception {
        SinkCounter counter = new SinkCounter();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (TcpClient client = TcpClient.to("a1/k1", "127.0.0.1", closed).connectTimeoutMillis(1000)
                .counter(counter).open()) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    client::connect);
            assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + closed), e.getMessage());
        }
        assertEquals(1L, counter.get(SinkCounter.Name.ConnectionFailedCount));
    }
}
