package org.millrace.api;

/**
 * Drives the sinks of a sink group on one runner thread (Flume's {@code processor.type}): e.g. failover or
 * load balancing. The platform starts and stops the member sinks; the processor only decides which sink's
 * {@link Sink#process()} to call.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface SinkProcessor {

    /** Called after every member sink has started. */
    default void start() {
    }

    /**
     * Calls one or more member sinks' {@link Sink#process()}.
     *
     * @return READY if events were delivered, BACKOFF if there was nothing to do
     * @throws EventDeliveryException if no member sink could deliver
     */
    Status process() throws EventDeliveryException;

    /** Called before the member sinks stop. */
    default void stop() {
    }
}
