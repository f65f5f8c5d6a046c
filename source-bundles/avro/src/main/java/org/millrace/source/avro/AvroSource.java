package org.millrace.source.avro;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.avro.rpc.AvroBinary;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.Frame;
import org.millrace.avro.rpc.FrameDecoder;
import org.millrace.avro.rpc.FrameEncoder;
import org.millrace.avro.rpc.RpcCodec;
import org.millrace.avro.rpc.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.AppendAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchReceivedCount;
import static org.millrace.api.SourceCounter.Name.AppendReceivedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;
import static org.millrace.api.SourceCounter.Name.OpenConnectionCount;

/**
 * Flume's avro source on Netty. A call's events are committed to the channels before the answer: OK, or FAILED
 * when a channel refuses them (the sender keeps them and retries), so nothing is acknowledged and then lost.
 * Calls are decoded straight from the frame into events and committed on the connection's I/O thread: handing
 * each batch to another thread and the answer back costs two wake-ups per call, more than the work itself. A
 * commit waiting for room in a full channel holds back the connections sharing that thread, which is the
 * back-pressure they would meet anyway (they write to the same channels).
 *
 * <p>Bad input is refused and counted ({@code EventReadFail}), and the connection closed, while other clients are
 * served: a frame that does not parse or exceeds {@code max-frame-bytes}, a frame cut short by the peer, and a peer
 * that opens a connection (or starts a frame) and then sends nothing for {@code stall-timeout} seconds.
 */
