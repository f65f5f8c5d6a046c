package org.millrace.serialization;

import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.serialization.internal.SerializerCatalog;

/**
 * The serializer types installed now, built in and from other bundles; a service this library registers, and a
 * plain object for tests ({@link #builtIn()}).
 */
@org.osgi.annotation.versioning.ProviderType
public interface EventSerializers {

    /**
     * The format a sink's configuration names: the type in {@code property} (e.g. {@code sink.serializer}),
     * {@code defaultType} if unset, with the properties under {@code property.} as its settings.
     *
     * @throws ConfigurationException if its settings are invalid, or (a problem marked as a missing type, so the
     *     sink waits for a bundle) if no installed bundle provides the type
     */
    EventFormat format(ComponentConfig config, String property, String defaultType) throws ConfigurationException;

    /** Only the built-in types, outside OSGi. */
    static EventSerializers builtIn() {
        return SerializerCatalog.withBuiltIns();
    }
}
