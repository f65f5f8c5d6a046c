package org.millrace.platform.internal.flow;

import java.util.List;

/** A sink group: member sinks, in configured order, driven by one processor on one thread. */
public record SinkGroupSpec(String name, List<String> sinks, ComponentSpec processor) {

    /** The spec; the member list is copied. */
    public SinkGroupSpec {
        sinks = List.copyOf(sinks);
    }
}
