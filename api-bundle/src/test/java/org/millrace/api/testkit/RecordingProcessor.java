package org.millrace.api.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;

/** A channel processor that records what a source delivers, and can be told to refuse the next deliveries. */
public final class RecordingProcessor implements ChannelProcessor {
    /** Put on the events of a refused batch, as an interceptor changes events before the channel refuses them. */
    public static final String REFUSED_HEADER = "millrace.test.refused";

    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private int batches;

    /** Refuses the next {@code n} calls with a {@link ChannelFullException}. */
    public void refuseNext(int n) {
        refusals.set(n);
    }

    @Override
    public void processEvent(Event event) {
        processEventBatch(List.of(event));
    }

    @Override
    public synchronized void processEventBatch(List<Event> batch) {
        if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // as an interceptor would have changed them before the channel refused: a source must not deliver
            // these same objects again
            batch.forEach(e -> e.headers().put(REFUSED_HEADER, "true"));
            throw new ChannelFullException("refused by the test");
        }
        events.addAll(batch);
        batches++;
        notifyAll();
    }

    @Override
    public int maxBatchSize() {
        return 100;
    }

    /** Everything delivered so far. */
    public synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    /** Calls that delivered. */
    public synchronized int batches() {
        return batches;
    }

    /** Waits until {@code n} events have arrived; fails the test after {@code seconds}. */
    public synchronized List<Event> await(int n, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (events.size() < n) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new ChannelException("only " + events.size() + " of " + n + " events arrived within " + seconds
                        + " s");
            }
            wait(left);
        }
        return new ArrayList<>(events);
    }
}
