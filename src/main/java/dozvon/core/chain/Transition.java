package dozvon.core.chain;

import java.util.List;

/** The result of one step of the machine: the call's new state and what the shell must do, in order. */
public record Transition(CallState state, List<CallCommand> commands) {
    public Transition {
        commands = List.copyOf(commands);
    }
}
