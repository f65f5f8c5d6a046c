package org.millrace.thrift.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import org.millrace.network.RpcServerCalls;
import org.millrace.thrift.rpc.ThriftCallHandler;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftStatus;

/**
 * One server connection's calls, in order, on its I/O thread: each frame decoded into its events, handed to the
 * handler and answered. A call of another method is answered with Thrift's exception; input that is not the
 * protocol closes the connection and is reported once.
 */
public final class ServerCalls extends RpcServerCalls {
    private final ThriftProtocol protocol;
    private final ThriftCallHandler handler;

    public ServerCalls(ThriftProtocol protocol, ThriftCallHandler handler, int stallSeconds) {
        super(handler::refused, stallSeconds, "a thrift frame");
        this.protocol = protocol;
        this.handler = handler;
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
    protected String stalled(ChannelHandlerContext ctx) {
        Frames frames = ctx.pipeline().get(Frames.class);
        return frames != null && frames.pendingBytes() > 0 ? "in the middle of a frame" : null;
    }
}
