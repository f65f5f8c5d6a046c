package org.millrace.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Flume's transaction state machine, for channel authors: NEW --begin--&gt; OPEN --commit|rollback--&gt; COMPLETED
 * --close--&gt; CLOSED, where closing an OPEN transaction rolls it back. This class checks the state, so a call in the
 * wrong state fails the same way in every channel; a subclass does the work in the {@code do} methods, which run
 * only in state OPEN. A commit that throws leaves the transaction OPEN, to be rolled back; a rollback ends it even
 * if it throws.
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class BasicTransaction implements Transaction {
    private enum State { NEW, OPEN, COMPLETED, CLOSED }

    private State state = State.NEW;

    @Override
    public final void begin() {
        expect(State.NEW, "begin");
        state = State.OPEN;
    }

    @Override
    public final void put(Event event) {
        expect(State.OPEN, "put");
        doPut(event);
    }

    @Override
    public final void putAll(List<Event> events) {
        expect(State.OPEN, "put");
        doPutAll(events);
    }

    @Override
    public final Event take() {
        expect(State.OPEN, "take");
        List<Event> one = new ArrayList<>(1);
        return doTake(1, one) == 0 ? null : one.get(0);
    }

    @Override
    public final int take(int max, List<Event> into) {
        expect(State.OPEN, "take");
        return doTake(max, into);
    }

    @Override
    public final void commit() {
        expect(State.OPEN, "commit");
        doCommit();
        state = State.COMPLETED;
    }

    @Override
    public final void rollback() {
        expect(State.OPEN, "rollback");
        try {
            doRollback();
        } finally {
            state = State.COMPLETED;
        }
    }

    @Override
    public final void close() {
        try {
            if (state == State.OPEN) {
                rollback();
            }
        } finally {
            state = State.CLOSED;
            doClose();
        }
    }

    /** Adds an event to the transaction's puts. */
    protected abstract void doPut(Event event);

    /** Adds events to the transaction's puts; by default one {@link #doPut} each. */
    protected void doPutAll(List<Event> events) {
        for (Event event : events) {
            doPut(event);
        }
    }

    /** Takes up to {@code max} events from the head of the channel into {@code into}; returns how many. */
    protected abstract int doTake(int max, List<Event> into);

    /** Makes the puts visible and the takes final, with the channel's durability. */
    protected abstract void doCommit();

    /** Discards the puts and returns the taken events to the head of the channel. */
    protected abstract void doRollback();

    /** Releases what the transaction holds once it is closed; nothing by default. */
    protected void doClose() {
    }

    private void expect(State wanted, String operation) {
        if (state != wanted) {
            throw new IllegalStateException(operation + " needs a transaction in state " + wanted + ", this one is "
                    + state);
        }
    }
}
