package org.millrace.avro.rpc.internal;

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
import org.millrace.avro.rpc.AvroSourceProtocol;

/** A client connection's calls: one at a time, each answer matched by its serial, the handshake with the first. */
public final class ClientCalls extends ChannelInboundHandlerAdapter {
    private volatile CompletableFuture<Frame> pending;
    private boolean handshaken;
    private int serial;

    /** Makes a call and waits for its answer; see {@code AvroRpcConnection#appendBatch}. */
    public AvroSourceProtocol.Status call(Channel channel, List<Event> events, long handshakeTimeoutMillis,
            long timeoutMillis) throws IOException {
        RpcCodec.Writer request = new RpcCodec.Writer();
        if (!handshaken) {
            // sending our protocol at once saves the round trip of a NONE answer
            request.handshakeRequest(AvroSourceProtocol.md5(), AvroSourceProtocol.JSON, AvroSourceProtocol.md5());
        }
        request.call(AvroSourceProtocol.APPEND_BATCH, events);
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        pending = answer;
        int sent = ++serial;
        channel.writeAndFlush(Frame.of(sent, request.toByteArray())).addListener(f -> {
            if (!f.isSuccess()) {
                answer.completeExceptionally(f.cause());
            }
        });
        long wait = handshaken ? timeoutMillis : handshakeTimeoutMillis;
        Frame frame;
        try {
            frame = answer.get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + wait + " ms");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer", e);
        }
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

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        CompletableFuture<Frame> waiting = pending;
        pending = null;
        if (msg instanceof Frame frame && (waiting == null || !waiting.complete(frame))) {
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
        CompletableFuture<Frame> waiting = pending;
        pending = null;
        if (waiting != null) {
            waiting.completeExceptionally(cause);
        }
    }
}
