package org.millrace.network;

import io.netty.channel.ChannelHandler;
import java.util.List;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.Resource;
import org.millrace.api.SourceContext;

/**
 * A source that receives UDP datagrams: declares the port as its resource, binds a {@link UdpServer} with the
 * connector's handler, and closes it on stop.
 */
public abstract class UdpServerSource implements EventDrivenSource {
    private final String host;
    private final int port;
    private SourceContext context;
    private UdpServer server;

    protected UdpServerSource(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The handler of every datagram (one for all senders), made when the source starts. */
    protected abstract ChannelHandler handler();

    @Override
    public List<Resource> resources() {
        return List.of(UdpServer.resource(host, port));
    }

    @Override
    public void start(SourceContext sourceContext) {
        this.context = sourceContext;
        server = UdpServer.start(sourceContext.label(), host, port, handler());
    }

    /** The context the source started with. */
    protected final SourceContext context() {
        return context;
    }

    /** The port bound (differs from the configured one when that is 0). */
    public int boundPort() {
        return server.port();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
