package org.millrace.platform;

/** The kinds of component an agent configuration declares, with the Flume key section of each. */
public enum ComponentKind {
    /** {@code <agent>.sources}. */
    SOURCE("sources"),
    /** {@code <agent>.channels}. */
    CHANNEL("channels"),
    /** {@code <agent>.sinks}. */
    SINK("sinks"),
    /** {@code <agent>.sinkgroups}. */
    SINK_GROUP("sinkgroups");

    private final String section;

    ComponentKind(String section) {
        this.section = section;
    }

    /** The Flume key section, e.g. {@code sources}. */
    public String section() {
        return section;
    }

    /** One lower-case word, e.g. {@code source}, {@code sinkgroup}: in flow node ids and monitoring labels. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
    }

    /** The singular word used in messages, e.g. {@code source}, {@code sink group}. */
    public String word() {
        return this == SINK_GROUP ? "sink group" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
