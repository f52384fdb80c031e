package dozvon.core.port;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What an agent noted about a call after it (the console's disposition form): stored on the call, also when
 * the disposition arrives before the call's record is written (the call may still be in progress).
 */
public interface Dispositions {

    /** One disposition; {@code value} and {@code note} may be empty. */
    record Disposition(String callId, String agentId, String category, String value, String note) {
        public Disposition {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(category, "category");
            value = value == null ? "" : value;
            note = note == null ? "" : note;
        }
    }

    /** Stores (or replaces) the disposition of a call. */
    CompletionStage<Void> save(Disposition disposition);

    /**
     * Whether the call's record says this agent answered it: for dispositions of calls the consoles no longer
     * keep in memory (the newest ended calls only).
     */
    CompletionStage<Boolean> answeredBy(String callId, String agentId);
}
