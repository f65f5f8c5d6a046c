package org.millrace.channel.spillablememory.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.ChannelCounter;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.ChannelLock;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.Resource;
import org.millrace.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's spillable memory channel. A commit's puts go to a bounded memory queue while it has room; when it is full
 * the commit waits up to overflowTimeout for room, then spills them to the overflow, a file channel. From then on
 * puts spill at once until enough memory is free again. A {@link DrainOrder} records which of the two holds the next
 * events, so takes come out in put order across both.
 *
 * <p>One lock guards the memory queue, the drain order and the counts, and is never held across the overflow's I/O:
 * a take reserves overflow events in the drain order under it and takes them from the overflow after. Overflow put
 * commits are serialized by a second lock, held until they are recorded, so the overflow holds its events in the
 * order the drain order says.
 */
final class SpillableMemoryChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(SpillableMemoryChannel.class);

    /**
     * The channel's limits; replaced as a whole by {@link #reconfigure(ComponentConfig)}.
     *
     * @param byteSlots body bytes allowed in memory, in units of {@code avgEventSize}
     * @param resumeShare the share of memory that must be free again before puts stop spilling
     */
    record Settings(int memoryCapacity, int overflowCapacity, int overflowTimeoutSeconds, double resumeShare,
            long byteSlots, int avgEventSize, int transactionCapacity) {

        /** Events memory and overflow hold together. */
        long capacity() {
            return (long) memoryCapacity + overflowCapacity;
        }
    }

    /** The overflow's own context: its counters are not the channel's, or every event would count twice. */
    private record OverflowContext(String agentName, String componentName, ChannelCounter counter)
            implements ChannelContext {
    }

    private final ChannelLock lock = new ChannelLock();
    private final Condition memoryFreed = lock.newCondition();
    private final ReentrantLock overflowPuts = new ReentrantLock();
    private final ArrayDeque<Event> memory = new ArrayDeque<>();
    private final DrainOrder drainOrder = new DrainOrder();
    /** Null when overflowCapacity is 0. */
    private final Channel overflow;
    private ComponentConfig overflowConfig;
    private volatile Settings settings;
    private volatile String label;
    /** Memory slots taken by queued events, events taken and not committed, and commits' reservations. */
    private long memoryUsed;
    /** Byte slots of the same events. */
    private long byteSlotsUsed;
    /** Events committed by puts and not yet by takes. */
    private long stored;
    /** Whether puts spill without waiting, because memory filled up and has not freed enough yet. */
    private boolean spilling;
    private volatile ChannelCounter counter = new ChannelCounter();

    SpillableMemoryChannel(String label, Settings settings, Channel overflow, ComponentConfig overflowConfig) {
        this.label = label;
        this.settings = settings;
        this.overflow = overflow;
        this.overflowConfig = overflowConfig;
    }

    /** Starts the overflow and counts the events it kept from an earlier run, as the oldest. */
    @Override
    public void start(ChannelContext context) throws Exception {
        label = context.label();
        counter = context.counter();
        if (overflow != null) {
            overflow.start(new OverflowContext(context.agentName(), context.componentName(), new ChannelCounter()));
            countKeptOverflowEvents();
        }
        counter.setChannelCapacity(settings.capacity());
        counter.setChannelSize(size());
    }

    private void countKeptOverflowEvents() {
        lock.lock();
        try {
            if (!drainOrder.isEmpty()) {
                return; // a restart of this instance: the drain order already counts them
            }
            long kept = overflow.size();
            if (kept > 0) {
                drainOrder.append(false, kept);
                stored += kept;
                lock.signalEvents();
                LOG.info("[{}] {} events found in the overflow are delivered first", label, kept);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Transaction newTransaction() {
        return new SpillableTransaction(this, settings.transactionCapacity());
    }

    @Override
    public long size() {
        return lock.read(() -> stored);
    }

    @Override
    public int transactionCapacity() {
        return settings.transactionCapacity();
    }

    @Override
    public boolean awaitEvents(long timeoutMillis) throws InterruptedException {
        return lock.awaitEvents(drainOrder::isEmpty, timeoutMillis);
    }

    /**
     * Durable while the overflow has room for what memory holds: {@link #stop()} then saves the memory events in
     * the overflow, so a clean stop, or a replacement on the same directories, loses nothing (Flume loses them).
     * A crash still loses the events in memory, as in Flume.
     */
    @Override
    public boolean isDurable() {
        if (overflow == null) {
            return false;
        }
        lock.lock();
        try {
            return memory.size() <= settings.overflowCapacity() - overflow.size();
        } finally {
            lock.unlock();
        }
    }

    /** The overflow's directories, if it has one. */
    @Override
    public List<Resource> resources() {
        return overflow == null ? List.of() : overflow.resources();
    }

    /**
     * Memory settings change in place; overflow settings change in place if the overflow takes them. A new
     * avgEventSize, or an overflow appearing or going, needs a new channel.
     */
    @Override
    public boolean canReconfigure(ComponentConfig config) {
        try {
            Settings next = SpillableMemoryChannelFactory.settings(config);
            if (next.avgEventSize() != settings.avgEventSize() || (next.overflowCapacity() == 0) != (overflow == null)) {
                return false;
            }
            ComponentConfig nextOverflow = overflow == null ? null : OverflowConfig.of(config, next.overflowCapacity());
            return overflow == null || nextOverflow.properties().equals(overflowConfig.properties())
                    || overflow.canReconfigure(nextOverflow);
        } catch (ConfigurationException e) {
            return false;
        }
    }

    @Override
    public boolean reconfigure(ComponentConfig config) throws ConfigurationException {
        Settings next = SpillableMemoryChannelFactory.settings(config);
        Settings current = settings;
        if (next.avgEventSize() != current.avgEventSize() || (next.overflowCapacity() == 0) != (overflow == null)) {
            return false; // byte slots are counted in avgEventSize units; the overflow is started with the channel
        }
        if (overflow != null) {
            ComponentConfig nextOverflow = OverflowConfig.of(config, next.overflowCapacity());
            if (!nextOverflow.properties().equals(overflowConfig.properties())) {
                try {
                    if (!overflow.reconfigure(nextOverflow)) {
                        return false;
                    }
                } catch (ConfigurationException e) {
                    throw OverflowConfig.inSpillableTerms(e, config);
                }
                overflowConfig = nextOverflow;
            }
        }
        lock.lock();
        try {
            settings = next;
            counter.setChannelCapacity(next.capacity());
            stopSpillingIfRoom();
            memoryFreed.signalAll();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * Saves the events in memory to the overflow, behind those already there, then stops it. Without an overflow,
     * events still in memory are the platform's to move.
     */
    @Override
    public void stop() {
        if (overflow != null) {
            saveMemoryToOverflow();
            overflow.stop();
        }
    }

    private void saveMemoryToOverflow() {
        List<Event> held;
        lock.lock();
        try {
            held = new ArrayList<>(memory);
        } finally {
            lock.unlock();
        }
        int saved = 0;
        try {
            int batch = overflow.transactionCapacity();
            for (int from = 0; from < held.size(); from += batch) {
                List<Event> chunk = held.subList(from, Math.min(held.size(), from + batch));
                try (Transaction tx = overflow.newTransaction()) {
                    tx.begin();
                    tx.putAll(chunk);
                    tx.commit();
                }
                saved += chunk.size();
            }
        } catch (RuntimeException e) {
            LOG.error("[{}] {} of the {} events held in memory could not be saved to the overflow and are lost: {}",
                    label, held.size() - saved, held.size(), e.toString());
        }
        if (saved > 0) {
            LOG.info("[{}] {} events held in memory saved to the overflow for the next start", label, saved);
        }
        lock.lock();
        try {
            // what the overflow holds now is counted again at the next start
            memory.clear();
            drainOrder.clear();
            stored = 0;
            memoryUsed = 0;
            byteSlotsUsed = 0;
            spilling = false;
        } finally {
            lock.unlock();
        }
    }

    // ---- for transactions

    ChannelCounter counter() {
        return counter;
    }

    /** Flume's memory accounting: a body counts in units of avgEventSize, at least one. */
    long byteSlotsOf(Event event) {
        long avg = settings.avgEventSize();
        return (Math.max(1, event.body().length) + avg - 1) / avg;
    }

    /** A new transaction on the overflow, open. */
    Transaction beginOverflowTransaction() {
        Transaction tx = overflow.newTransaction();
        tx.begin();
        return tx;
    }

    /**
     * Removes up to {@code max} events from the front of the drain order for a take, all from memory (added to
     * {@code fromMemory}) or all from the overflow (for the caller to take from it); {@code null} if none is left.
     */
    DrainOrder.Run reserveTakes(int max, List<Event> fromMemory) {
        lock.lock();
        try {
            DrainOrder.Run run = drainOrder.removeFront(max);
            if (run != null && run.inMemory()) {
                for (long i = 0; i < run.count(); i++) {
                    fromMemory.add(memory.poll());
                }
            }
            return run;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The overflow gave fewer events than the drain order counted in it. Counting the missing ones still would
     * stall every take behind them, so they are forgotten.
     */
    void overflowLost(long missing) {
        LOG.error("[{}] the overflow returned {} events fewer than it should hold; they are no longer counted", label,
                missing);
        lock.lock();
        try {
            stored -= missing;
            counter.setChannelSize(stored);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves memory for a commit's puts, counting the memory its own takes free. Waits up to overflowTimeout for
     * room unless puts are spilling already.
     *
     * @return whether the puts go to memory; {@code false} means they must spill to the overflow
     * @throws ChannelFullException if memory has no room and there is no overflow
     */
    boolean reserveMemory(int puts, long putSlots, int memoryTakes, long memoryTakeSlots) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while committing", e);
        }
        try {
            Settings s = settings;
            if (s.memoryCapacity() == 0) {
                return false;
            }
            long nanos = spilling ? 0 : TimeUnit.SECONDS.toNanos(s.overflowTimeoutSeconds());
            while (lacksRoom(s, puts - memoryTakes, putSlots - memoryTakeSlots)) {
                // a batch larger than memory itself would wait in vain
                if (nanos <= 0 || puts > s.memoryCapacity() || putSlots > s.byteSlots()) {
                    return noRoom(s, puts - memoryTakes, nanos <= 0);
                }
                nanos = memoryFreed.awaitNanos(nanos);
                s = settings;
            }
            memoryUsed += puts;
            byteSlotsUsed += putSlots;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while waiting for room in memory", e);
        } finally {
            lock.unlock();
        }
    }

    private boolean lacksRoom(Settings s, long delta, long slotDelta) {
        return (delta > 0 && memoryUsed + delta > s.memoryCapacity())
                || (slotDelta > 0 && byteSlotsUsed + slotDelta > s.byteSlots());
    }

    private boolean noRoom(Settings s, long delta, boolean timedOut) {
        if (overflow == null) {
            if (delta > 0 && memoryUsed + delta > s.memoryCapacity()) {
                throw new ChannelFullException("Spillable Memory Channel's memory capacity has been reached and"
                        + " overflow is disabled. Consider increasing memoryCapacity.");
            }
            throw new ChannelFullException("Spillable Memory Channel's memory capacity has been reached. "
                    + Math.max(0, s.byteSlots() - byteSlotsUsed) * s.avgEventSize() + " bytes are free and overflow"
                    + " is disabled. Consider increasing byteCapacity or capacity.");
        }
        if (timedOut && !spilling) {
            spilling = true;
            LOG.info("[{}] memory is full: puts spill to the overflow until {}% of memory is free", label,
                    Math.round(s.resumeShare() * 100));
        }
        return false;
    }

    /** Gives back a reservation whose commit failed. */
    void cancelMemoryReservation(int puts, long putSlots) {
        lock.lock();
        try {
            memoryUsed -= puts;
            byteSlotsUsed -= putSlots;
            memoryFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Commits a transaction's puts to the overflow in the transaction that holds its overflow takes, if any. */
    void spill(Transaction overflowTransaction, List<Event> puts, int memoryTakes, long memoryTakeSlots,
            int takes) {
        // held across the overflow's commit: another spill committed after this one must be recorded after it
        overflowPuts.lock();
        try {
            overflowTransaction.putAll(puts);
            overflowTransaction.commit();
            committed(List.of(), puts.size(), memoryTakes, memoryTakeSlots, takes);
        } finally {
            overflowPuts.unlock();
        }
    }

    /**
     * Records a committed transaction: its memory puts (reserved before), its overflow puts, and its takes, whose
     * memory slots are free now.
     */
    void committed(List<Event> memoryPuts, int overflowPutCount, int memoryTakes, long memoryTakeSlots, int takes) {
        lock.lock();
        try {
            memory.addAll(memoryPuts);
            drainOrder.append(true, memoryPuts.size());
            drainOrder.append(false, overflowPutCount);
            memoryUsed -= memoryTakes;
            byteSlotsUsed -= memoryTakeSlots;
            stored += memoryPuts.size() + overflowPutCount - takes;
            if (memoryPuts.size() + overflowPutCount > 0) {
                lock.signalEvents();
            }
            if (takes > 0) {
                stopSpillingIfRoom();
                memoryFreed.signalAll();
            }
            counter.setChannelSize(stored);
        } finally {
            lock.unlock();
        }
    }

    /** Returns a rolled-back transaction's takes to the front: memory events to memory, every run to the order. */
    void rolledBack(DrainOrder taken, List<Event> memoryTakes) {
        if (taken.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (int i = memoryTakes.size() - 1; i >= 0; i--) {
                memory.addFirst(memoryTakes.get(i));
            }
            drainOrder.prependAll(taken);
            lock.signalEvents();
        } finally {
            lock.unlock();
        }
    }

    private void stopSpillingIfRoom() {
        Settings s = settings;
        if (spilling && s.memoryCapacity() > 0
                && (s.memoryCapacity() - memoryUsed) / (double) s.memoryCapacity() >= s.resumeShare()) {
            spilling = false;
            LOG.info("[{}] memory has room again: puts go to memory", label);
        }
    }
}
