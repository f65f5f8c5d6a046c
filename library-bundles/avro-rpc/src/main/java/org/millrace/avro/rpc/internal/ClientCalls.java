package org.millrace.avro.rpc.internal;

import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import org.millrace.api.Event;
import org.millrace.avro.rpc.AvroSourceProtocol;
import org.millrace.network.OneCallAtATime;

/** A client connection's calls: one at a time, each answer matched by its serial, the handshake with the first. */
public final class ClientCalls extends OneCallAtATime<Frame> {
    private boolean handshaken;
    private int serial;

    public ClientCalls() {
        super(Frame.class);
    }

    @Override
    protected void discard(Frame frame) {
        frame.release();
    }

    /** Makes a call and waits for its answer; see {@code AvroRpcConnection#appendBatch}. */
    public AvroSourceProtocol.Status call(Channel channel, List<Event> events, long handshakeTimeoutMillis,
            long timeoutMillis) throws IOException {
        RpcCodec.Writer request = new RpcCodec.Writer();
        if (!handshaken) {
            // sending our protocol at once saves the round trip of a NONE answer
            request.handshakeRequest(AvroSourceProtocol.md5(), AvroSourceProtocol.JSON, AvroSourceProtocol.md5());
        }
        request.call(AvroSourceProtocol.APPEND_BATCH, events);
        int sent = ++serial;
        Frame frame = send(channel, Frame.of(sent, request.toByteArray()),
                handshaken ? timeoutMillis : handshakeTimeoutMillis);
        try {
            if (frame.serial() != sent) {
                throw new IOException("answer to call " + frame.serial() + " while waiting for " + sent);
            }
            AvroBinary.Reader in = frame.reader();
            if (!handshaken) {
                if (RpcCodec.readHandshakeResponse(in).match() == RpcCodec.Match.NONE) {
                    throw new IOException("the next hop does not speak Flume's AvroSourceProtocol");
                }
                handshaken = true;
            }
            return RpcCodec.readStatus(in);
        } catch (RpcCodec.RpcException e) {
            throw new IOException("the next hop answered with an error: " + e.getMessage(), e);
        } finally {
            frame.release();
        }
    }
}
