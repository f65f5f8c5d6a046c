package org.millrace.avro.rpc;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.network.RpcConnection;
import org.millrace.avro.rpc.internal.ClientCalls;

/**
 * A client's end of one connection prepared by {@link AvroRpc#client}: one appendBatch call at a time, the
 * handshake sent with the first. Not thread-safe: the sink's runner owns it.
 */
public final class AvroRpcConnection extends RpcConnection {
    private final ClientCalls calls;

    /** The connection over an open channel whose pipeline {@link AvroRpc#client} prepared. */
    public AvroRpcConnection(Channel channel) {
        super(channel);
        this.calls = channel.pipeline().get(ClientCalls.class);
    }

    /**
     * Sends the events in one appendBatch call and waits for the answer.
     *
     * @param handshakeTimeoutMillis how long the first call (with the handshake) may take
     * @param timeoutMillis how long a later call may take
     * @throws IOException if the call failed or was not answered in time; the connection is then useless
     */
    public AvroSourceProtocol.Status appendBatch(List<Event> events, long handshakeTimeoutMillis, long timeoutMillis)
            throws IOException {
        return calls.call(channel(), events, handshakeTimeoutMillis, timeoutMillis);
    }
}
