package org.millrace.thrift.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.millrace.thrift.rpc.ThriftCallHandler;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftStatus;

/**
 * One server connection's calls, in order, on its I/O thread: each frame decoded into its events, handed to the
 * handler and answered. A call of another method is answered with Thrift's exception; input that is not the
 * protocol closes the connection and is reported once.
 */
public final class ServerCalls extends ChannelInboundHandlerAdapter {
    private final ThriftProtocol protocol;
    private final ThriftCallHandler handler;
    private final int stallSeconds;
    private boolean failed;

    public ServerCalls(ThriftProtocol protocol, ThriftCallHandler handler, int stallSeconds) {
        this.protocol = protocol;
        this.handler = handler;
        this.stallSeconds = stallSeconds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        ByteBuf answer = ctx.alloc().buffer(32);
        try {
            ThriftCodec.Call call = ThriftCodec.readCall(frame, protocol);
            ThriftStatus status = handler.deliver(call.events(), call.batch());
            ThriftCodec.writeReply(answer, protocol, call.message(), status);
        } catch (ThriftCodec.UnknownMethod e) {
            ThriftCodec.writeUnknownMethod(answer, protocol, e.message());
        } catch (ThriftCodec.ProtocolException | RuntimeException e) {
            answer.release();
            refuse(ctx, "sent a call that does not decode as Flume's thrift " + protocol.name().toLowerCase(
                    java.util.Locale.ROOT) + " protocol (" + e.getMessage() + ")");
            return;
        } finally {
            frame.release();
        }
        ctx.writeAndFlush(answer);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            Frames frames = ctx.pipeline().get(Frames.class);
            if (frames != null && frames.pendingBytes() > 0) {
                refuse(ctx, "sent nothing for " + stallSeconds + " s in the middle of a frame");
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            ctx.close(); // the peer went away
        } else {
            refuse(ctx, "sent what is not a thrift frame (" + cause.getMessage() + ")");
        }
    }

    private void refuse(ChannelHandlerContext ctx, String what) {
        if (failed) {
            return;
        }
        failed = true;
        handler.refused(ctx.channel().remoteAddress(), what);
        ctx.close();
    }
}
