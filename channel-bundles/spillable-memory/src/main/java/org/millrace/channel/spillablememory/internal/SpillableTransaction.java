package org.millrace.channel.spillablememory.internal;

import static org.millrace.api.ChannelCounter.Name.EventPutAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventPutSuccessCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeAttemptCount;
import static org.millrace.api.ChannelCounter.Name.EventTakeSuccessCount;

import java.util.ArrayList;
import java.util.List;
import org.millrace.api.BasicTransaction;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.Transaction;

/**
 * A spillable memory channel transaction. Puts are buffered and committed all to memory or all to the overflow.
 * Takes follow the drain order across memory and overflow; overflow takes (and spilled puts) run in one overflow
 * transaction, committed or rolled back with this one.
 */
final class SpillableTransaction extends BasicTransaction {
    private final SpillableMemoryChannel channel;
    private final int capacity;
    private final ArrayList<Event> puts = new ArrayList<>();
    private long putSlots;
    /** Where the taken events came from, in take order: what a rollback gives back. */
    private final DrainOrder taken = new DrainOrder();
    private final ArrayList<Event> memoryTakes = new ArrayList<>();
    private long memoryTakeSlots;
    /** Opened by the first overflow take or by a spill. */
    private Transaction overflowTransaction;
    /** An overflow take failed, so how many events it took is unknown: only a rollback is safe. */
    private boolean takeFailed;

    SpillableTransaction(SpillableMemoryChannel channel, int capacity) {
        this.channel = channel;
        this.capacity = capacity;
    }

    @Override
    protected void doPut(Event event) {
        doPutAll(List.of(event));
    }

    @Override
    protected void doPutAll(List<Event> events) {
        channel.counter().add(EventPutAttemptCount, events.size());
        if (puts.size() + events.size() > capacity) {
            throw new ChannelException("Put queue of capacity " + capacity + " full, consider committing more"
                    + " frequently, increasing transactionCapacity or increasing thread count");
        }
        for (Event e : events) {
            puts.add(e);
            putSlots += channel.byteSlotsOf(e);
        }
    }

    @Override
    protected int doTake(int max, List<Event> into) {
        int room = capacity - (int) taken.events();
        if (room <= 0 && max > 0) {
            throw new ChannelException("Take list of capacity " + capacity + " full, consider committing more"
                    + " frequently, increasing transactionCapacity or increasing thread count");
        }
        int wanted = Math.min(max, room);
        int got = 0;
        List<Event> fromMemory = new ArrayList<>();
        DrainOrder.Run run;
        while (got < wanted && (run = channel.reserveTakes(wanted - got, fromMemory)) != null) {
            if (run.inMemory()) {
                got += takeFromMemory(fromMemory, into);
                fromMemory.clear();
            } else {
                got += takeFromOverflow((int) run.count(), into);
            }
        }
        channel.counter().add(EventTakeAttemptCount, got < wanted ? got + 1 : got);
        return got;
    }

    private int takeFromMemory(List<Event> events, List<Event> into) {
        into.addAll(events);
        memoryTakes.addAll(events);
        for (Event e : events) {
            memoryTakeSlots += channel.byteSlotsOf(e);
        }
        taken.append(true, events.size());
        return events.size();
    }

    private int takeFromOverflow(int reserved, List<Event> into) {
        int got;
        try {
            got = overflowTransaction().take(reserved, into);
        } catch (RuntimeException e) {
            // the overflow's rollback returns what it took; ours must give the whole reservation back
            taken.append(false, reserved);
            takeFailed = true;
            throw e;
        }
        taken.append(false, got);
        if (got < reserved) {
            channel.overflowLost(reserved - got);
        }
        return got;
    }

    private Transaction overflowTransaction() {
        if (overflowTransaction == null) {
            overflowTransaction = channel.beginOverflowTransaction();
        }
        return overflowTransaction;
    }

    @Override
    protected void doCommit() {
        if (takeFailed) {
            throw new ChannelException("a take from the overflow failed; the transaction must be rolled back");
        }
        int takes = (int) taken.events();
        int fromMemory = memoryTakes.size();
        if (puts.isEmpty()) {
            commitOverflowTakes();
            channel.committed(List.of(), 0, fromMemory, memoryTakeSlots, takes);
        } else if (channel.reserveMemory(puts.size(), putSlots, fromMemory, memoryTakeSlots)) {
            try {
                commitOverflowTakes();
            } catch (RuntimeException e) {
                channel.cancelMemoryReservation(puts.size(), putSlots);
                throw e;
            }
            channel.committed(puts, 0, fromMemory, memoryTakeSlots, takes);
        } else {
            channel.spill(overflowTransaction(), puts, fromMemory, memoryTakeSlots, takes);
        }
        channel.counter().add(EventPutSuccessCount, puts.size());
        channel.counter().add(EventTakeSuccessCount, takes);
        closeOverflowTransaction();
    }

    private void commitOverflowTakes() {
        if (overflowTransaction != null) {
            overflowTransaction.commit();
        }
    }

    @Override
    protected void doRollback() {
        try {
            closeOverflowTransaction(); // rolls back its takes first, so that they are there when counted again
        } finally {
            channel.rolledBack(taken, memoryTakes);
        }
    }

    private void closeOverflowTransaction() {
        if (overflowTransaction != null) {
            Transaction tx = overflowTransaction;
            overflowTransaction = null;
            tx.close();
        }
    }
}
