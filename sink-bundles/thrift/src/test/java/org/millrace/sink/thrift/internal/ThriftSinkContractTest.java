package org.millrace.sink.thrift.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.millrace.api.Event;
import org.millrace.api.Sink;
import org.millrace.api.testkit.OpenFiles;
import org.millrace.api.testkit.SinkContract;
import org.millrace.api.testkit.TestContexts;
import org.millrace.network.TcpServer;
import org.millrace.thrift.rpc.ThriftCallHandler;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftRpc;
import org.millrace.thrift.rpc.ThriftStatus;

/** The thrift sink under the sink contract, delivering to a real thrift server; failing against a closed port. */
class ThriftSinkContractTest extends SinkContract {
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private TcpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TcpServer.on("test/next-hop", "127.0.0.1", 0).handlers(ch -> ThriftRpc.serve(ch.pipeline(),
                ThriftProtocol.COMPACT, 1 << 20, 30, new ThriftCallHandler() {
                    @Override
                    public ThriftStatus deliver(List<Event> events, boolean batch) {
                        received.addAll(events);
                        return ThriftStatus.OK;
                    }

                    @Override
                    public void refused(SocketAddress peer, String what) {
                    }
                })).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected Sink create(Map<String, String> properties) throws Exception {
        return new ThriftSinkFactory().create(TestContexts.config("sinks", "k1", "thrift", properties));
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
    protected void assertReleased(Sink stopped) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.connections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.connections(), "the sink's connection is closed");
        assertEquals(10, received.size(), "what it delivered before stopping arrived");
    }
}
