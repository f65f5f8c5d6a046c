package org.millrace.source.netcat.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.network.BatchedDelivery;
import org.millrace.network.LineDecoder;
import org.millrace.network.TcpServer;
import org.millrace.network.TcpServerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.EventReadFail;

/**
 * Flume's netcat source on Netty: each line (split on {@code \n}; a {@code \r} stays in the body, as in Flume)
 * becomes an event, answered with {@code OK} once committed. Lines that arrive together are committed in one
 * transaction. A line longer than max-line-length is answered with Flume's {@code FAILED: Event exceeds the
 * maximum length} and the connection closed. When the channel is full the connection stops reading and retries
 * (TCP back-pressure) instead of dropping; other channel failures are answered {@code FAILED: <reason>}.
 */
final class NetcatSource extends TcpServerSource {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);

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
    private final class Connection extends ChannelInboundHandlerAdapter implements BatchedDelivery.Outcome {
        private final BatchedDelivery<byte[]> delivery = new BatchedDelivery<>(context(), 0, Event::of, this);
        private boolean oversized;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg == LineDecoder.OVERSIZED) {
                oversized = true;
                context().counter().increment(EventReadFail);
                LOG.warn("[{}] {} sent a line longer than {} characters; connection closed", context().label(),
                        ctx.channel().remoteAddress(), maxLineLength);
            } else {
                byte[] line = (byte[]) msg;
                delivery.add(charset.equals(StandardCharsets.UTF_8) ? line
                        : new String(line, charset).getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            delivery.deliver(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("[{}] connection {} failed: {}", context().label(), ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }

        @Override
        public void committed(ChannelHandlerContext ctx, int n) {
            if (ackEveryEvent) {
                reply(ctx, "OK\n".repeat(n));
            }
        }

        @Override
        public void refused(ChannelHandlerContext ctx, int n, ChannelException e) {
            reply(ctx, ("FAILED: " + e.getMessage() + "\n").repeat(n));
        }

        @Override
        public void drained(ChannelHandlerContext ctx) {
            if (oversized) {
                String reply = "FAILED: Event exceeds the maximum length (" + maxLineLength + " chars, including"
                        + " newline)\n";
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(reply.getBytes(StandardCharsets.UTF_8)))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.flush();
            }
        }

        private void reply(ChannelHandlerContext ctx, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ctx.write(ctx.alloc().buffer(bytes.length).writeBytes(bytes));
        }
    }
}
