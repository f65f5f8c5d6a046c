package org.millrace.network.guide;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.network.LineDecoder;
import org.millrace.network.TcpServer;
import org.millrace.network.TcpServerSource;

/**
 * Each line received becomes an event; the lines of one read are committed together, then answered with one
 * {@code OK} each. A line over the bound is counted as a read failure and closes the connection. A channel that
 * refuses the events gets them answered {@code FAILED}, so the client knows to send them again.
 */
final class LinesSource extends TcpServerSource {
    private final int maxLineBytes;

    LinesSource(String bind, int port, int maxLineBytes, TcpServer.Settings network) {
        super(bind, port, network);
        this.maxLineBytes = maxLineBytes;
    }

    /** The protocol: bounded lines, then this source's handler. Nothing here blocks: the shared loops serve it. */
    @Override
    protected TcpServer.Builder serve(TcpServer.Builder server) {
        return server.handlers(ch -> ch.pipeline().addLast(new LineDecoder(maxLineBytes, null), new Lines()));
    }

    /** One connection's lines. */
    private final class Lines extends ChannelInboundHandlerAdapter {
        private final List<Event> read = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            SourceCounter counter = context().counter();
            if (msg == LineDecoder.OVERSIZED) {
                counter.increment(SourceCounter.Name.EventReadFail);
                ctx.close();
                return;
            }
            read.add(Event.of((byte[]) msg));
            counter.increment(SourceCounter.Name.EventReceivedCount);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (read.isEmpty()) {
                return;
            }
            SourceContext context = context();
            String answer = "OK\n";
            try {
                context.channelProcessor().processEventBatch(read);
                context.counter().add(SourceCounter.Name.EventAcceptedCount, read.size());
            } catch (ChannelException e) {
                context.counter().increment(SourceCounter.Name.ChannelWriteFail);
                answer = "FAILED\n";
            }
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(answer.repeat(read.size())
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            read.clear();
        }
    }
}
