package org.millrace.sink.avro;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.millrace.avro.rpc.AvroBinary;
import org.millrace.api.BatchingSink;
import org.millrace.api.Event;
import org.millrace.api.SinkContext;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.Frame;
import org.millrace.avro.rpc.FrameDecoder;
import org.millrace.avro.rpc.FrameEncoder;
import org.millrace.avro.rpc.RpcCodec;
import org.millrace.avro.rpc.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SinkCounter.Name.ConnectionClosedCount;
import static org.millrace.api.SinkCounter.Name.ConnectionCreatedCount;
import static org.millrace.api.SinkCounter.Name.ConnectionFailedCount;
import static org.millrace.api.SinkCounter.Name.EventWriteFail;

/**
 * Flume's avro sink: each batch is one appendBatch call to the next hop, and the channel transaction commits only
 * after the next hop answered OK. A failure (refused connection, timeout, FAILED) rolls the batch back into the
 * channel and drops the connection; the runner backs off and the next attempt connects again.
 */
final class AvroSink extends BatchingSink {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSink.class);
    /** Responses are a handful of bytes; this only bounds a misbehaving peer. */
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    /** TLS settings, resolved against Flume's global defaults. */
    record Tls(boolean trustAll, Path truststore, String password, String type, Transport.Filters filters) {
    }

    /** Everything the sink needs, converted and checked. */
    record Settings(String host, int port, int batchSize, long connectTimeoutMillis, long requestTimeoutMillis,
            long resetMillis, int compressionLevel, Tls tls, int ioThreads) {
    }

    private final Settings settings;
    private EventLoopGroup io;
    private Bootstrap bootstrap;
    private Connection connection;

    AvroSink(Settings settings) {
        super(settings.batchSize());
        this.settings = settings;
    }

    @Override
    public void start(SinkContext sinkContext) throws Exception {
        super.start(sinkContext);
        SslContext ssl = settings.tls() == null ? null : Transport.clientTls(settings.tls().trustAll(),
                settings.tls().truststore(), settings.tls().password(), settings.tls().type(),
                settings.tls().filters());
        io = new NioEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("millrace-"
                + sinkContext.label().replace('/', '-') + "-io"));
        bootstrap = new Bootstrap().group(io).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeoutMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (settings.compressionLevel() >= 0) {
                            Transport.addCompression(p, settings.compressionLevel());
                        }
                        if (ssl != null) {
                            p.addLast(Transport.TLS, ssl.newHandler(ch.alloc(), settings.host(), settings.port()));
                        }
                        p.addLast("frames", new FrameDecoder(MAX_RESPONSE_BYTES));
                        p.addLast("frame-encoder", new FrameEncoder());
                        p.addLast("responses", new Responses());
                    }
                });
    }

    @Override
    protected void deliver(List<Event> batch) throws Exception {
        Connection c = connection();
        AvroSourceProtocol.Status status;
        try {
            status = c.call(batch);
        } catch (Exception e) {
            context().counter().increment(EventWriteFail);
            disconnect();
            throw new IOException("[" + context().label() + "] " + settings.host() + ":" + settings.port()
                    + " did not take " + batch.size() + " events: " + e.getMessage(), e);
        }
        if (status != AvroSourceProtocol.Status.OK) {
            context().counter().increment(EventWriteFail);
            throw new IOException("[" + context().label() + "] " + settings.host() + ":" + settings.port()
                    + " answered " + status + " (its channel is likely full); the batch stays here");
        }
    }

    /** The open connection, a new one if there is none or it is due for a reset. */
    private Connection connection() throws IOException, InterruptedException {
        if (connection != null && settings.resetMillis() > 0
                && System.currentTimeMillis() - connection.openedAt >= settings.resetMillis()) {
            LOG.debug("[{}] resetting the connection to {}:{}", context().label(), settings.host(), settings.port());
            disconnect();
        }
        if (connection == null || !connection.channel.isActive()) {
            disconnect();
            ChannelFuture connect = bootstrap.connect(settings.host(), settings.port());
            if (!connect.await(settings.connectTimeoutMillis()) || !connect.isSuccess()) {
                connect.channel().close();
                context().counter().increment(ConnectionFailedCount);
                Throwable cause = connect.cause();
                throw new IOException("cannot connect to " + settings.host() + ":" + settings.port() + ": "
                        + (cause == null ? "timed out" : cause.getMessage()), cause);
            }
            connection = new Connection(connect.channel());
            context().counter().increment(ConnectionCreatedCount);
        }
        return connection;
    }

    private void disconnect() {
        if (connection != null) {
            connection.channel.close();
            connection = null;
            context().counter().increment(ConnectionClosedCount);
        }
    }

    @Override
    public void stop() {
        disconnect();
        if (io != null) {
            io.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One connection to the next hop: one call at a time, its answer matched by serial. */
    private final class Connection {
        private final Channel channel;
        private final long openedAt = System.currentTimeMillis();
        private boolean handshaken;
        private int serial;

        Connection(Channel channel) {
            this.channel = channel;
        }

        AvroSourceProtocol.Status call(List<Event> events) throws Exception {
            RpcCodec.Writer request = new RpcCodec.Writer();
            if (!handshaken) {
                // sending our protocol at once saves the round trip of a NONE answer
                request.handshakeRequest(AvroSourceProtocol.md5(), AvroSourceProtocol.JSON, AvroSourceProtocol.md5());
            }
            request.call(AvroSourceProtocol.APPEND_BATCH, events);
            CompletableFuture<Frame> answer = new CompletableFuture<>();
            channel.attr(Responses.PENDING).set(answer);
            int sent = ++serial;
            channel.writeAndFlush(Frame.of(sent, request.toByteArray())).addListener(f -> {
                if (!f.isSuccess()) {
                    answer.completeExceptionally(f.cause());
                }
            });
            long timeoutMillis = handshaken ? settings.requestTimeoutMillis() : settings.connectTimeoutMillis();
            Frame frame;
            try {
                frame = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("no answer within " + timeoutMillis + " ms");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
            try {
                if (frame.serial() != sent) {
                    throw new IOException("answer to call " + frame.serial() + " while waiting for " + sent);
                }
                AvroBinary.Reader in = frame.reader();
                if (!handshaken) {
                    RpcCodec.HandshakeResponse hs = RpcCodec.readHandshakeResponse(in);
                    if (hs.match() == RpcCodec.Match.NONE) {
                        throw new IOException("the next hop does not speak Flume's AvroSourceProtocol");
                    }
                    handshaken = true;
                }
                return RpcCodec.readStatus(in);
            } finally {
                frame.release();
            }
        }
    }

    /** Completes the pending call with its answer, or with the reason the connection ended. */
    private static final class Responses extends ChannelInboundHandlerAdapter {
        static final AttributeKey<CompletableFuture<Frame>> PENDING = AttributeKey.valueOf("millrace.pending");

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            CompletableFuture<Frame> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (msg instanceof Frame frame && (pending == null || !pending.complete(frame))) {
                frame.release(); // an answer nobody waits for any more
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx, new IOException("the next hop closed the connection"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause);
            ctx.close();
        }

        private static void fail(ChannelHandlerContext ctx, Throwable cause) {
            CompletableFuture<Frame> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending != null) {
                pending.completeExceptionally(cause);
            }
        }
    }
}
