package org.millrace.api;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was refused; {@link #problems()} says what is wrong with it, one entry per problem. */
public class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<ConfigProblem> problems;

    /** For these problems; there must be at least one. */
    public ConfigurationException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigurationException needs a problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** For one problem. */
    public ConfigurationException(ConfigProblem problem) {
        this(List.of(problem));
    }

    /** Throws for these problems unless the list is empty. */
    public static void throwIfAny(List<ConfigProblem> problems) throws ConfigurationException {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** What is wrong, in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
