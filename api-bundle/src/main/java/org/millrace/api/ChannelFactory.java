package org.millrace.api;

/**
 * Creates channels of the types this service is registered for (service property {@value ConnectorTypes#TYPE}).
 *
 * <p>{@link #create(ComponentConfig)} validates the configuration and builds the object without side effects
 * (no ports bound, no files opened): the platform also calls it to check a configuration it will not run.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ChannelFactory {

    /**
     * A new, unstarted channel for this configuration.
     *
     * @throws ConfigurationException naming every invalid key, its value and why
     */
    Channel create(ComponentConfig config) throws ConfigurationException;
}
