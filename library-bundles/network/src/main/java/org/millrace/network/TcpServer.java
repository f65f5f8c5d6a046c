package org.millrace.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Resource;
import org.millrace.api.SourceCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's TCP server on Netty: binds, admits connections (Flume's ip filter, Millrace's connection limits: the
 * server's own and the process's, see {@link ServerLimits}), counts them (Flume's {@code OpenConnectionCount};
 * refusals in {@code ConnectionRefusedCount}), closes silent ones after the idle timeout
 * ({@code ConnectionIdleClosedCount}), pauses reading while the process's network buffers are over their budget
 * ({@code ReadPausedCount}), puts TLS under the connector's own handlers, and on close stops accepting, closes every
 * connection and releases its event loops.
 * Accepting runs on the shared {@value EventLoops#ACCEPT} thread; I/O on the shared {@value EventLoops#SERVER_IO}
 * group, or on a group of the server's own when its handlers block (see {@link Builder#ownIoThreads(int)}).
 */
public final class TcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    /** How long closing waits for connections to finish the call in progress. */
    private static final long CLOSE_WAIT_SECONDS = 10;
    /** How often refusals are logged at most: a flood would otherwise flood the log. */
    private static final long REFUSAL_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Builder settings;
    private final EventLoops.Lease accept;
    private final EventLoops.Lease io;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /** Connections admitted and not yet closed. */
    private final AtomicInteger admitted = new AtomicInteger();
    private Channel server;

    /** How a server is set up; {@link #start()} binds it. */
    public static final class Builder extends EndpointBuilder<Builder> {
        private ServerTls tls;
        private IpFilterRules ipFilter;
        private int maxConnections;
        private long idleTimeoutMillis;
        private SourceCounter counter;
        private ServerLimits limits = ServerLimits.PROCESS;

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

        /** The network settings a connector's configuration gives: TLS, ip filter, connection limits. */
        public Builder configured(Settings network) {
            this.tls = network.tls();
            this.ipFilter = network.ipFilter();
            this.maxConnections = network.maxConnections();
            this.idleTimeoutMillis = TimeUnit.SECONDS.toMillis(network.idleTimeoutSeconds());
            return this;
        }

        /**
         * Closes a connection silent this long, or sooner if the configured {@code idle-timeout} says so: for a
         * protocol whose timeout has a name of its own (the http source's {@code ServerConnector.idleTimeout}).
         */
        public Builder idleTimeout(long millis) {
            this.idleTimeoutMillis = idleTimeoutMillis == 0 ? millis : Math.min(idleTimeoutMillis, millis);
            return this;
        }

        /** The process-wide limits to share (tests give their own). */
        Builder limits(ServerLimits processLimits) {
            this.limits = processLimits;
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
     *
     * @param maxConnections the server's own connection limit, 0 for none
     * @param idleTimeoutSeconds how long a connection may be silent, 0 for ever
     */
    public record Settings(ServerTls tls, IpFilterRules ipFilter, int maxConnections, int idleTimeoutSeconds) {

        /** Reads and checks them; every problem at once. */
        public static Settings of(ComponentConfig config) throws ConfigurationException {
            List<ConfigProblem> problems = new ArrayList<>();
            ServerTls tls = ConfigurationException.collect(problems, () -> ServerTls.of(config));
            IpFilterRules ipFilter = ConfigurationException.collect(problems, () -> IpFilterRules.of(config));
            ConnectionLimitConfig limits = ConfigurationException.collect(problems,
                    () -> config.as(ConnectionLimitConfig.class));
            ConfigurationException.throwIfAny(problems);
            return new Settings(tls, ipFilter, limits.max$_$connections(), limits.idle$_$timeout());
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
        ChannelHandler gate = new ReadGate();
        ChannelHandler idleClose = b.idleTimeoutMillis > 0 ? new IdleClose() : null;
        ServerBootstrap bootstrap = new ServerBootstrap().group(accept.group(), io.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("admission", admission);
                        if (idleClose != null) {
                            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, b.idleTimeoutMillis,
                                    TimeUnit.MILLISECONDS)).addLast("idle-close", idleClose);
                        }
                        ch.pipeline().addLast("read-gate", gate);
                        b.initialize(ch, c -> tls == null ? null : tls.newHandler(c.alloc()));
                    }
                });
        b.limits.serverStarted();
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
        settings.limits.serverClosed();
    }

    private LongAdder counter(String name) {
        return settings.counter == null ? new LongAdder() : settings.counter.counter(name);
    }

    /** Admits or refuses each new connection, and keeps count of those open. */
    @ChannelHandler.Sharable
    private final class Admission extends ChannelInboundHandlerAdapter {
        private final LongAdder refused = counter("ConnectionRefusedCount");
        private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - REFUSAL_LOG_NANOS);
        private final LongAdder unlogged = new LongAdder();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
            String refusal = refusal(peer);
            if (refusal != null) {
                refused.increment();
                logRefusal(peer, refusal);
                ctx.close();
                return;
            }
            connections.add(ch);
            if (settings.counter != null) {
                settings.counter.increment(SourceCounter.Name.OpenConnectionCount);
            }
            ch.closeFuture().addListener(f -> {
                admitted.decrementAndGet();
                settings.limits.closed();
                if (settings.counter != null) {
                    settings.counter.add(SourceCounter.Name.OpenConnectionCount, -1);
                }
            });
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        }

        /** Why the peer is refused, or null; an admitted peer holds its places in both limits. */
        private String refusal(InetSocketAddress peer) {
            if (settings.ipFilter != null && !settings.ipFilter.allows(peer)) {
                return "refused by ipFilterRules";
            }
            int max = settings.maxConnections;
            if (admitted.incrementAndGet() > max && max > 0) {
                admitted.decrementAndGet();
                return "refused: " + max + " connections are open (max-connections)";
            }
            if (!settings.limits.admit()) {
                admitted.decrementAndGet();
                return "refused: the process serves " + settings.limits.maxConnections()
                        + " connections, half its open-file limit";
            }
            return null;
        }

        private void logRefusal(InetSocketAddress peer, String refusal) {
            long last = lastLogged.get();
            long now = System.nanoTime();
            if (now - last >= REFUSAL_LOG_NANOS && lastLogged.compareAndSet(last, now)) {
                long more = unlogged.sumThenReset();
                LOG.warn("[{}] connection from {} {}{}", settings.label, peer, refusal,
                        more == 0 ? "" : " (" + more + " more refused since the last such line)");
            } else {
                unlogged.increment();
            }
        }
    }

    /**
     * Pauses a connection that reads while the process's network buffers are over their budget, and keeps a held
     * connection from reading: a decoder waiting for the rest of a frame asks for reads even when reading is off.
     */
    @ChannelHandler.Sharable
    private final class ReadGate extends ChannelDuplexHandler {
        private final LongAdder paused = counter("ReadPausedCount");

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (settings.limits.overBudget() && settings.limits.pause(ctx.channel())) {
                paused.increment();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            if (!ReadHolds.held(ctx.channel())) { // a held connection reads when released
                ctx.read();
            }
        }
    }

    /** Closes a connection whose peer was silent for the idle timeout (not one whose reading Millrace holds). */
    @ChannelHandler.Sharable
    private final class IdleClose extends ChannelInboundHandlerAdapter {
        private final LongAdder closed = counter("ConnectionIdleClosedCount");

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof IdleStateEvent)) {
                ctx.fireUserEventTriggered(evt);
            } else if (!ReadHolds.held(ctx.channel())) {
                closed.increment();
                LOG.debug("[{}] {} sent nothing for {} ms: closed", settings.label, ctx.channel().remoteAddress(),
                        settings.idleTimeoutMillis);
                ctx.close();
            }
        }
    }
}
