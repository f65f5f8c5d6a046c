package org.millrace.network;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a {@link TcpServer} and a {@link TcpClient} are set up with alike: where, which event loops, and the layers of
 * each connection's pipeline (transport layers, TLS, the connector's handlers, from the network inwards).
 *
 * @param <B> the concrete builder
 */
public abstract class EndpointBuilder<B extends EndpointBuilder<B>> {
    final String label;
    final String host;
    final int port;
    String ioGroup;
    int ioThreads;
    private Consumer<ChannelPipeline> transport = p -> { };
    private Consumer<SocketChannel> handlers = ch -> { };

    EndpointBuilder(String label, String host, int port, String sharedIoGroup) {
        this.label = label;
        this.host = host;
        this.port = port;
        this.ioGroup = sharedIoGroup;
    }

    abstract B self();

    /**
     * I/O on a group of this endpoint's own, {@code millrace-<agent>-<component>-io}, with this many threads (0: one
     * per processor), instead of the group its kind shares: for handlers that block their thread (committing to a
     * channel that may be full), which would otherwise hold back other connectors' connections.
     */
    public B ownIoThreads(int threads) {
        this.ioGroup = "millrace-" + label.replace('/', '-') + "-io";
        this.ioThreads = threads;
        return self();
    }

    /** Layers under TLS, at the network end of each connection's pipeline (e.g. compression). */
    public B transport(Consumer<ChannelPipeline> layers) {
        this.transport = layers;
        return self();
    }

    /** The connector's handlers, added above TLS to each connection's pipeline. */
    public B handlers(Consumer<SocketChannel> initializer) {
        this.handlers = initializer;
        return self();
    }

    /** Builds a connection's pipeline: transport layers, then TLS if {@code tls} gives a handler, then the handlers. */
    final void initialize(SocketChannel ch, Function<SocketChannel, ChannelHandler> tls) {
        ChannelPipeline p = ch.pipeline();
        transport.accept(p);
        ChannelHandler tlsHandler = tls.apply(ch);
        if (tlsHandler != null) {
            p.addLast("tls", tlsHandler);
        }
        handlers.accept(ch);
    }
}
