package org.millrace.source.http;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * Makes the handlers of the types this service is registered for (service property {@code millrace.type}: an
 * alias, and the class name a Flume configuration gives). Side-effect free, like every factory.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface HttpRequestHandlerFactory {

    /**
     * A handler for this configuration.
     *
     * @param config the source's handler properties ({@code handler.*}), prefix removed
     * @throws ConfigurationException naming every invalid key, its value and why
     */
    HttpRequestHandler create(ComponentConfig config) throws ConfigurationException;
}
