package org.millrace.platform;

/**
 * Told of the connector types an agent's flow names that no installed bundle provides, and of the plug-in types
 * (serializers...) its components wait for, so that it can provide them: in the Millrace distribution, the
 * connector installer installs the Karaf feature that declares the type, and the Flume plugins bundle registers a
 * plugin class. The platform calls every registered handler after each plan an agent carries out (a type may be
 * told again), and a handler that registers later with what is missing then. Called on an agent's control thread
 * (or, for a handler just registered, on the registering thread): a handler returns at once and does its work
 * elsewhere.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface MissingTypeHandler {

    /**
     * A type is missing.
     *
     * @param agent the agent whose flow names it
     * @param kind {@code source}, {@code channel}, {@code sink}, {@code interceptor}, {@code selector},
     *     {@code sink processor}, or a plug-in kind as its library names it (e.g. {@code serializer})
     * @param type the type as the configuration writes it, e.g. {@code avro} or {@code org.apache.flume.sink.NullSink}
     */
    void missing(String agent, String kind, String type);
}
