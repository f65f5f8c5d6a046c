package org.millrace.platform.internal.flow;

import org.millrace.api.ConfigProblem;
import org.millrace.platform.ComponentKind;

/**
 * One problem validation found. An error refuses the component it names (or, with no component, the whole
 * agent); a warning is reported and the key ignored, as Flume ignores it.
 *
 * @param kind the kind of the component concerned, or {@code null} for the agent as a whole
 * @param component its name, or {@code null}
 */
public record Finding(boolean error, ComponentKind kind, String component, ConfigProblem problem) {

    @Override
    public String toString() {
        return problem.toString();
    }
}
