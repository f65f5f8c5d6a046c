package org.millrace.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * For channel authors: the one lock that guards a channel's queue and counts, with what {@link Channel#size()} and
 * {@link Channel#awaitEvents(long)} need from it, so every channel answers them the same way.
 */
public final class ChannelLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    private final transient Condition eventsArrived = newCondition();

    /** A value read under the lock, e.g. the channel's size. */
    public long read(LongSupplier value) {
        lock();
        try {
            return value.getAsLong();
        } finally {
            unlock();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} while {@code empty} holds, for {@link Channel#awaitEvents(long)}; returns
     * whether there are events to take then.
     */
    public boolean awaitEvents(BooleanSupplier empty, long timeoutMillis) throws InterruptedException {
        lock();
        try {
            if (empty.getAsBoolean()) {
                eventsArrived.await(timeoutMillis, TimeUnit.MILLISECONDS);
            }
            return !empty.getAsBoolean();
        } finally {
            unlock();
        }
    }

    /** Wakes the callers of {@link #awaitEvents}; the caller holds the lock and has just made events takeable. */
    public void signalEvents() {
        eventsArrived.signalAll();
    }
}
