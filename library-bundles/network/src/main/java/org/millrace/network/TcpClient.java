package org.millrace.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import org.millrace.api.SinkCounter;

/**
 * A sink's TCP client on Netty: connects with a timeout, puts TLS under the connector's handlers, and keeps
 * Flume's connection counters ({@code ConnectionCreatedCount}, {@code ConnectionFailedCount},
 * {@code ConnectionClosedCount}). I/O runs on the shared {@value EventLoops#CLIENT_IO} group unless the connector
 * asks for threads of its own.
 */
public final class TcpClient implements AutoCloseable {
    private final String host;
    private final int port;
    private final long connectTimeoutMillis;
    private final SinkCounter counter;
    private final EventLoops.Lease io;
    private final Bootstrap bootstrap;

    /** How a client is set up; {@link #open()} makes it. */
    public static final class Builder extends EndpointBuilder<Builder> {
        private long connectTimeoutMillis = 20_000;
        private ClientTls tls;
        private SinkCounter counter;

        private Builder(String label, String host, int port) {
            super(label, host, port, EventLoops.CLIENT_IO);
        }

        @Override
        Builder self() {
            return this;
        }

        /** How long a connection attempt may take. */
        public Builder connectTimeoutMillis(long millis) {
            this.connectTimeoutMillis = millis;
            return this;
        }

        /** TLS, or {@code null} for none. */
        public Builder tls(ClientTls clientTls) {
            this.tls = clientTls;
            return this;
        }

        /** Where connections are counted. */
        public Builder counter(SinkCounter sinkCounter) {
            this.counter = sinkCounter;
            return this;
        }

        /** Makes the client; nothing connects yet. */
        public TcpClient open() throws Exception {
            return new TcpClient(this);
        }
    }

    /**
     * A client of a connector.
     *
     * @param label {@code agent/component}, for thread names
     */
    public static Builder to(String label, String host, int port) {
        return new Builder(label, host, port);
    }

    private TcpClient(Builder b) throws Exception {
        this.host = b.host;
        this.port = b.port;
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.counter = b.counter;
        SslContext ssl = b.tls == null ? null : b.tls.open();
        this.io = EventLoops.acquire(b.ioGroup, b.ioThreads);
        this.bootstrap = new Bootstrap().group(io.group()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, b.connectTimeoutMillis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        b.initialize(ch, c -> ssl == null ? null : ssl.newHandler(c.alloc(), b.host, b.port));
                    }
                });
    }

    /**
     * A new connection, once established (and its TLS handshake started).
     *
     * @throws IOException if it could not be made within the connect timeout
     */
    public Channel connect() throws IOException, InterruptedException {
        ChannelFuture connect = bootstrap.connect(host, port);
        if (!connect.await(connectTimeoutMillis) || !connect.isSuccess()) {
            connect.channel().close();
            count(SinkCounter.Name.ConnectionFailedCount);
            Throwable cause = connect.cause();
            throw new IOException("cannot connect to " + host + ":" + port + ": "
                    + (cause == null ? "timed out" : cause.getMessage()), cause);
        }
        count(SinkCounter.Name.ConnectionCreatedCount);
        connect.channel().closeFuture().addListener(f -> count(SinkCounter.Name.ConnectionClosedCount));
        return connect.channel();
    }

    private void count(SinkCounter.Name name) {
        if (counter != null) {
            counter.increment(name);
        }
    }

    /** Releases the event loops; close the connections first. */
    @Override
    public void close() {
        io.close();
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
