package org.millrace.thrift.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.network.OneCallAtATime;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftStatus;

/** A client connection's calls: one appendBatch at a time, each answer matched by its sequence number. */
public final class ClientCalls extends OneCallAtATime<ByteBuf> {
    private final ThriftProtocol protocol;
    private int seqid;

    public ClientCalls(ThriftProtocol protocol) {
        super(ByteBuf.class);
        this.protocol = protocol;
    }

    @Override
    protected void discard(ByteBuf frame) {
        frame.release();
    }

    /** Makes a call and waits for its answer; see {@code ThriftRpcConnection#appendBatch}. */
    public ThriftStatus call(Channel channel, List<Event> events, long timeoutMillis) throws IOException {
        int sent = ++seqid;
        ByteBuf request = channel.alloc().buffer(64 + events.size() * 64);
        ThriftCodec.writeBatchCall(request, protocol, sent, events);
        ByteBuf frame = send(channel, request, timeoutMillis);
        try {
            return ThriftCodec.readReply(frame, protocol, sent);
        } catch (ThriftCodec.ProtocolException e) {
            throw new IOException("the next hop answered what is not Flume's thrift protocol: " + e.getMessage(), e);
        } finally {
            frame.release();
        }
    }
}
