package org.millrace.api;

/**
 * A transactional buffer between sources and sinks. Once a put is committed the event is the channel's to
 * keep until a take of it is committed: at-least-once delivery.
 *
 * <p>Resources (files, threads) are acquired in {@link #start(ChannelContext)}, not in the factory.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Channel {

    /** Starts the channel; from now on transactions may be opened. */
    void start(ChannelContext context) throws Exception;

    /**
     * What the component will hold once started: the directories and files its events are kept in. Known from
     * its configuration before it starts, so the platform can refuse a configuration under which two components
     * would hold the same resource before anything stops. None by default.
     */
    default java.util.List<Resource> resources() {
        return java.util.List.of();
    }

    /** A new transaction in state NEW. */
    Transaction newTransaction();

    /** Committed events now in the channel. */
    long size();

    /** The largest number of events one transaction may put or take. */
    int transactionCapacity();

    /**
     * Waits until events are committed or {@code timeoutMillis} pass; returns at once if the channel already
     * holds events. Sink runners use it instead of a blind back-off sleep, so delivery after an idle spell is
     * immediate. The default sleeps; channels should override it.
     *
     * @return whether the channel holds events now
     */
    default boolean awaitEvents(long timeoutMillis) throws InterruptedException {
        if (size() == 0) {
            Thread.sleep(timeoutMillis);
        }
        return size() > 0;
    }

    /**
     * Whether committed events survive {@link #stop()} on their own (a file channel's log), so that a new
     * instance with the same configuration finds them. The platform moves the events of a channel that is not
     * durable into its replacement when it must restart it.
     */
    default boolean isDurable() {
        return false;
    }

    /**
     * Whether this running channel can take a changed configuration in place, keeping its events (e.g. a new
     * memory channel capacity); changes nothing. The platform's plan asks before it decides between
     * reconfiguring the channel and replacing it. The default takes no change in place.
     */
    default boolean canReconfigure(ComponentConfig config) {
        return false;
    }

    /**
     * Applies a changed configuration that {@link #canReconfigure(ComponentConfig)} accepted, keeping the events.
     *
     * @return whether it was applied; {@code false} only if the channel cannot take it after all
     * @throws ConfigurationException if the new configuration is invalid; the channel is left unchanged
     */
    default boolean reconfigure(ComponentConfig config) throws ConfigurationException {
        return false;
    }

    /** Stops the channel; called after every source and sink using it has stopped. */
    void stop();
}
