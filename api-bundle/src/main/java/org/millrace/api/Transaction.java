package org.millrace.api;

import java.util.List;

/**
 * A unit of work on one {@link Channel}, with Flume's semantics: puts become visible to takers only at
 * {@link #commit()}; a {@link #rollback()} discards puts and returns taken events to the head of the channel.
 *
 * <p>States: NEW --begin--&gt; OPEN --commit|rollback--&gt; COMPLETED --close--&gt; CLOSED. {@link #close()} of an
 * OPEN transaction rolls it back, so try-with-resources is safe. A transaction belongs to the thread that uses
 * it and is not thread-safe. Canonical use:
 * <pre>{@code
 * try (Transaction tx = channel.newTransaction()) {
 *     tx.begin();
 *     List<Event> batch = new ArrayList<>();
 *     tx.take(100, batch);
 *     deliver(batch);
 *     tx.commit();
 * }   // an exception before commit() rolls back: the events stay in the channel
 * }</pre>
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Transaction extends AutoCloseable {

    /** Opens the transaction. */
    void begin();

    /**
     * Adds an event, visible to takers after commit.
     *
     * @throws ChannelException if the transaction holds {@code transactionCapacity} events already
     */
    void put(Event event);

    /** Adds every event of the list, as {@link #put(Event)} does for each. */
    default void putAll(List<Event> events) {
        for (Event event : events) {
            put(event);
        }
    }

    /**
     * Takes the event at the head of the channel, or returns {@code null} at once if there is none.
     *
     * @throws ChannelException if the transaction has taken {@code transactionCapacity} events already
     */
    Event take();

    /**
     * Takes up to {@code max} events into {@code into}; returns how many were taken (0 if the channel is empty).
     */
    default int take(int max, List<Event> into) {
        int taken = 0;
        while (taken < max) {
            Event event = take();
            if (event == null) {
                break;
            }
            into.add(event);
            taken++;
        }
        return taken;
    }

    /**
     * Makes puts visible and takes final. Returns only when the channel's durability promise holds (a file
     * channel has synced its log).
     *
     * @throws ChannelFullException if the channel has no room for the puts within its keep-alive
     * @throws ChannelException on any other failure; the transaction must then be rolled back
     */
    void commit();

    /** Discards puts and returns taken events to the head of the channel, in their order. */
    void rollback();

    /** Ends the transaction; rolls it back first if it is still open. */
    @Override
    void close();
}
