package org.millrace.network;

import io.netty.channel.Channel;

/**
 * A client's end of one RPC connection (Flume's avro or thrift protocol): one call at a time, made by the
 * protocol's subclass. Not thread-safe: the sink's runner owns it.
 */
public abstract class RpcConnection {
    private final Channel channel;
    private final long openedAt = System.currentTimeMillis();

    /** The connection over an open channel whose pipeline the protocol prepared. */
    protected RpcConnection(Channel channel) {
        this.channel = channel;
    }

    /** The channel the calls go over. */
    protected final Channel channel() {
        return channel;
    }

    /** Whether the connection is still open. */
    public final boolean isOpen() {
        return channel.isActive();
    }

    /** Epoch ms when it was made. */
    public final long openedAt() {
        return openedAt;
    }

    /** Closes it. */
    public final void close() {
        channel.close();
    }
}
