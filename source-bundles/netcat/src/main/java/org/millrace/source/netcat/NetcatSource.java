package org.millrace.source.netcat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.Event;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.OpenConnectionCount;

/**
 * Flume's netcat source on Netty: each line (split on {@code \n}; a {@code \r} stays in the body, as in Flume)
 * becomes an event, answered with {@code OK} once committed. Lines that arrive together are committed in one
 * transaction. A line longer than max-line-length is answered with Flume's {@code FAILED: Event exceeds the
 * maximum length} and the connection closed. When the channel is full the connection stops reading and retries
 * (TCP back-pressure) instead of dropping; other channel failures are answered {@code FAILED: <reason>}.
 */
final class NetcatSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);
    private static final long MAX_RETRY_MILLIS = 1000;

    private final String bind;
    private final int port;
    private final int maxLineLength;
    private final boolean ackEveryEvent;
    /** The input's charset when it is not UTF-8 (bodies are re-encoded to UTF-8), else null. */
    private final Charset recode;
    private SourceContext context;
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private ChannelGroup connections;
    private Channel server;

    NetcatSource(String bind, int port, int maxLineLength, boolean ackEveryEvent, Charset recode) {
        this.bind = bind;
        this.port = port;
        this.maxLineLength = maxLineLength;
        this.ackEveryEvent = ackEveryEvent;
        this.recode = recode;
    }

    @Override
    public void start(SourceContext sourceContext) throws Exception {
        this.context = sourceContext;
        String threads = "millrace-" + sourceContext.label().replace('/', '-');
        acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory(threads + "-accept"));
        workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory(threads + "-io"));
        connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineDecoder(), new Connection());
                    }
                });
        try {
            server = bootstrap.bind(bind, port).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw new IllegalStateException("cannot listen on " + bind + ":" + port + ": " + e, e);
        }
        LOG.info("[{}] listening on {}", sourceContext.label(), server.localAddress());
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    int boundPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (workers != null) {
            acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Marks a line over the limit: everything after it on the connection is discarded. */
    private static final Object OVERSIZED = new Object();

    /** Splits the stream into line bodies (byte[]), or {@link #OVERSIZED}. */
    private final class LineDecoder extends ByteToMessageDecoder {
        private boolean failed;

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (!failed && in.isReadable()) {
                int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                int length = (eol < 0 ? in.writerIndex() : eol) - in.readerIndex();
                if (chars(in, length) >= maxLineLength) {
                    failed = true;
                    out.add(OVERSIZED);
                } else if (eol < 0) {
                    return;
                } else {
                    byte[] body = new byte[length];
                    in.readBytes(body);
                    in.skipBytes(1);
                    out.add(recode == null ? body : new String(body, recode).getBytes(StandardCharsets.UTF_8));
                }
            }
            in.skipBytes(in.readableBytes());
        }

        /** Characters in the next {@code length} bytes: Flume limits lines in characters. */
        private int chars(ByteBuf in, int length) {
            if (recode != null) {
                return in.toString(in.readerIndex(), length, recode).length();
            }
            int chars = 0;
            for (int i = in.readerIndex(), end = i + length; i < end; i++) {
                if ((in.getByte(i) & 0xC0) != 0x80) {
                    chars++;
                }
            }
            return chars;
        }
    }

    /** One client connection: batches the lines of each read, commits them, acknowledges. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final List<Event> pending = new ArrayList<>();
        private boolean oversized;
        private boolean waitingForRoom;
        private long retryMillis = 10;

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
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg == OVERSIZED) {
                oversized = true;
                context.counter().increment(EventReadFail);
                LOG.warn("[{}] {} sent a line longer than {} characters; connection closed", context.label(),
                        ctx.channel().remoteAddress(), maxLineLength);
            } else {
                pending.add(Event.of((byte[]) msg));
                context.counter().increment(EventReceivedCount);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            deliver(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("[{}] connection {} failed: {}", context.label(), ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private void deliver(ChannelHandlerContext ctx) {
            if (waitingForRoom) {
                return;
            }
            StringBuilder replies = new StringBuilder();
            while (!pending.isEmpty()) {
                List<Event> chunk = pending.subList(0, Math.min(pending.size(),
                        context.channelProcessor().maxBatchSize()));
                try {
                    context.channelProcessor().processEventBatch(new ArrayList<>(chunk));
                    context.counter().add(EventAcceptedCount, chunk.size());
                    if (ackEveryEvent) {
                        replies.append("OK\n".repeat(chunk.size()));
                    }
                    retryMillis = 10;
                } catch (ChannelFullException e) {
                    context.counter().increment(ChannelWriteFail);
                    waitForRoom(ctx, e);
                    break;
                } catch (ChannelException e) {
                    context.counter().increment(ChannelWriteFail);
                    LOG.warn("[{}] {} events refused: {}", context.label(), chunk.size(), e.getMessage());
                    replies.append(("FAILED: " + e.getMessage() + "\n").repeat(chunk.size()));
                }
                chunk.clear();
            }
            if (replies.length() > 0) {
                ctx.write(ctx.alloc().buffer(replies.length()).writeBytes(
                        replies.toString().getBytes(StandardCharsets.UTF_8)));
            }
            if (oversized && pending.isEmpty()) {
                String reply = "FAILED: Event exceeds the maximum length (" + maxLineLength + " chars, including"
                        + " newline)\n";
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(reply.getBytes(StandardCharsets.UTF_8)))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.flush();
            }
        }

        /** Stops reading from the client until the channel has room: the sender is slowed, nothing is dropped. */
        private void waitForRoom(ChannelHandlerContext ctx, ChannelFullException e) {
            if (retryMillis == 10) {
                LOG.warn("[{}] channel full, holding {} events and pausing {} until there is room: {}",
                        context.label(), pending.size(), ctx.channel().remoteAddress(), e.getMessage());
            }
            waitingForRoom = true;
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                waitingForRoom = false;
                ctx.channel().config().setAutoRead(true);
                deliver(ctx);
            }, retryMillis, TimeUnit.MILLISECONDS);
            retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        }
    }
}
