package org.millrace.platform.internal.flow;

import java.util.List;

/**
 * A source and its wiring. The wiring (channels, selector, interceptors) can change while the source keeps
 * running; a change of {@link #component()} needs a new source instance.
 */
public record SourceSpec(ComponentSpec component, List<String> channels, ComponentSpec selector,
        List<ComponentSpec> interceptors) {

    /** The spec; lists are copied. */
    public SourceSpec {
        channels = List.copyOf(channels);
        interceptors = List.copyOf(interceptors);
    }
}
