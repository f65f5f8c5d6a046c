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

    /** What differs between two specs: {@code type old -> new} and {@code key old -> new} per changed property. */
    public static String changes(ComponentSpec before, ComponentSpec after) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!before.type().equals(after.type())) {
            out.add("type " + before.type() + " -> " + after.type());
        }
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(before.properties().keySet());
        keys.addAll(after.properties().keySet());
        for (String key : keys) {
            String was = before.properties().get(key);
            String now = after.properties().get(key);
            if (!java.util.Objects.equals(was, now)) {
                out.add(key + " " + (was == null ? "(unset)" : was) + " -> " + (now == null ? "(unset)" : now));
            }
        }
        return String.join(", ", out);
    }

    /** The connector's view of this spec. */
    public ComponentConfig config(String agentName) {
        return new ComponentConfig(agentName, name, type, keyPrefix, properties);
    }
}
