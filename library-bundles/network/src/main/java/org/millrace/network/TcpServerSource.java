package org.millrace.network;

import java.util.List;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.Resource;
import org.millrace.api.SourceContext;

/**
 * A source that listens on a TCP port: declares the port as its resource, starts a {@link TcpServer} with the
 * toolkit's settings (TLS, ip filter, connection limit) counting into the source's counters, and closes it on
 * stop. A subclass adds its protocol in {@link #serve(TcpServer.Builder)}.
 */
public abstract class TcpServerSource implements EventDrivenSource {
    private final String host;
    private final int port;
    private final TcpServer.Settings network;
    private SourceContext context;
    private TcpServer server;

    /**
     * @param network the settings {@link TcpServer.Settings#of} read from the source's configuration
     */
    protected TcpServerSource(String host, int port, TcpServer.Settings network) {
        this.host = host;
        this.port = port;
        this.network = network;
    }

    /** Adds the protocol's layers and handlers to the server (and its own event loops, if its handlers block). */
    protected abstract TcpServer.Builder serve(TcpServer.Builder server);

    @Override
    public List<Resource> resources() {
        return List.of(TcpServer.resource(host, port));
    }

    @Override
    public void start(SourceContext sourceContext) throws Exception {
        this.context = sourceContext;
        server = serve(TcpServer.on(sourceContext.label(), host, port).configured(network)
                .counter(sourceContext.counter())).start();
    }

    /** The context the source started with. */
    protected final SourceContext context() {
        return context;
    }

    /** The port bound (differs from the configured one when that is 0). */
    public int boundPort() {
        return server.port();
    }

    /** Stops accepting and closes every connection, each after the call its thread is in. */
    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
