package org.millrace.thrift.rpc;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.network.RpcConnection;
import org.millrace.thrift.rpc.internal.ClientCalls;

/**
 * A client's end of one connection prepared by {@link ThriftRpc#client}: one appendBatch call at a time. Not
 * thread-safe: the sink's runner owns it.
 */
public final class ThriftRpcConnection extends RpcConnection {
    private final ClientCalls calls;

    /** The connection over an open channel whose pipeline {@link ThriftRpc#client} prepared. */
    public ThriftRpcConnection(Channel channel) {
        super(channel);
        this.calls = channel.pipeline().get(ClientCalls.class);
    }

    /**
     * Sends the events in one appendBatch call and waits for the answer.
     *
     * @throws IOException if the call failed or was not answered in time; the connection is then useless
     */
    public ThriftStatus appendBatch(List<Event> events, long timeoutMillis) throws IOException {
        return calls.call(channel(), events, timeoutMillis);
    }
}
