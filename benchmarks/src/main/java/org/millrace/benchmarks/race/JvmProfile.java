package org.millrace.benchmarks.race;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JVM settings bin/setenv gives each Millrace profile, so that Flume can run with the same ones. */
enum JvmProfile {
    EDGE(List.of("-Xms16M", "-Xmx128M", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m"),
            Map.of("MALLOC_ARENA_MAX", "2")),
    COLLECTOR(List.of("-Xms256M", "-Xmx1024M", "-XX:+UseParallelGC", "-Xmn192m"), Map.of());

    final List<String> options;
    final Map<String, String> environment;

    JvmProfile(List<String> options, Map<String, String> environment) {
        this.options = options;
        this.environment = environment;
    }

    /** The profile of this name, as MILLRACE_PROFILE spells it. */
    static JvmProfile named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The settings as a table states them. */
    String describe() {
        StringBuilder out = new StringBuilder("`").append(String.join(" ", options)).append('`');
        environment.forEach((name, value) -> out.append(", ").append(name).append('=').append(value));
        return out.toString();
    }
}
