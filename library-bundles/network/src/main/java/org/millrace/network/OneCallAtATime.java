package org.millrace.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handler at the end of an RPC client's pipeline: one request in flight at a time, its answer the next frame
 * that arrives; a frame nobody waits for any more (its call timed out) is discarded. The connection fails the
 * waiting call when it closes or breaks.
 *
 * @param <F> the decoded answer frame, which the caller of {@link #send} releases
 */
public abstract class OneCallAtATime<F> extends ChannelInboundHandlerAdapter {
    private final Class<F> frameType;
    private volatile CompletableFuture<F> pending;

    /** For answers of this type. */
    protected OneCallAtATime(Class<F> frameType) {
        this.frameType = frameType;
    }

    /** Releases a frame no one will read. */
    protected abstract void discard(F frame);

    /**
     * Writes the request and waits for the answer.
     *
     * @throws IOException if writing failed, the connection broke or no answer came in time
     */
    protected final F send(Channel channel, Object request, long timeoutMillis) throws IOException {
        CompletableFuture<F> answer = new CompletableFuture<>();
        pending = answer;
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                answer.completeExceptionally(f.cause());
            }
        });
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer", e);
        }
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        CompletableFuture<F> waiting = pending;
        pending = null;
        if (frameType.isInstance(msg)) {
            F frame = frameType.cast(msg);
            if (waiting == null || !waiting.complete(frame)) {
                discard(frame); // an answer nobody waits for any more
            }
        }
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        fail(new IOException("the next hop closed the connection"));
        ctx.fireChannelInactive();
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    private void fail(Throwable cause) {
        CompletableFuture<F> waiting = pending;
        pending = null;
        if (waiting != null) {
            waiting.completeExceptionally(cause);
        }
    }
}
