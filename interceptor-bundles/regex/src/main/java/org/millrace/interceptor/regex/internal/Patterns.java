package org.millrace.interceptor.regex.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;

/** Compiles a configured regular expression, or reports why it is not one. */
final class Patterns {
    private Patterns() {
    }

    /** The pattern, or null after adding a problem naming the key, the value and the syntax error. */
    static Pattern compile(ComponentConfig config, String property, String regex, List<ConfigProblem> problems) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(config.problem(property, "not a regular expression: " + e.getDescription() + " near index "
                    + e.getIndex()));
            return null;
        }
    }
}
