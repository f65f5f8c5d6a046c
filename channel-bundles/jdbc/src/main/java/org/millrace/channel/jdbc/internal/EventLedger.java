package org.millrace.channel.jdbc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.millrace.api.ChannelFullException;

/**
 * The channel's account of its rows, kept in step with the database by the transactions that change it; the
 * database is never touched while its lock is held.
 *
 * <ul>
 * <li>Ids: each put commit gets the next block of ids, so rows are ordered by commit and the ledger knows the
 * blocks still being written.</li>
 * <li>Claims: rows taken by open transactions. They live here, not as database locks, so a taker skips rows
 * another transaction holds instead of waiting for it, and a rollback only drops its claims: the rows are still
 * at the head, in id order. A row deleted by a committed take stays unclaimable until every head query that may
 * have read it before the delete has ended.</li>
 * <li>The floor: no row below it can be taken again. Head queries start there, because Derby keeps the index
 * entries of deleted rows and a query from the very start would wade through every event ever taken.</li>
 * </ul>
 */
final class EventLedger {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition eventsAvailable = lock.newCondition();
    /** Committed rows, including claimed ones. Guarded by lock. */
    private long stored;
    /** Rows commits in progress may add. Guarded by lock. */
    private long reserved;
    /** Ids of rows taken by open transactions. Guarded by lock. */
    private final TreeSet<Long> claimed = new TreeSet<>();
    /** Rollbacks so far: a head query that saw none may raise the floor. Guarded by lock. */
    private long releases;
    /** Head queries started so far; each query's number is its epoch. Guarded by lock. */
    private long queries;
    /** Epochs of the head queries running. Guarded by lock. */
    private final TreeSet<Long> running = new TreeSet<>();
    /** Ids deleted while a head query that may have read them still runs: never to be claimed. Guarded by lock. */
    private final Set<Long> gone = new HashSet<>();
    /** The ids in {@link #gone}, by the last epoch that may have read them. Guarded by lock. */
    private final ArrayDeque<Deleted> goneByEpoch = new ArrayDeque<>();
    /** First ids of the blocks commits are writing. Guarded by lock. */
    private final TreeSet<Long> writing = new TreeSet<>();
    /** The id the next put gets. Guarded by lock. */
    private long nextId;
    /** No row below this id can be taken. Guarded by lock. */
    private long floor;

    /** Room and ids a commit holds while it writes. */
    record Reservation(long room, long firstId, int ids) {
    }

    /** The id range a head query reads, how far it may have to read, and what it needs to be ended. */
    record HeadQuery(long from, long to, int rowLimit, long epoch, long releases) {
    }

    /** Rows a take committed while head queries up to {@code epoch} ran. */
    private record Deleted(long epoch, List<Long> ids) {
    }

    /** Starts the account over the rows the database holds: their number and lowest and highest id. */
    void reset(long storedRows, long lowestId, long highestId) {
        lock.lock();
        try {
            stored = storedRows;
            reserved = 0;
            claimed.clear();
            writing.clear();
            running.clear();
            gone.clear();
            goneByEpoch.clear();
            nextId = storedRows == 0 ? 0 : highestId + 1;
            floor = storedRows == 0 ? nextId : lowestId;
        } finally {
            lock.unlock();
        }
    }

