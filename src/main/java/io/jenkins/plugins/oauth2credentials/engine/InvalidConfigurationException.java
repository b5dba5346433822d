package io.jenkins.plugins.oauth2credentials.engine;

import java.util.List;

/** A client configuration that cannot be used; carries every problem found, each naming its field. */
public final class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigurationProblem> problems;

    public InvalidConfigurationException(List<ConfigurationProblem> problems) {
        super(problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    /** All problems, the first being the one in {@link #getMessage()}. */
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    /** The field of the first problem. */
    public String field() {
        return problems.get(0).field();
    }
}
