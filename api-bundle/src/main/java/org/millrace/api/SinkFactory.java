package org.millrace.api;

/**
 * Creates sinks of the types this service is registered for (service property {@value ConnectorTypes#TYPE}).
 *
 * <p>{@link #create(ComponentConfig)} validates the configuration and builds the object without side effects
 * (no ports bound, no files opened): the platform also calls it to check a configuration it will not run.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface SinkFactory {

    /**
     * A new, unstarted sink for this configuration.
     *
     * @throws ConfigurationException naming every invalid key, its value and why
     */
    Sink create(ComponentConfig config) throws ConfigurationException;
}
