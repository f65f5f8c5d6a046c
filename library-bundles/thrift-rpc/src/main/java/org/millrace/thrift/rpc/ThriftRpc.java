package org.millrace.thrift.rpc;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import org.millrace.thrift.rpc.internal.ClientCalls;
import org.millrace.thrift.rpc.internal.Frames;
import org.millrace.thrift.rpc.internal.ServerCalls;

/** Puts Flume's Thrift RPC on a connection's pipeline. */
public final class ThriftRpc {
    /** Thrift's default bound on a frame, as Flume's servers use it. */
    public static final int DEFAULT_MAX_FRAME = 16_384_000;
    /** Answers are a handful of bytes; this only bounds a misbehaving server. */
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private ThriftRpc() {
    }

    /**
     * Serves the protocol on a server connection: each call handed to {@code handler} and answered with its status,
     * in order. A frame over {@code maxFrameBytes} is refused from its length before its bytes are buffered; a peer
     * silent for {@code stallSeconds} in the middle of a frame is refused.
     */
    public static void serve(ChannelPipeline pipeline, ThriftProtocol protocol, int maxFrameBytes, int stallSeconds,
            ThriftCallHandler handler) {
        pipeline.addLast("stall", new IdleStateHandler(stallSeconds, 0, 0));
        pipeline.addLast("frames", new Frames(maxFrameBytes));
        pipeline.addLast("frame-length", new LengthFieldPrepender(4));
        pipeline.addLast("calls", new ServerCalls(protocol, handler, stallSeconds));
    }

    /** Prepares a client connection for {@link ThriftRpcConnection}. */
    public static void client(ChannelPipeline pipeline, ThriftProtocol protocol) {
        pipeline.addLast("frames", new Frames(MAX_ANSWER_BYTES));
        pipeline.addLast("frame-length", new LengthFieldPrepender(4));
        pipeline.addLast("answers", new ClientCalls(protocol));
    }
}
