package org.millrace.channel.spillablememory.internal;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Where the next committed events are: runs of consecutive events held in memory or in the overflow, oldest first.
 * Memory and overflow are each FIFO, so the runs alone say which of the two to take from next for takes to come
 * out in put order (Flume's drain order queue). Not thread-safe.
 */
final class DrainOrder {

    /** {@code count} consecutive events, all in memory or all in the overflow. */
    record Run(boolean inMemory, long count) {
    }

    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    private long events;

    /** Records events committed after every other. */
    void append(boolean inMemory, long count) {
        if (count == 0) {
            return;
        }
        events += count;
        Run last = runs.peekLast();
        if (last != null && last.inMemory() == inMemory) {
            runs.pollLast();
            count += last.count();
        }
        runs.addLast(new Run(inMemory, count));
    }

    /** Records events that go before every other (taken events given back by a rollback). */
    void prepend(boolean inMemory, long count) {
        if (count == 0) {
            return;
        }
        events += count;
        Run first = runs.peekFirst();
        if (first != null && first.inMemory() == inMemory) {
            runs.pollFirst();
            count += first.count();
        }
        runs.addFirst(new Run(inMemory, count));
    }

    /** Puts all of {@code front}'s runs, in their order, before every other. */
    void prependAll(DrainOrder front) {
        for (Iterator<Run> it = front.runs.descendingIterator(); it.hasNext(); ) {
            Run run = it.next();
            prepend(run.inMemory(), run.count());
        }
    }

    /** Removes up to {@code max} events from the first run and says which they were; {@code null} if empty. */
    Run removeFront(long max) {
        Run first = runs.pollFirst();
        if (first == null) {
            return null;
        }
        if (first.count() > max) {
            runs.addFirst(new Run(first.inMemory(), first.count() - max));
            first = new Run(first.inMemory(), max);
        }
        events -= first.count();
        return first;
    }

    /** The runs, oldest first. */
    Iterable<Run> runs() {
        return runs;
    }

    /** Events recorded in all runs. */
    long events() {
        return events;
    }

    /** Forgets every run. */
    void clear() {
        runs.clear();
        events = 0;
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }
}
