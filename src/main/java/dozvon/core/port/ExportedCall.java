package dozvon.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A call as the CSV export shows it: its history row plus direction, tracking and the agent's disposition.
 * Tracking and disposition fields are null when the call carries none.
 */
public record ExportedCall(CallSummary call, String direction, String source, String medium, String campaign,
                           String keyword, String category, String value, String note) {

    public ExportedCall {
        Objects.requireNonNull(call, "call");
    }

    /** Where the next page starts: after this arrival and id (calls that arrived at one instant keep an order). */
    public record Cursor(Instant arrivedAt, String callId) {}

    public Cursor cursor() {
        return new Cursor(call.arrivedAt(), call.callId());
    }
}
