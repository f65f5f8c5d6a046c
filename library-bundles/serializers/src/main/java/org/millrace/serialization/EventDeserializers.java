package org.millrace.serialization;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.serialization.internal.DeserializerCatalog;

/**
 * The deserializer types installed now, built in and from other bundles; a service this library registers, and a
 * plain object for tests ({@link #builtIn()}).
 */
@org.osgi.annotation.versioning.ProviderType
public interface EventDeserializers {

    /**
     * The input format a source's configuration names: the type in {@code property} (e.g. {@code deserializer}),
     * {@code defaultType} if unset, with the properties under {@code property.} as its settings.
     *
     * @throws ConfigurationException if its settings are invalid, or (a problem marked as a missing type, so the
     *     source waits for a bundle) if no installed bundle provides the type
     */
    EventInputFormat format(ComponentConfig config, String property, String defaultType)
            throws ConfigurationException;

    /** Only the built-in types, outside OSGi. */
    static EventDeserializers builtIn() {
        return DeserializerCatalog.withBuiltIns();
    }
}
