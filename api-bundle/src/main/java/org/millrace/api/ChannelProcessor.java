package org.millrace.api;

import java.util.List;

/**
 * A source's way into its channels: runs the interceptor chain in configured order, asks the channel selector
 * where each event goes, then commits to each required channel in its own transaction (optional channels are
 * tried after, their failures ignored). A method returns only once every required channel has committed.
 *
 * <p>While the flow is being rewired by a configuration change the call waits (back-pressure) rather than fail.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ChannelProcessor {

    /**
     * Delivers one event.
     *
     * @throws ChannelException if a required channel refused it (e.g. {@link ChannelFullException}); channels
     *     listed before the failing one may already hold the event, so a retry can duplicate (as in Flume)
     */
    void processEvent(Event event);

    /** Delivers a batch in one transaction per channel; same failure contract as {@link #processEvent(Event)}. */
    void processEventBatch(List<Event> events);

    /**
     * The largest batch {@link #processEventBatch(List)} can take: the smallest {@code transactionCapacity} of the
     * channels this source writes to. Sources that batch on their own must not exceed it.
     */
    int maxBatchSize();
}
