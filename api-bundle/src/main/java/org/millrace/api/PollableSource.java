package org.millrace.api;

/**
 * A source the platform polls (pull), e.g. seq, taildir, kafka. A runner thread calls {@link #process()} in a
 * loop; after {@link Status#BACKOFF} it sleeps {@code min(n × backoffSleepIncrement, maxBackoffSleep)} ms for the
 * n-th consecutive back-off, as Flume's PollableSourceRunner does; the source says both from its configuration
 * (Flume's {@code backoffSleepIncrement} and {@code maxBackoffSleep} keys, defaults 1000 and 5000 ms).
 */
@org.osgi.annotation.versioning.ConsumerType
public interface PollableSource extends Source {

    /**
     * Reads what is available and delivers it through the channel processor.
     *
     * @return READY if events were delivered, BACKOFF if there was nothing to do
     * @throws EventDeliveryException if delivery failed; the runner backs off for maxBackoffSleep
     */
    Status process() throws EventDeliveryException;

    /** Milliseconds added to the pause after each consecutive BACKOFF (Flume's getBackOffSleepIncrement). */
    default long backoffSleepIncrement() {
        return 1000;
    }

    /** The longest pause after a BACKOFF, and the pause after a failure, in ms (Flume's getMaxBackOffSleep). */
    default long maxBackoffSleep() {
        return 5000;
    }
}
