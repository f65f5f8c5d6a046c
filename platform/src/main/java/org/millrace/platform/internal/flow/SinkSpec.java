package org.millrace.platform.internal.flow;

/** A sink and the one channel it drains. */
public record SinkSpec(ComponentSpec component, String channel) {
}
