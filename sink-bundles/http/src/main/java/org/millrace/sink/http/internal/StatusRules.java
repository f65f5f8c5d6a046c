package org.millrace.sink.http.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;

/**
 * One of Flume's per-status rules ({@code backoff.*}, {@code rollback.*}, {@code incrementMetrics.*}): the value
 * for a status is its own ({@code rollback.503}), else its class's ({@code rollback.5XX}), else the default.
 */
final class StatusRules {
    private final Map<String, Boolean> overrides;
    private final boolean fallback;

    private StatusRules(Map<String, Boolean> overrides, boolean fallback) {
        this.overrides = overrides;
        this.fallback = fallback;
    }

    /** Reads {@code <prefix>.<code>} keys; a key that is no status or class, or a value no boolean, is a problem. */
    static StatusRules of(ComponentConfig config, String prefix, boolean fallback, List<ConfigProblem> problems) {
        Map<String, Boolean> overrides = new HashMap<>();
        config.passThrough(prefix + ".").forEach((code, value) -> {
            String key = prefix + "." + code;
            String c = code.trim().toUpperCase(Locale.ROOT);
            if (!c.matches("[1-5](\\d\\d|XX)")) {
                problems.add(config.problem(key, "'" + code + "' is not an HTTP status (e.g. 503) or class (e.g. 5XX)"));
            } else if (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false")) {
                overrides.put(c, Boolean.parseBoolean(value.trim()));
            } else {
                problems.add(config.problem(key, "must be true or false"));
            }
        });
        return new StatusRules(overrides, fallback);
    }

    /** The value for a status code. */
    boolean apply(int status) {
        String code = String.valueOf(status);
        Boolean own = overrides.get(code);
        if (own == null) {
            own = overrides.get(code.charAt(0) + "XX");
        }
        return own == null ? fallback : own;
    }
}
