package org.millrace.api;

import java.util.Map;

/**
 * Creates sink processors of the types this service is registered for (a sink group's {@code processor.type}).
 * Side-effect free, like every factory.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface SinkProcessorFactory {

    /**
     * A processor over the group's sinks.
     *
     * @param config the group's {@code processor.*} properties, prefix removed
     * @param sinks the member sinks by name, in the order the group's {@code sinks} key lists them
     * @throws ConfigurationException naming every invalid key, its value and why
     */
    SinkProcessor create(ComponentConfig config, Map<String, Sink> sinks) throws ConfigurationException;
}
