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
     * What the component will hold once started: ports it listens on, directories and files it owns. Known from
     * its configuration before it starts, so the platform can refuse a configuration under which two components
     * would hold the same resource before anything stops. None by default.
     */
    default java.util.List<Resource> resources() {
        return java.util.List.of();
    }

    /**
     * Stops delivering and releases resources. Returns after any delivery in progress has committed or rolled
     * back, so nothing acknowledged is lost.
     */
    void stop();
}
