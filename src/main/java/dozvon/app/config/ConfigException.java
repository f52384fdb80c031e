package dozvon.app.config;

import java.util.List;

/** A user's configuration mistake: one line per problem, each naming the key path. Never shown as a stack trace. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
}
