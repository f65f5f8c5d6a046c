package org.millrace.api;

/**
 * Where events enter a flow. Implement {@link EventDrivenSource} for sources that receive on their own threads
 * (network listeners) or {@link PollableSource} for sources the platform calls in a loop.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Source {

    /**
     * Acquires resources (binds ports, opens files) and begins delivering through
     * {@link SourceContext#channelProcessor()}. A failure leaves the source stopped and is reported.
     */
    void start(SourceContext context) throws Exception;

    /**
     * Stops delivering and releases resources. Returns after any delivery in progress has committed or rolled
     * back, so nothing acknowledged is lost.
     */
    void stop();
}
