package org.millrace.thrift.rpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.millrace.api.Event;
import org.millrace.thrift.rpc.ThriftProtocol;
import org.millrace.thrift.rpc.ThriftStatus;

/** A client connection's calls: one appendBatch at a time, each answer matched by its sequence number. */
public final class ClientCalls extends ChannelInboundHandlerAdapter {
    private final ThriftProtocol protocol;
    private volatile CompletableFuture<ByteBuf> pending;
    private int seqid;

    public ClientCalls(ThriftProtocol protocol) {
        this.protocol = protocol;
    }

    /** Makes a call and waits for its answer; see {@code ThriftRpcConnection#appendBatch}. */
    public ThriftStatus call(Channel channel, List<Event> events, long timeoutMillis) throws IOException {
        int sent = ++seqid;
        ByteBuf request = channel.alloc().buffer(64 + events.size() * 64);
        ThriftCodec.writeBatchCall(request, protocol, sent, events);
        CompletableFuture<ByteBuf> answer = new CompletableFuture<>();
        pending = answer;
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                answer.completeExceptionally(f.cause());
            }
        });
        ByteBuf frame;
        try {
            frame = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer", e);
        }
        try {
            return ThriftCodec.readReply(frame, protocol, sent);
        } catch (ThriftCodec.ProtocolException e) {
            throw new IOException("the next hop answered what is not Flume's thrift protocol: " + e.getMessage(), e);
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        CompletableFuture<ByteBuf> waiting = pending;
        pending = null;
        if (msg instanceof ByteBuf frame && (waiting == null || !waiting.complete(frame))) {
            frame.release(); // an answer nobody waits for any more
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new IOException("the next hop closed the connection"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    private void fail(Throwable cause) {
        CompletableFuture<ByteBuf> waiting = pending;
        pending = null;
        if (waiting != null) {
            waiting.completeExceptionally(cause);
        }
    }
}
