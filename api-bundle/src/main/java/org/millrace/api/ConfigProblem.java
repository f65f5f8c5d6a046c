package org.millrace.api;

/**
 * One thing wrong with a configuration: the full Flume key (e.g. {@code a1.sources.r1.port}), the value found
 * there ({@code null} if the key is absent) and why it is wrong.
 */
public record ConfigProblem(String key, String value, String reason) {

    /** {@code key = value: reason}, or {@code key: reason} when the key has no value. */
    @Override
    public String toString() {
        return value == null ? key + ": " + reason : key + " = " + value + ": " + reason;
    }
}
