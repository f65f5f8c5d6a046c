package org.millrace.platform.internal.runtime;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ChannelProcessor;
import org.millrace.api.Event;

/**
 * A source's channel processor. Delivers through the current {@link Route}; while the flow is rewired the
 * route is withdrawn and deliveries wait for the new one (back-pressure) for up to {@link #ROUTE_WAIT_MILLIS},
 * then fail with a {@link ChannelFullException} so the sender backs off and retries. Withdrawing a route waits for deliveries in
 * progress on it, so a channel about to be replaced receives nothing more.
 */
final class FlowChannelProcessor implements ChannelProcessor {
    /** How long a delivery waits for a withdrawn route to come back before it fails. */
    static final long ROUTE_WAIT_MILLIS = 10_000;

    private final String label;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object routeChange = new Object();
    private volatile Route route;
    private volatile String pauseReason = "not started";
    private volatile int maxBatchSize = Integer.MAX_VALUE;

    FlowChannelProcessor(String label) {
        this.label = label;
    }

    @Override
    public void processEvent(Event event) {
        Route r = acquire();
        try {
            r.deliver(event);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void processEventBatch(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Route r = acquire();
        try {
            r.deliver(events);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** The route in use, or {@code null} while withdrawn. */
    Route route() {
        return route;
    }

    /** Why deliveries are held, while they are. */
    String pauseReason() {
        return route == null ? pauseReason : null;
    }

    /** Withdraws the route once deliveries in progress on it are done; returns it (or null). */
    Route withdraw(String reason) {
        lock.writeLock().lock();
        try {
            Route old = route;
            route = null;
            pauseReason = reason;
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Installs a route and releases waiting deliveries onto it; returns the route it replaced (or null). */
    Route install(Route next) {
        Route old;
        lock.writeLock().lock();
        try {
            old = route;
            route = next;
            maxBatchSize = next.maxBatchSize();
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (routeChange) {
            routeChange.notifyAll();
        }
        return old;
    }

    /** Takes the read lock with a route present; the caller unlocks. */
    private Route acquire() {
        long deadline = 0;
        while (true) {
            lock.readLock().lock();
            Route r = route;
            if (r != null) {
                return r;
            }
            lock.readLock().unlock();
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + TimeUnit.MILLISECONDS.toNanos(ROUTE_WAIT_MILLIS);
            }
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - now);
            if (leftMillis <= 0) {
                throw new ChannelFullException("[" + label + "] not accepting events: " + pauseReason);
            }
            synchronized (routeChange) {
                if (route == null) {
                    try {
                        routeChange.wait(leftMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ChannelException("[" + label + "] interrupted while the flow is rewired");
                    }
                }
            }
        }
    }
}
