package org.millrace.avro.rpc;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.timeout.IdleStateHandler;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.avro.rpc.internal.ClientCalls;
import org.millrace.avro.rpc.internal.FrameDecoder;
import org.millrace.avro.rpc.internal.FrameEncoder;
import org.millrace.avro.rpc.internal.ServerCalls;

/** Puts Flume's Avro RPC on a connection's pipeline. */
public final class AvroRpc {
    /** Responses are a handful of bytes; this only bounds a misbehaving server. */
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private AvroRpc() {
    }

    /**
     * The deflate level a connector's configuration asks for ({@link DeflateConfig}: {@code compression-type},
     * {@code compression-level}), or -1 for none.
     */
    public static int deflateLevel(ComponentConfig config) throws ConfigurationException {
        DeflateConfig c = config.as(DeflateConfig.class);
        return c.compression$_$type() == DeflateConfig.Compression.DEFLATE ? c.compression$_$level() : -1;
    }

    /**
     * Flume's {@code compression-type = deflate}: one zlib stream per direction, flushed at every message, at the
     * network end of the pipeline (under TLS); nothing for a level of -1. Both ends must agree.
     */
    public static void deflate(ChannelPipeline pipeline, int level) {
        if (level >= 0) {
            pipeline.addLast("inflater", new JdkZlibDecoder(ZlibWrapper.ZLIB));
            pipeline.addLast("deflater", new JdkZlibEncoder(ZlibWrapper.ZLIB, level));
        }
    }

    /**
     * Serves the protocol on a server connection: the handshake, then each call handed to {@code handler} and
     * answered with its status, in order. A frame larger than {@code maxFrameBytes} is refused from its length
     * prefix, before its bytes are buffered; a peer silent for {@code stallSeconds} before its first frame or in the
     * middle of one is refused.
     */
    public static void serve(ChannelPipeline pipeline, int maxFrameBytes, int stallSeconds, CallHandler handler) {
        pipeline.addLast("stall", new IdleStateHandler(stallSeconds, 0, 0));
        pipeline.addLast("frames", new FrameDecoder(maxFrameBytes));
        pipeline.addLast("frame-encoder", new FrameEncoder());
        pipeline.addLast("calls", new ServerCalls(handler, stallSeconds));
    }

    /** Prepares a client connection for {@link AvroRpcConnection}: framing and the matching of answers to calls. */
    public static void client(ChannelPipeline pipeline) {
        pipeline.addLast("frames", new FrameDecoder(MAX_RESPONSE_BYTES));
        pipeline.addLast("frame-encoder", new FrameEncoder());
        pipeline.addLast("responses", new ClientCalls());
    }
}
