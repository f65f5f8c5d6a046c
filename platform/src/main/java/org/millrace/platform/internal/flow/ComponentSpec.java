package org.millrace.platform.internal.flow;

import java.util.Map;
import org.millrace.api.ComponentConfig;

/**
 * A configured component or sub-component (selector, interceptor, processor): its name, type and own
 * properties. Two specs are equal exactly when a running instance built from one could serve the other.
 *
 * @param keyPrefix the Flume key prefix of its properties, e.g. {@code a1.sources.r1.interceptors.i1.}
 */
public record ComponentSpec(String name, String type, String keyPrefix, Map<String, String> properties) {

    /** The spec; the property map is copied. */
    public ComponentSpec {
        properties = Map.copyOf(properties);
    }

    /** The connector's view of this spec. */
    public ComponentConfig config(String agentName) {
        return new ComponentConfig(agentName, name, type, keyPrefix, properties);
    }
}
