package org.millrace.serialization;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * Makes the formats of the serializer types this service is registered for (service property
 * {@code millrace.type}: an alias and Flume's {@code ...$Builder} class name). Side-effect free, like every factory.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface EventSerializerFactory {

    /**
     * A format for this configuration.
     *
     * @param config the sink's serializer properties ({@code serializer.*}), prefix removed
     * @throws ConfigurationException naming every invalid key, its value and why
     */
    EventFormat create(ComponentConfig config) throws ConfigurationException;
}
