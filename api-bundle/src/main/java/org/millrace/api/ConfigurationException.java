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

    /**
     * Runs one check of a configuration, adding what it refuses to {@code problems} instead of throwing, so that
     * several checks (e.g. a connector's typed view and a library's) report together.
     *
     * @return the check's result, or {@code null} if it refused
     */
    public static <T> T collect(List<ConfigProblem> problems, Check<T> check) {
        try {
            return check.run();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** A check that returns what it read, or refuses the configuration. */
    @FunctionalInterface
    public interface Check<T> {
        /** Reads and checks. */
        T run() throws ConfigurationException;
    }

    /** What is wrong, in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
