package org.millrace.source.seq.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.PollableSource;
import org.millrace.api.SourceContext;
import org.millrace.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;

/**
 * Flume's seq source: bodies "0", "1", "2"... up to totalEvents. A batch the channels refuse is generated
 * again with the same numbers, so the sequence has no gaps.
 */
final class SeqSource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(SeqSource.class);

    private final int batchSize;
    private final long totalEvents;
    private final long backoffSleepIncrement;
    private final long maxBackoffSleep;
    private SourceContext context;
    private long next;

    SeqSource(int batchSize, long totalEvents, long backoffSleepIncrement, long maxBackoffSleep) {
        this.batchSize = batchSize;
        this.totalEvents = totalEvents;
        this.backoffSleepIncrement = backoffSleepIncrement;
        this.maxBackoffSleep = maxBackoffSleep;
    }

    @Override
    public long backoffSleepIncrement() {
        return backoffSleepIncrement;
    }

    @Override
    public long maxBackoffSleep() {
        return maxBackoffSleep;
    }

    @Override
    public void start(SourceContext sourceContext) {
        int max = sourceContext.channelProcessor().maxBatchSize();
        if (batchSize > max) {
            throw new IllegalStateException("batchSize " + batchSize + " exceeds the transactionCapacity " + max
                    + " of the source's channels");
        }
        this.context = sourceContext;
    }

    @Override
    public Status process() {
        long left = totalEvents - next;
        if (left <= 0) {
            return Status.BACKOFF;
        }
        int n = (int) Math.min(batchSize, left);
        List<Event> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(Event.of(Long.toString(next + i).getBytes(StandardCharsets.UTF_8)));
        }
        context.counter().add(EventReceivedCount, n);
        try {
            context.channelProcessor().processEventBatch(batch);
        } catch (ChannelException e) {
            context.counter().increment(ChannelWriteFail);
            LOG.warn("[{}] channel refused events {}..{}, retrying: {}", context.label(), next, next + n - 1,
                    e.getMessage());
            return Status.BACKOFF;
        }
        next += n;
        context.counter().increment(AppendBatchAcceptedCount);
        context.counter().add(EventAcceptedCount, n);
        return Status.READY;
    }

    @Override
    public void stop() {
        LOG.info("[{}] stopped after {} events", context == null ? "seq" : context.label(), next);
    }
}
