package org.millrace.source.syslog.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.function.Function;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.network.BatchedDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection of a syslog source: the messages of each read, committed together; a full channel stops
 * reading from the sender until there is room. A frame too long to accept closes the connection and is counted.
 */
final class SyslogConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogConnection.class);

    private final SourceContext context;
    private final BatchedDelivery<SyslogMessage> delivery;

    /**
     * @param batchSize the most events per transaction (0: as many as the channels take)
     * @param toEvent makes the event of a message (for each try: interceptors change events)
     */
    SyslogConnection(SourceContext context, int batchSize, Function<SyslogMessage, Event> toEvent) {
        this.context = context;
        this.delivery = new BatchedDelivery<>(context, batchSize, toEvent, new BatchedDelivery.Outcome() { });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        delivery.add((SyslogMessage) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        delivery.deliver(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof TooLongFrameException
                || cause instanceof TooLongFrameException) {
            context.counter().increment(SourceCounter.Name.EventReadFail);
            LOG.warn("[{}] {} sent {} over {} bytes; connection closed", context.label(),
                    ctx.channel().remoteAddress(), cause.getMessage(), SyslogFrameDecoder.MAX_FRAME);
        } else {
            LOG.debug("[{}] connection {} failed: {}", context.label(), ctx.channel().remoteAddress(),
                    cause.toString());
        }
        delivery.deliver(ctx);
        ctx.close();
    }
}
