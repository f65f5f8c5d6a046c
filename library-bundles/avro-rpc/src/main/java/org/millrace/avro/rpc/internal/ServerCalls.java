package org.millrace.avro.rpc.internal;

import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.Arrays;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.avro.rpc.CallHandler;
import org.millrace.network.RpcServerCalls;

/**
 * One server connection's calls, in order, on its I/O thread: the handshake, then each call decoded straight from
 * the frame, handed to the handler, and answered. Bad input closes the connection and is reported once.
 */
public final class ServerCalls extends RpcServerCalls {
    private final CallHandler handler;
    private boolean handshaken;

    /** Calls handed to {@code handler}; {@code stallSeconds} is only named in messages. */
    public ServerCalls(CallHandler handler, int stallSeconds) {
        super(handler::refused, stallSeconds, "an Avro RPC frame");
        this.handler = handler;
    }

    @Override
    protected String stalled(ChannelHandlerContext ctx) {
        FrameDecoder frames = ctx.pipeline().get(FrameDecoder.class);
        if (!handshaken) {
            return "after connecting";
        }
        return frames != null && frames.pendingBytes() > 0 ? "in the middle of a frame" : null;
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
                response.status(handler.deliver(call.events(), AvroSourceProtocol.APPEND_BATCH.equals(call.message())));
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
}
