package org.millrace.source.stress.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.PollableSource;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.api.Status;

/**
 * Flume's StressSource: batches of events whose bodies are {@code size} bytes of 0x7F, until maxTotalEvents have been
 * attempted or maxSuccessfulEvents delivered, at most maxEventsPerSecond if set (paced evenly, as Guava's rate
 * limiter does for Flume).
 */
final class StressSource implements PollableSource {
    private final StressSourceConfig config;
    private final byte[] body;
    private SourceContext context;
    private long attempted;
    private long delivered;
    private long nextSendNanos;

    StressSource(StressSourceConfig config) {
        this.config = config;
        this.body = new byte[config.size()];
        Arrays.fill(body, Byte.MAX_VALUE);
    }

    @Override
    public long backoffSleepIncrement() {
        return config.backoffSleepIncrement();
    }

    @Override
    public long maxBackoffSleep() {
        return config.maxBackoffSleep();
    }

    @Override
    public void start(SourceContext sourceContext) {
        int max = sourceContext.channelProcessor().maxBatchSize();
        if (config.batchSize() > max) {
            throw new IllegalStateException("batchSize " + config.batchSize() + " exceeds the transactionCapacity "
                    + max + " of the source's channels");
        }
        this.context = sourceContext;
        nextSendNanos = System.nanoTime();
    }

    @Override
    public Status process() {
        if (config.maxTotalEvents() >= 0 && attempted >= config.maxTotalEvents()
                || config.maxSuccessfulEvents() >= 0 && delivered >= config.maxSuccessfulEvents()) {
            return Status.BACKOFF;
        }
        long left = Math.min(config.maxTotalEvents() >= 0 ? config.maxTotalEvents() - attempted : Long.MAX_VALUE,
                config.maxSuccessfulEvents() >= 0 ? config.maxSuccessfulEvents() - delivered : Long.MAX_VALUE);
        int n = (int) Math.min(config.batchSize(), left);
        if (!pace(n)) {
            return Status.BACKOFF;
        }
        List<Event> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(Event.of(body));
        }
        attempted += n;
        SourceCounter counter = context.counter();
        counter.add(SourceCounter.Name.EventReceivedCount, n);
        try {
            context.channelProcessor().processEventBatch(batch);
        } catch (ChannelException e) {
            counter.increment(SourceCounter.Name.ChannelWriteFail);
            return Status.BACKOFF;
        }
        delivered += n;
        counter.add(SourceCounter.Name.EventAcceptedCount, n);
        counter.increment(SourceCounter.Name.AppendBatchAcceptedCount);
        return Status.READY;
    }

    /** Waits until {@code n} more events keep within maxEventsPerSecond; false if interrupted. */
    private boolean pace(int n) {
        if (config.maxEventsPerSecond() <= 0) {
            return true;
        }
        long wait = nextSendNanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        nextSendNanos = Math.max(nextSendNanos, System.nanoTime() - TimeUnit.SECONDS.toNanos(1))
                + n * TimeUnit.SECONDS.toNanos(1) / config.maxEventsPerSecond();
        return true;
    }

    @Override
    public void stop() {
        // nothing held
    }
}