final class AvroSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(AvroSource.class);

    /** TLS settings, already resolved against Flume's global defaults. */
    record Tls(Path keystore, String password, String type, Transport.Filters filters) {
    }

    private final String bind;
    private final int port;
    private final int threads;
    private final int compressionLevel;
    private final Tls tls;
    private final IpFilterRules ipFilter;
    private final int maxFrameBytes;
    /** How long a connection may sit silent before its first frame, or in the middle of one. */
    private final int stallSeconds;
    private SourceContext context;
    private SslContext sslContext;
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private ChannelGroup connections;
    private Channel server;

    /** @param compressionLevel the deflate level, or -1 for no compression */
    AvroSource(String bind, int port, int threads, int compressionLevel, Tls tls, IpFilterRules ipFilter,
            int maxFrameBytes, int stallSeconds) {
        this.bind = bind;
        this.port = port;
        this.threads = threads;
        this.compressionLevel = compressionLevel;
        this.tls = tls;
        this.ipFilter = ipFilter;
        this.maxFrameBytes = maxFrameBytes;
        this.stallSeconds = stallSeconds;
    }

    @Override
    public void start(SourceContext sourceContext) throws Exception {
        this.context = sourceContext;
        if (tls != null) {
            sslContext = Transport.serverTls(tls.keystore(), tls.password(), tls.type(), tls.filters());
        }
        String name = "millrace-" + sourceContext.label().replace('/', '-');
        acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-accept"));
        // calls are handled on the I/O threads, so more threads than cores only add context switches
        int ioThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        io = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory(name + "-io"));
        connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptor, io).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline(ch);
                    }
                });
        try {
            server = bootstrap.bind(bind, port).sync().channel();
        } catch (Exception e) {
            shutdown();
            throw new IllegalStateException("cannot listen on " + bind + ":" + port + ": " + e, e);
        }
        LOG.info("[{}] avro source listening on {}{}{}", sourceContext.label(), server.localAddress(),
                compressionLevel >= 0 ? ", deflate" : "", tls != null ? ", TLS" : "");
    }

    /** Flume's layers from the network inwards: ip filter, compression, TLS, frames; then the calls. */
    private void pipeline(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ipFilter != null) {
            p.addLast("ipfilter", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    if (ipFilter.allows(ch.remoteAddress())) {
                        ctx.pipeline().remove(this);
                        ctx.fireChannelActive();
                    } else {
                        LOG.info("[{}] connection from {} refused by ipFilterRules", context.label(),
                                ch.remoteAddress());
                        ctx.close();
                    }
                }
            });
        }
        if (compressionLevel >= 0) {
            Transport.addCompression(p, compressionLevel);
        }
        if (sslContext != null) {
            p.addLast(Transport.TLS, sslContext.newHandler(ch.alloc()));
        }
        p.addLast("stall", new IdleStateHandler(stallSeconds, 0, 0));
        p.addLast("frames", new FrameDecoder(maxFrameBytes));
        p.addLast("frame-encoder", new FrameEncoder());
        p.addLast("calls", new Calls());
    }

    /** The port bound (differs from the configured one when that is 0). */
    int boundPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        // closing runs on each connection's thread, after the call it is committing
        if (connections != null) {
            connections.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        shutdown();
    }

    private void shutdown() {
        if (io != null) {
            acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            io.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One connection's calls, in order, on its I/O thread. */
    private final class Calls extends ChannelInboundHandlerAdapter {
        private boolean handshaken;
        private boolean failed;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connections.add(ctx.channel());
            context.counter().increment(OpenConnectionCount);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            context.counter().add(OpenConnectionCount, -1);
            ctx.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                FrameDecoder frames = ctx.pipeline().get(FrameDecoder.class);
                if (!handshaken || (frames != null && frames.pendingBytes() > 0)) {
                    refuse(ctx, "sent nothing for " + stallSeconds + " s " + (handshaken ? "in the middle of a frame"
                            : "after connecting"));
                }
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException) {
                LOG.debug("[{}] connection {} failed: {}", context.label(), ctx.channel().remoteAddress(), cause.toString());
                ctx.close();
            } else {
                refuse(ctx, "sent what is not an Avro RPC frame (" + cause.getMessage() + ")");
            }
        }

        private void refuse(ChannelHandlerContext ctx, String what) {
            if (failed) {
                return; // counted once per connection
            }
            failed = true;
            context.counter().increment(EventReadFail);
            LOG.warn("[{}] {} {}; connection closed", context.label(), ctx.channel().remoteAddress(), what);
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FrameDecoder.Truncated cut) {
                refuse(ctx, "closed the connection in the middle of a frame (" + cut.bytes() + " bytes)");
                return;
            }
            Frame frame = (Frame) msg;
            RpcCodec.Writer response = new RpcCodec.Writer();
            try {
                AvroBinary.Reader in = frame.reader();
                if (!handshaken && !handshake(in, response)) {
                    ctx.writeAndFlush(Frame.of(frame.serial(), response.toByteArray()));
                    return;
                }
                RpcCodec.Call call = RpcCodec.readCall(in);
                if (call != null) {
                    response.status(deliver(call));
                }
            } catch (IOException | RuntimeException | RpcCodec.RpcException e) {
                refuse(ctx, "sent a call that does not decode (" + e + ")");
                return;
            } finally {
                frame.release();
            }
            ctx.writeAndFlush(Frame.of(frame.serial(), response.toByteArray()));
        }

        /** Answers the handshake; returns whether calls may follow (the client's protocol is known). */
        private boolean handshake(AvroBinary.Reader in, RpcCodec.Writer response) throws IOException {
            RpcCodec.HandshakeRequest request = RpcCodec.readHandshakeRequest(in);
            byte[] ours = AvroSourceProtocol.md5();
            boolean knowsClient = request.clientProtocol() != null || Arrays.equals(request.clientHash(), ours);
            RpcCodec.Match match = !knowsClient ? RpcCodec.Match.NONE
                    : Arrays.equals(request.serverHash(), ours) ? RpcCodec.Match.BOTH : RpcCodec.Match.CLIENT;
            boolean both = match == RpcCodec.Match.BOTH;
            response.handshakeResponse(match, both ? null : AvroSourceProtocol.JSON, both ? null : ours);
            handshaken = knowsClient;
            return knowsClient;
        }

        /** Commits the call's events, in batches the channels accept; FAILED if a channel refuses. */
        private AvroSourceProtocol.Status deliver(RpcCodec.Call call) {
            SourceCounter counter = context.counter();
            boolean batch = AvroSourceProtocol.APPEND_BATCH.equals(call.message());
            counter.increment(batch ? AppendBatchReceivedCount : AppendReceivedCount);
            List<Event> events = call.events();
            counter.add(EventReceivedCount, events.size());
            ChannelProcessor processor = context.channelProcessor();
            try {
                for (int from = 0; from < events.size(); ) {
                    int to = Math.min(events.size(), from + Math.max(1, processor.maxBatchSize()));
                    processor.processEventBatch(events.subList(from, to));
                    from = to;
                }
            } catch (ChannelException e) {
                counter.increment(ChannelWriteFail);
                LOG.debug("[{}] {} events refused, answering FAILED: {}", context.label(), events.size(),
                        e.getMessage());
                return AvroSourceProtocol.Status.FAILED;
            } catch (RuntimeException e) {
                counter.increment(GenericProcessingFail);
                LOG.warn("[{}] {} events failed, answering FAILED: {}", context.label(), events.size(), e.toString());
                return AvroSourceProtocol.Status.FAILED;
            }
            counter.increment(batch ? AppendBatchAcceptedCount : AppendAcceptedCount);
            counter.add(EventAcceptedCount, events.size());
            return AvroSourceProtocol.Status.OK;
        }
    }
}
