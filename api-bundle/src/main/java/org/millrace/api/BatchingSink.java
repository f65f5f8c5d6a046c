package org.millrace.api;

import java.util.ArrayList;
import java.util.List;

import static org.millrace.api.SinkCounter.Name.BatchCompleteCount;
import static org.millrace.api.SinkCounter.Name.BatchEmptyCount;
import static org.millrace.api.SinkCounter.Name.BatchUnderflowCount;
import static org.millrace.api.SinkCounter.Name.EventDrainAttemptCount;
import static org.millrace.api.SinkCounter.Name.EventDrainSuccessCount;

/**
 * The usual shape of a sink: take up to a batch in one transaction, deliver it, commit only after delivery
 * succeeded; roll back and throw on failure, so the events stay in the channel for the next attempt. Keeps
 * Flume's batch and drain counters. Subclasses implement {@link #deliver(List)}.
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class BatchingSink implements Sink {
    private final int batchSize;
    private SinkContext context;

    /** @param batchSize events taken per transaction at most */
    protected BatchingSink(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public void start(SinkContext sinkContext) throws Exception {
        this.context = sinkContext;
    }

    /** The context given at start. */
    protected final SinkContext context() {
        return context;
    }

    /**
     * Delivers a non-empty batch; returns normally only when the destination has it.
     *
     * @throws Exception if it could not; the batch is rolled back into the channel
     */
    protected abstract void deliver(List<Event> batch) throws Exception;

    @Override
    public Status process() throws EventDeliveryException {
        Channel channel = context.channel();
        SinkCounter counter = context.counter();
        List<Event> batch = new ArrayList<>(Math.min(batchSize, 1024));
        Transaction tx = channel.newTransaction();
        try {
            tx.begin();
            int taken = tx.take(batchSize, batch);
            if (taken == 0) {
                tx.commit();
                counter.increment(BatchEmptyCount);
                return Status.BACKOFF;
            }
            counter.increment(taken < batchSize ? BatchUnderflowCount : BatchCompleteCount);
            counter.add(EventDrainAttemptCount, taken);
            deliver(batch);
            tx.commit();
            counter.add(EventDrainSuccessCount, taken);
            return Status.READY;
        } catch (Exception e) {
            tx.rollback();
            throw new EventDeliveryException("[" + context.label() + "] failed to deliver " + batch.size()
                    + " events: " + e.getMessage(), e);
        } finally {
            tx.close();
        }
    }

    @Override
    public void stop() {
    }
}
