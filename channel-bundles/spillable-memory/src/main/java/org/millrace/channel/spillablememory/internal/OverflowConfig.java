package org.millrace.channel.spillablememory.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * The overflow file channel's configuration, made from the spillable channel's as Flume makes it: every property
 * but the spillable channel's own, with {@code capacity} set to overflowCapacity and {@code keep-alive} to 0.
 */
final class OverflowConfig {
    /** The channel type whose factory makes the overflow. */
    static final String TYPE = "file";

    /** Properties the file channel does not get. */
    private static final Set<String> SPILLABLE_ONLY = Set.of("memoryCapacity", "overflowCapacity", "overflowTimeout",
            "overflowDeactivationThreshold", "byteCapacityBufferPercentage", "byteCapacity", "avgEventSize");
    /** File channel properties this channel sets; a value configured for them is ignored, as in Flume. */
    static final Set<String> OVERRIDDEN = Set.of("capacity", "keep-alive");

    private OverflowConfig() {
    }

    /** The file channel's configuration: same agent, name and key prefix, so its problems name the user's keys. */
    static ComponentConfig of(ComponentConfig spillable, int overflowCapacity) {
        Map<String, String> properties = new LinkedHashMap<>(spillable.properties());
        properties.keySet().removeAll(SPILLABLE_ONLY);
        properties.put("capacity", String.valueOf(overflowCapacity));
        // a full overflow fails the commit at once: the wait for room was overflowTimeout, in memory
        properties.put("keep-alive", "0");
        return spillable.inner(TYPE, properties);
    }

    /** The file channel's problems, with its capacity reported as the overflowCapacity it came from. */
    static ConfigurationException inSpillableTerms(ConfigurationException e, ComponentConfig spillable) {
        String capacityKey = spillable.key("capacity");
        return new ConfigurationException(e.problems().stream()
                .map(p -> p.key().equals(capacityKey) ? spillable.problem("overflowCapacity", p.reason()) : p)
                .toList());
    }
}
