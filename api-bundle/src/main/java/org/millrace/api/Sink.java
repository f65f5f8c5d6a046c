package org.millrace.api;

/**
 * Drains exactly one channel to an external system or the next agent. A runner thread calls {@link #process()}
 * in a loop (through the sink group's processor, if any). After {@link Status#BACKOFF} the runner waits for
 * new events up to {@code min(n × 1000, 5000)} ms; after an {@link EventDeliveryException} it waits 5000 ms, as
 * Flume's SinkRunner does.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Sink {

    /** Acquires resources (connections, files); from now on {@link #process()} may be called. */
    void start(SinkContext context) throws Exception;

    /**
     * What the component will hold once started: ports it listens on, directories and files it owns. Known from
     * its configuration before it starts, so the platform can refuse a configuration under which two components
     * would hold the same resource before anything stops. None by default.
     */
    default java.util.List<Resource> resources() {
        return java.util.List.of();
    }

    /**
     * Takes a batch from {@link SinkContext#channel()} in one transaction, delivers it, and commits only after
     * delivery succeeded; on failure rolls back and throws.
     *
     * @return READY if events were delivered, BACKOFF if the channel was empty
     */
    Status process() throws EventDeliveryException;

    /** Releases resources; called after the last {@link #process()} has returned. */
    void stop();
}
