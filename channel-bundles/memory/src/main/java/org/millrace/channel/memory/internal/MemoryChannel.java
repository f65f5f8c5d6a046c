package org.millrace.channel.memory.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.millrace.api.BasicTransaction;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ChannelLock;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;

import static org.millrace.api.ChannelCounter.Name.EventPutAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventPutSuccessCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeSuccessCount;

/**
 * Flume's memory channel. One lock guards a queue and two budgets: slots (events in the queue plus events
 * taken but not yet committed, bounded by {@code capacity}) and body bytes (in 100-byte slots, bounded by
 * {@code byteCapacity}). Transactions buffer their puts privately and take the lock once per commit, so a
 * batch costs one lock round trip, not one per event.
 */
final class MemoryChannel implements Channel {
    /** Flume counts body bytes in slots of this size. */
    static final int SLOT_BYTES = 100;

    /** The channel's limits; replaced as a whole by {@link #reconfigure(ComponentConfig)}. */
    record Settings(int capacity, int transactionCapacity, int keepAliveSeconds, long byteSlots) {
    }

    private final ChannelLock lock = new ChannelLock();
    private final Condition roomFreed = lock.newCondition();
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private volatile Settings settings;
    /** Events in the queue plus events taken and not yet committed. Guarded by lock. */
    private long used;
    /** Body slots of those events. Guarded by lock. */
    private long usedSlots;
    private ChannelCounter counter = new ChannelCounter();

    MemoryChannel(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void start(ChannelContext context) {
        counter = context.counter();
        counter.setChannelCapacity(settings.capacity());
    }

    @Override
    public Transaction newTransaction() {
        return new MemoryTransaction(settings);
    }

    @Override
    public long size() {
        return lock.read(() -> used);
    }

    @Override
    public int transactionCapacity() {
        return settings.transactionCapacity();
    }

    @Override
    public boolean awaitEvents(long timeoutMillis) throws InterruptedException {
        return lock.awaitEvents(queue::isEmpty, timeoutMillis);
    }

    /** Every setting can change in place: shrinking below the current fill loses nothing, puts just wait. */
    @Override
    public boolean canReconfigure(ComponentConfig config) {
        return true;
    }

    /** Takes the new settings at once; waiting puts see the new capacity. */
    @Override
    public boolean reconfigure(ComponentConfig config) throws ConfigurationException {
        Settings next = MemoryChannelFactory.settings(config);
        lock.lock();
        try {
            settings = next;
            counter.setChannelCapacity(next.capacity());
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
        return true;
    }

    @Override
    public void stop() {
        // nothing to release; events still queued are the platform's to move or keep
    }

    private static long slotsOf(Event event) {
        int length = event.body().length;
        return length == 0 ? 1 : (length + SLOT_BYTES - 1) / SLOT_BYTES;
    }

    /** A memory channel transaction; settings are fixed for its lifetime. */
    private final class MemoryTransaction extends BasicTransaction {
        private final Settings limits;
        private final ArrayList<Event> puts = new ArrayList<>();
        private final ArrayList<Event> takes = new ArrayList<>();
        private long putSlots;
        private long takeSlots;

        MemoryTransaction(Settings limits) {
            this.limits = limits;
        }

        @Override
        protected void doPut(Event event) {
            counter.increment(EventPutAttemptCount);
            if (puts.size() >= limits.transactionCapacity()) {
                throw putListFull();
            }
            puts.add(event);
            putSlots += slotsOf(event);
        }

        @Override
        protected void doPutAll(List<Event> events) {
            counter.add(EventPutAttemptCount, events.size());
            if (puts.size() + events.size() > limits.transactionCapacity()) {
                throw putListFull();
            }
            puts.ensureCapacity(puts.size() + events.size());
            for (Event e : events) {
                puts.add(e);
                putSlots += slotsOf(e);
            }
        }

        private ChannelException putListFull() {
            return new ChannelException("Put queue for MemoryTransaction of capacity " + limits.transactionCapacity()
                    + " full, consider committing more frequently, increasing capacity or increasing thread count");
        }

        @Override
        protected int doTake(int max, List<Event> into) {
            int room = limits.transactionCapacity() - takes.size();
            if (room <= 0 && max > 0) {
                throw new ChannelException("Take list for MemoryTransaction, capacity " + limits.transactionCapacity()
                        + " full, consider committing more frequently, increasing capacity, or increasing thread count");
            }
            int wanted = Math.min(max, room);
            int first = takes.size();
            lock.lock();
            try {
                takes.ensureCapacity(first + Math.min(wanted, queue.size()));
                Event e;
                while (takes.size() - first < wanted && (e = queue.poll()) != null) {
                    takes.add(e);
                }
            } finally {
                lock.unlock();
            }
            // outside the lock: sizing events touches their bodies, cache misses the putters need not wait for
            int taken = takes.size() - first;
            for (int i = first; i < takes.size(); i++) {
                Event e = takes.get(i);
                into.add(e);
                takeSlots += slotsOf(e);
            }
            counter.add(EventTakeAttemptCount, taken < wanted ? taken + 1 : taken);
            return taken;
        }

        @Override
        protected void doCommit() {
            int delta = puts.size() - takes.size();
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChannelException("interrupted while committing", e);
            }
            try {
                awaitRoom(delta, putSlots - takeSlots);
                queue.addAll(puts);
                used += delta;
                usedSlots += putSlots - takeSlots;
                if (!puts.isEmpty()) {
                    lock.signalEvents();
                }
                if (!takes.isEmpty()) {
                    roomFreed.signalAll();
                }
                counter.setChannelSize(used);
            } finally {
                lock.unlock();
            }
            counter.add(EventPutSuccessCount, puts.size());
            counter.add(EventTakeSuccessCount, takes.size());
            puts.clear();
            takes.clear();
        }

        /**
         * Waits up to keep-alive until the channel has room for what this commit adds; holds the lock. A commit
         * that adds nothing never waits, even if a smaller capacity has left the channel over-full.
         */
        private void awaitRoom(int delta, long slotDelta) {
            long nanos = TimeUnit.SECONDS.toNanos(limits.keepAliveSeconds());
            Settings current = settings;
            while (lacksRoom(current, delta, slotDelta)) {
                if (nanos <= 0) {
                    if (delta > 0 && used + delta > current.capacity()) {
                        throw new ChannelFullException("Space for commit to queue couldn't be acquired. Sinks are"
                                + " likely not keeping up with sources, or the buffer size is too tight");
                    }
                    throw new ChannelException("Cannot commit transaction. Byte capacity allocated to store event"
                            + " body " + current.byteSlots() * SLOT_BYTES + " reached. Please increase heap space/byte"
                            + " capacity allocated to the channel as the sinks may not be keeping up with the sources");
                }
                try {
                    nanos = roomFreed.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelException("interrupted while waiting for room in the channel", e);
                }
                current = settings;
            }
        }

        private boolean lacksRoom(Settings current, int delta, long slotDelta) {
            return (delta > 0 && used + delta > current.capacity())
                    || (slotDelta > 0 && usedSlots + slotDelta > current.byteSlots());
        }

        @Override
        protected void doRollback() {
            if (!takes.isEmpty()) {
                lock.lock();
                try {
                    for (int i = takes.size() - 1; i >= 0; i--) {
                        queue.addFirst(takes.get(i));
                    }
                    lock.signalEvents();
                } finally {
                    lock.unlock();
                }
            }
            puts.clear();
            takes.clear();
            putSlots = 0;
            takeSlots = 0;
        }
    }
}
