package org.millrace.platform;

/**
 * Told of the connector types an agent's flow names that no installed bundle provides, so that it can provide
 * them: in the Millrace distribution, the connector installer installs the Karaf feature that declares the type.
 * The platform calls every registered handler when it applies a flow, and a handler that registers later with
 * what is missing then. Called on the platform's configuration thread: a handler returns at once and does its
 * work elsewhere.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface MissingTypeHandler {

    /**
     * A type is missing.
     *
     * @param agent the agent whose flow names it
     * @param kind {@code source}, {@code channel}, {@code sink}, {@code interceptor}, {@code selector} or
     *     {@code sink processor}
     * @param type the type as the configuration writes it, e.g. {@code avro} or {@code org.apache.flume.sink.NullSink}
     */
    void missing(String agent, String kind, String type);
}
