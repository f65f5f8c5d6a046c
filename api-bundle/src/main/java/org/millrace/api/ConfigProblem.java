package org.millrace.api;

/**
 * One thing wrong with a configuration: the full Flume key (e.g. {@code a1.sources.r1.port}), the value found
 * there ({@code null} if the key is absent) and why it is wrong.
 *
 * @param missingType whether the only trouble is a type no installed bundle provides yet (e.g. a serializer a
 *     sink names): the component then waits for that type instead of being refused
 */
public record ConfigProblem(String key, String value, String reason, boolean missingType) {

    /** A problem with the value itself. */
    public ConfigProblem(String key, String value, String reason) {
        this(key, value, reason, false);
    }

    /**
     * The value names a type of a kind of plug-in (a serializer, a sink selector...) that no installed bundle
     * provides: the component waits for a bundle providing it and starts when one arrives.
     *
     * @param kind the plug-in kind in words, e.g. {@code serializer}
     */
    public static ConfigProblem typeNotInstalled(String key, String type, String kind) {
        return new ConfigProblem(key, type, NOT_INSTALLED + kind + " type '" + type + "'", true);
    }

    private static final String NOT_INSTALLED = "no installed bundle provides ";

    /**
     * The kind of plug-in a problem made by {@link #typeNotInstalled} waits for (e.g. {@code serializer}), also
     * once more words were added to its reason; {@code null} for any other problem. The type is its
     * {@link #value()}.
     */
    public String missingKind() {
        int end = reason.indexOf(" type '");
        return missingType && reason.startsWith(NOT_INSTALLED) && end > NOT_INSTALLED.length()
                ? reason.substring(NOT_INSTALLED.length(), end) : null;
    }

    /** {@code key = value: reason}, or {@code key: reason} when the key has no value. */
    @Override
    public String toString() {
        return value == null ? key + ": " + reason : key + " = " + value + ": " + reason;
    }
}
