package org.millrace.network;

import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a connection (or a UDP socket) received and has not yet committed, delivered in batches when a read
 * completes. A full channel pauses reading (TCP back-pressure: the sender's writes wait; UDP: datagrams wait in the
 * socket's buffer) and the batch is tried again, up to once a second, until it is taken. Each try makes new events
 * from what was received, as interceptors change the events of a refused batch. Lives on the connection's event
 * loop: not thread-safe.
 *
 * @param <T> what is kept of a received message until it is committed (its bytes, say)
 */
public final class BatchedDelivery<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchedDelivery.class);
    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long MAX_RETRY_MILLIS = 1000;

    /** What the connector does with the outcome of a batch, e.g. acknowledge it to the sender. */
    public interface Outcome {
        /** {@code n} events were committed. */
        default void committed(ChannelHandlerContext ctx, int n) {
        }

        /** {@code n} events were refused for good (not a full channel): they are dropped. */
        default void refused(ChannelHandlerContext ctx, int n, ChannelException e) {
        }

        /** Everything received so far is committed or refused (e.g. to flush replies). */
        default void drained(ChannelHandlerContext ctx) {
        }
    }

    private final SourceContext context;
    private final int batchSize;
    private final Function<T, Event> toEvent;
    private final Outcome outcome;
    private final List<T> pending = new ArrayList<>();
    private boolean waitingForRoom;
    private long retryMillis = FIRST_RETRY_MILLIS;

    /**
     * @param batchSize the most events per transaction (0: as many as the channels take)
     * @param toEvent makes an event of what was received, for each try
     */
    public BatchedDelivery(SourceContext context, int batchSize, Function<T, Event> toEvent, Outcome outcome) {
        this.context = context;
        this.batchSize = batchSize;
        this.toEvent = toEvent;
        this.outcome = outcome;
    }

    /** Keeps a received message for the next delivery; counts it received. */
    public void add(T message) {
        pending.add(message);
        context.counter().increment(SourceCounter.Name.EventReceivedCount);
    }

    /** Whether nothing waits to be committed. */
    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Commits what is pending, a batch per transaction; on a full channel pauses reading and tries again later. */
    public void deliver(ChannelHandlerContext ctx) {
        if (waitingForRoom) {
            return;
        }
        int max = batchSize > 0 ? Math.min(batchSize, context.channelProcessor().maxBatchSize())
                : context.channelProcessor().maxBatchSize();
        while (!pending.isEmpty()) {
            List<T> chunk = pending.subList(0, Math.min(pending.size(), max));
            List<Event> events = new ArrayList<>(chunk.size());
            for (T message : chunk) {
                events.add(toEvent.apply(message));
            }
            try {
                context.channelProcessor().processEventBatch(events);
                context.counter().add(SourceCounter.Name.EventAcceptedCount, chunk.size());
                context.counter().increment(SourceCounter.Name.AppendBatchAcceptedCount);
                outcome.committed(ctx, chunk.size());
                retryMillis = FIRST_RETRY_MILLIS;
            } catch (ChannelFullException e) {
                context.counter().increment(SourceCounter.Name.ChannelWriteFail);
                waitForRoom(ctx, e);
                return;
            } catch (ChannelException e) {
                context.counter().increment(SourceCounter.Name.ChannelWriteFail);
                LOG.warn("[{}] {} events refused: {}", context.label(), chunk.size(), e.getMessage());
                outcome.refused(ctx, chunk.size(), e);
            }
            chunk.clear();
        }
        outcome.drained(ctx);
    }

    private void waitForRoom(ChannelHandlerContext ctx, ChannelFullException e) {
        if (retryMillis == FIRST_RETRY_MILLIS) {
            LOG.warn("[{}] channel full, holding {} events and pausing {} until there is room: {}", context.label(),
                    pending.size(), ctx.channel().remoteAddress() == null ? ctx.channel().localAddress()
                    : ctx.channel().remoteAddress(), e.getMessage());
        }
        waitingForRoom = true;
        ReadHolds.hold(ctx.channel(), ReadHolds.CHANNEL_FULL);
        ctx.executor().schedule(() -> {
            waitingForRoom = false;
            ReadHolds.release(ctx.channel(), ReadHolds.CHANNEL_FULL);
            deliver(ctx);
        }, retryMillis, TimeUnit.MILLISECONDS);
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
    }
}
