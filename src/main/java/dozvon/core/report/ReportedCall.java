package dozvon.core.report;

import dozvon.core.chain.CallOutcome;

import java.time.Instant;
import java.util.Objects;

/**
 * What the KPIs need to know about one inbound call.
 *
 * @param waitSeconds      arrival to answer for answered calls, arrival to the end otherwise
 * @param talkSeconds      answer to end; 0 when not answered
 * @param answeredBy       the agent who talked; null when nobody or a plain number (head's mobile) answered
 * @param rangAgent        at least one agent's phone rang for this call (the LCR denominator)
 * @param source           tracking source; null when the call carries no tracking
 * @param campaign         tracking campaign; null when none
 * @param dispositionValue the deal value the agent typed in the console, as typed (null when none)
 */
public record ReportedCall(Instant arrivedAt, CallOutcome outcome, double waitSeconds, double talkSeconds,
                           String answeredBy, boolean rangAgent, String source, String campaign,
                           String dispositionValue) {

    /** The source of calls that carry no tracking, so they still show up as a row of their own. */
    public static final String NO_SOURCE = "(none)";

    public ReportedCall {
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(outcome, "outcome");
        if (waitSeconds < 0 || talkSeconds < 0 || Double.isNaN(waitSeconds) || Double.isNaN(talkSeconds)) {
            throw new IllegalArgumentException("wait and talk must be non-negative");
        }
    }

    public String sourceOrNone() {
        return source == null || source.isBlank() ? NO_SOURCE : source;
    }

    public String campaignOrNone() {
        return campaign == null || campaign.isBlank() ? NO_SOURCE : campaign;
    }
}