    /** Committed events, those taken by open transactions included. */
    long size() {
        lock.lock();
        try {
            // a take may commit a block's rows before the block's own bookkeeping: never report that dip
            return Math.max(0, stored);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The id range a head query for {@code wanted} rows should read, or {@code null} if every committed row is
     * claimed. It starts past the claimed rows at the floor (a committing taker holds Derby's locks on them) and
     * ends below the first block still being written (its rows are locked until that commit ends), so a head
     * query never waits for another transaction's log sync. The query must be ended with {@link #claimHead} or
     * {@link #abandon}.
     */
    HeadQuery headQuery(int wanted) {
        lock.lock();
        try {
            if (stored <= claimed.size()) {
                return null;
            }
            long from = floor;
            while (claimed.contains(from) || gone.contains(from)) {
                from++;
            }
            long to = writing.isEmpty() ? nextId : writing.first();
            int rowLimit = (int) Math.min(Integer.MAX_VALUE, (long) wanted + claimed.size());
            running.add(++queries);
            return new HeadQuery(from, to, rowLimit, queries, releases);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a head query: claims for the calling transaction the first {@code wanted} of the rows it found that no
     * other transaction holds and that were not deleted since, and raises the floor. Below the first row found
     * there were only claimed rows, and rows yet to come belong to blocks at or above the query's end; so the floor
     * may rise to the lowest of those, unless a rollback may have put rows back meanwhile.
     *
     * @param found the ids the query returned, ascending
     * @return the ids claimed, ascending
     */
    List<Long> claimHead(HeadQuery query, List<Long> found, int wanted) {
        List<Long> mine = new ArrayList<>(Math.min(wanted, found.size()));
        lock.lock();
        try {
            for (int i = 0; i < found.size() && mine.size() < wanted; i++) {
                Long id = found.get(i);
                if (!gone.contains(id) && claimed.add(id)) {
                    mine.add(id);
                }
            }
            end(query);
            if (releases == query.releases()) {
                long candidate = Math.min(query.to(), found.isEmpty() ? Long.MAX_VALUE : found.get(0));
                if (!claimed.isEmpty()) {
                    candidate = Math.min(candidate, claimed.first());
                }
                floor = Math.max(floor, candidate);
            }
            return mine;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a head query that failed. */
    void abandon(HeadQuery query) {
        lock.lock();
        try {
            end(query);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets deleted ids once no query that may have read them runs any more. Needs lock. */
    private void end(HeadQuery query) {
        running.remove(query.epoch());
        long oldest = running.isEmpty() ? Long.MAX_VALUE : running.first();
        while (!goneByEpoch.isEmpty() && goneByEpoch.peek().epoch() < oldest) {
            gone.removeAll(goneByEpoch.poll().ids());
        }
    }

    /** Returns rolled-back takes: their rows are at the head again. */
    void release(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            claimed.removeAll(ids);
            releases++;
            eventsAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves room and ids for a commit of {@code puts} and {@code takes}, or refuses it at once as Flume's jdbc
     * channel does. A commit that adds no rows on balance is never refused.
     *
     * @throws ChannelFullException if the rows would exceed the capacity
     */
    Reservation reserve(int puts, int takes, long capacity) {
        int net = puts - takes;
        lock.lock();
        try {
            if (net > 0 && stored + reserved + net > capacity) {
                throw new ChannelFullException("Channel capacity reached: maximum.capacity " + capacity
                        + ", size " + Math.max(0, stored) + ", committing " + reserved + ", this commit adds " + net);
            }
            long room = Math.max(0, net);
            reserved += room;
            long firstId = nextId;
            if (puts > 0) {
                writing.add(firstId);
                nextId += puts;
            }
            return new Reservation(room, firstId, puts);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a reservation whose commit failed; its ids stay unused. */
    void cancel(Reservation reservation) {
        lock.lock();
        try {
            reserved -= reservation.room();
            if (reservation.ids() > 0) {
                writing.remove(reservation.firstId());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records a commit the database has made durable. */
    void committed(Reservation reservation, Collection<Long> taken) {
        lock.lock();
        try {
            reserved -= reservation.room();
            stored += reservation.ids() - taken.size();
            claimed.removeAll(taken);
            if (!taken.isEmpty()) {
                // a running head query may have read these rows before they were deleted: it must not claim them
                if (!running.isEmpty()) {
                    List<Long> ids = List.copyOf(taken);
                    gone.addAll(ids);
                    goneByEpoch.add(new Deleted(queries, ids));
                }
                // rows deleted at the floor are gone for good: head queries need not wait on their locks
                Set<Long> deleted = new HashSet<>(taken);
                while (deleted.contains(floor)) {
                    floor++;
                }
            }
            if (reservation.ids() > 0) {
                writing.remove(reservation.firstId());
                eventsAvailable.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutMillis} for an unclaimed row; returns whether there is one. */
    boolean awaitUnclaimed(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (stored <= claimed.size() && nanos > 0) {
                nanos = eventsAvailable.awaitNanos(nanos);
            }
            return stored > claimed.size();
        } finally {
            lock.unlock();
        }
    }
}
