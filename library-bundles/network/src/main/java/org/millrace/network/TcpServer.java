package org.millrace.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Resource;
import org.millrace.api.SourceCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's TCP server on Netty: binds, admits connections (Flume's ip filter, Millrace's connection limit),
 * counts them (Flume's {@code OpenConnectionCount}; refusals in {@code ConnectionRefusedCount}), puts TLS under the
 * connector's own handlers, and on close stops accepting, closes every connection and releases its event loops.
 * Accepting runs on the shared {@value EventLoops#ACCEPT} thread; I/O on the shared {@value EventLoops#SERVER_IO}
 * group, or on a group of the server's own when its handlers block (see {@link Builder#ownIoThreads(int)}).
 */
public final class TcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    /** How long closing waits for connections to finish the call in progress. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Builder settings;
    private final EventLoops.Lease accept;
    private final EventLoops.Lease io;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel server;

    /** How a server is set up; {@link #start()} binds it. */
    public static final class Builder extends EndpointBuilder<Builder> {
        private ServerTls tls;
        private IpFilterRules ipFilter;
        private int maxConnections;
        private SourceCounter counter;

        private Builder(String label, String host, int port) {
            super(label, host, port, EventLoops.SERVER_IO);
        }

        @Override
        Builder self() {
            return this;
        }

        /** TLS, or {@code null} for none. */
        public Builder tls(ServerTls serverTls) {
            this.tls = serverTls;
            return this;
        }

        /** The network settings a connector's configuration gives: TLS, ip filter, connection limit. */
        public Builder configured(Settings network) {
            this.tls = network.tls();
            this.ipFilter = network.ipFilter();
            this.maxConnections = network.maxConnections();
            return this;
        }

        /** Where connections are counted. */
        public Builder counter(SourceCounter sourceCounter) {
            this.counter = sourceCounter;
            return this;
        }

        /**
         * Binds and starts accepting.
         *
         * @throws IllegalStateException if the address cannot be bound (with the address and the cause)
         * @throws Exception if the key store cannot be read
         */
        public TcpServer start() throws Exception {
            return new TcpServer(this);
        }
    }

    /**
     * The network settings of a listening connector, read from its configuration with the toolkit's keys:
     * {@link TlsConfig}, {@link IpFilterConfig}, {@link ConnectionLimitConfig}.
     */
    public record Settings(ServerTls tls, IpFilterRules ipFilter, int maxConnections) {

        /** Reads and checks them; every problem at once. */
        public static Settings of(ComponentConfig config) throws ConfigurationException {
            List<ConfigProblem> problems = new ArrayList<>();
            ServerTls tls = ConfigurationException.collect(problems, () -> ServerTls.of(config));
            IpFilterRules ipFilter = ConfigurationException.collect(problems, () -> IpFilterRules.of(config));
            Integer max = ConfigurationException.collect(problems,
                    () -> config.as(ConnectionLimitConfig.class).max$_$connections());
            ConfigurationException.throwIfAny(problems);
            return new Settings(tls, ipFilter, max);
        }
    }

    /**
     * A server for a connector.
     *
     * @param label {@code agent/component}, for log lines and thread names
     */
    public static Builder on(String label, String host, int port) {
        return new Builder(label, host, port);
    }

    /** The TCP port a server on this address would hold, for {@link org.millrace.api.Source#resources()}. */
    public static Resource resource(String host, int port) {
        return Resource.tcpPort(host, port);
    }

    private TcpServer(Builder b) throws Exception {
        this.settings = b;
        ServerTls.Context tls = b.tls == null ? null : b.tls.open();
        accept = EventLoops.acquire(EventLoops.ACCEPT, 1);
        io = EventLoops.acquire(b.ioGroup, b.ioThreads);
        ChannelHandler admission = new Admission();
        ServerBootstrap bootstrap = new ServerBootstrap().group(accept.group(), io.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("admission", admission);
                        b.initialize(ch, c -> tls == null ? null : tls.newHandler(c.alloc()));
                    }
                });
        try {
            server = bootstrap.bind(b.host, b.port).sync().channel();
        } catch (Exception e) {
            release();
            throw new IllegalStateException("cannot listen on " + b.host + ":" + b.port + ": " + e, e);
        }
        LOG.info("[{}] listening on {}{}", b.label, server.localAddress(), tls == null ? "" : ", TLS");
    }

    /** The port bound (differs from the configured one when that is 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connections open now. */
    public int connections() {
        return connections.size();
    }

    /**
     * Stops accepting, closes every connection (each after the call its thread is in; waits up to 10 s) and releases
     * the event loops.
     */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        release();
    }

    private void release() {
        io.close();
        accept.close();
    }

    /** Admits or refuses each new connection, and keeps count of those open. */
    @ChannelHandler.Sharable
    private final class Admission extends ChannelInboundHandlerAdapter {
        private final LongAdder refused = settings.counter == null ? new LongAdder()
                : settings.counter.counter("ConnectionRefusedCount");

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
            String refusal = settings.ipFilter != null && !settings.ipFilter.allows(peer) ? "refused by ipFilterRules"
                    : settings.maxConnections > 0 && connections.size() >= settings.maxConnections
                    ? "refused: " + settings.maxConnections + " connections are open (max-connections)" : null;
            if (refusal != null) {
                refused.increment();
                LOG.info("[{}] connection from {} {}", settings.label, peer, refusal);
                ctx.close();
                return;
            }
            connections.add(ch);
            if (settings.counter != null) {
                settings.counter.increment(SourceCounter.Name.OpenConnectionCount);
                ch.closeFuture().addListener(f -> settings.counter.add(SourceCounter.Name.OpenConnectionCount, -1));
            }
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        }
    }
}
