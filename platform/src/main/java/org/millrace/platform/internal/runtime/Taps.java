package org.millrace.platform.internal.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@code millrace:tap} watches an agent: its sources and channels by name. They outlive component
 * instances, so a tap stays attached while a component is replaced.
 */
final class Taps {
    private final Map<String, TapPoint> sources = new ConcurrentHashMap<>();
    private final Map<String, TapPoint> channels = new ConcurrentHashMap<>();

    TapPoint source(String name) {
        return sources.computeIfAbsent(name, n -> new TapPoint());
    }

    TapPoint channel(String name) {
        return channels.computeIfAbsent(name, n -> new TapPoint());
    }
}
