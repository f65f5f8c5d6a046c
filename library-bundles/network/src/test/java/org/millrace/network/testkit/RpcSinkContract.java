package org.millrace.network.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ChannelPipeline;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.millrace.api.Event;
import org.millrace.api.testkit.OpenFiles;
import org.millrace.api.testkit.SinkContract;
import org.millrace.network.TcpServer;

/**
 * The sink contract for an RPC sink (avro, thrift): delivering to a real server of its protocol on a free port,
 * which takes every call; failing against a port nothing listens on; releasing its connection when stopped.
 */
public abstract class RpcSinkContract extends SinkContract {
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private TcpServer server;

    /** Prepares the next hop's pipeline: the protocol's server, handing each call's events to {@code received}. */
    protected abstract void serve(ChannelPipeline pipeline, List<Event> received);

    @BeforeEach
    void startServer() throws Exception {
        server = TcpServer.on("test/next-hop", "127.0.0.1", 0).handlers(ch -> serve(ch.pipeline(), received)).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected Map<String, String> workingProperties() {
        return Map.of("hostname", "127.0.0.1", "port", String.valueOf(server.port()));
    }

    /** Nothing listens there: every connection is refused. */
    @Override
    protected Map<String, String> failingProperties() {
        try {
            return Map.of("hostname", "127.0.0.1", "port", String.valueOf(OpenFiles.freePort()),
                    "connect-timeout", "1000");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next hop sees the connection closed. */
    @Override
    protected void assertReleased(org.millrace.api.Sink stopped) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.connections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.connections(), "the sink's connection is closed");
        assertEquals(10, received.size(), "what it delivered before stopping arrived");
    }
}
