package org.millrace.sink.processors;

import java.util.List;

/** Chooses the order in which a load_balance group tries its sinks. Must be thread-safe. */
@org.osgi.annotation.versioning.ConsumerType
public interface SinkSelector {

    /** The sinks to try for one round, by name, in order; sinks left out are not tried. */
    List<String> order();

    /** A sink delivered a batch in this round; a round-robin selector moves on to the next sink. */
    default void delivered(String sink) {
    }

    /** A sink failed in this round; a selector with back-off may leave it out for a while. */
    default void failed(String sink) {
    }
}
