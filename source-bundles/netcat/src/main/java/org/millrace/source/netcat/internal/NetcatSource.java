package org.millrace.source.netcat.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.network.LineDecoder;
import org.millrace.network.TcpServer;
import org.millrace.network.TcpServerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;

/**
 * Flume's netcat source on Netty: each line (split on {@code \n}; a {@code \r} stays in the body, as in Flume)
 * becomes an event, answered with {@code OK} once committed. Lines that arrive together are committed in one
 * transaction. A line longer than max-line-length is answered with Flume's {@code FAILED: Event exceeds the
 * maximum length} and the connection closed. When the channel is full the connection stops reading and retries
 * (TCP back-pressure) instead of dropping; other channel failures are answered {@code FAILED: <reason>}.
 */
final class NetcatSource extends TcpServerSource {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);
    private static final long MAX_RETRY_MILLIS = 1000;

    private final int maxLineLength;
    private final boolean ackEveryEvent;
    /** The input's charset (line lengths count its characters); bodies are re-encoded to UTF-8 unless it is. */
    private final Charset charset;

    NetcatSource(String bind, int port, int maxLineLength, boolean ackEveryEvent, Charset charset,
            TcpServer.Settings network) {
        super(bind, port, network);
        this.maxLineLength = maxLineLength;
        this.ackEveryEvent = ackEveryEvent;
        this.charset = charset;
    }

    @Override
    protected TcpServer.Builder serve(TcpServer.Builder server) {
        return server.handlers(ch -> ch.pipeline().addLast(new LineDecoder(maxLineLength, charset), new Connection()));
    }

    /** One client connection: batches the lines of each read, commits them, acknowledges. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final SourceContext context = context();
        /** Bodies received, not yet committed; events are made afresh for each try, as interceptors change them. */
        private final List<byte[]> pending = new ArrayList<>();
        private boolean oversized;
        private boolean waitingForRoom;
        private long retryMillis = 10;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg == LineDecoder.OVERSIZED) {
                oversized = true;
                context.counter().increment(EventReadFail);
                LOG.warn("[{}] {} sent a line longer than {} characters; connection closed", context.label(),
                        ctx.channel().remoteAddress(), maxLineLength);
            } else {
                byte[] line = (byte[]) msg;
                pending.add(charset.equals(StandardCharsets.UTF_8) ? line
                        : new String(line, charset).getBytes(StandardCharsets.UTF_8));
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
                List<byte[]> chunk = pending.subList(0, Math.min(pending.size(),
                        context.channelProcessor().maxBatchSize()));
                try {
                    List<Event> events = new ArrayList<>(chunk.size());
                    chunk.forEach(body -> events.add(Event.of(body)));
                    context.channelProcessor().processEventBatch(events);
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
