package org.millrace.serialization;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * Makes the input formats of the deserializer types this service is registered for (service property
 * {@code millrace.type}: an alias and Flume's {@code ...$Builder} class name). Side-effect free, like every factory.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface EventDeserializerFactory {

    /**
     * An input format for this configuration.
     *
     * @param config the source's deserializer properties ({@code deserializer.*}), prefix removed
     * @throws ConfigurationException naming every invalid key, its value and why
     */
    EventInputFormat create(ComponentConfig config) throws ConfigurationException;
}
