package org.millrace.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.function.BiConsumer;

/**
 * The handler at the end of an RPC server's pipeline (Flume's avro or thrift protocol): the protocol's subclass
 * decodes and answers each call; this refuses a peer that sends what is not the protocol or stalls (an idle event
 * from the pipeline's IdleStateHandler), closing its connection and reporting it once.
 */
public abstract class RpcServerCalls extends ChannelInboundHandlerAdapter {
    private final BiConsumer<SocketAddress, String> refusals;
    private final int stallSeconds;
    private final String frames;
    private boolean failed;

    /**
     * @param refusals told of each refused peer and why
     * @param stallSeconds the idle time after which the pipeline reports a stall, named in messages
     * @param frames what the frames are, for messages (e.g. "an Avro RPC frame")
     */
    protected RpcServerCalls(BiConsumer<SocketAddress, String> refusals, int stallSeconds, String frames) {
        this.refusals = refusals;
        this.stallSeconds = stallSeconds;
        this.frames = frames;
    }

    /** Where a silent peer has stopped (e.g. "in the middle of a frame"), or null if its silence is fine. */
    protected abstract String stalled(ChannelHandlerContext ctx);

    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            String where = stalled(ctx);
            if (where != null) {
                refuse(ctx, "sent nothing for " + stallSeconds + " s " + where);
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            ctx.close(); // the peer went away
        } else {
            refuse(ctx, "sent what is not " + frames + " (" + cause.getMessage() + ")");
        }
    }

    /** Closes the peer's connection and reports why, once. */
    protected final void refuse(ChannelHandlerContext ctx, String what) {
        if (failed) {
            return;
        }
        failed = true;
        refusals.accept(ctx.channel().remoteAddress(), what);
        ctx.close();
    }
}
