package dozvon.edge.http;

import dozvon.core.presence.AgentState;
import dozvon.core.presence.PresenceRules;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.stream.Collectors;

/**
 * The body of {@code PUT /api/agents/{id}/presence}: {@code {"state": "available" | "away" | "offline"}}.
 * Read from the bytes whatever the Content-Type says, so a curl without {@code -H} works; every refusal
 * says what was wrong and what is expected.
 */
final class PresenceRequest {

    static final String EXPECTED = "expected {\"state\": " + choices(" | ", true) + "}";
    /** Parser messages can be long and quote input back; the first part says enough. */
    private static final int MAX_REASON_LENGTH = 120;

    private PresenceRequest() {}

    /** The state asked for; {@link InvalidInput} (field {@code body} or {@code state}) when it cannot be used. */
    static AgentState parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInput("body", "the body is empty; " + EXPECTED);
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new InvalidInput("body", "the body is not valid JSON (" + reason(e) + "); " + EXPECTED);
        }
        if (!(value instanceof JsonObject json)) {
            throw new InvalidInput("body", "the body must be a JSON object; " + EXPECTED);
        }
        Object state = json.getValue("state");
        if (state == null) {
            throw new InvalidInput("state", "state is missing; " + EXPECTED);
        }
        if (!(state instanceof String text)) {
            throw new InvalidInput("state", "state must be a string: one of " + choices(", ", false));
        }
        return AgentState.fromWire(text)
                .filter(PresenceRules.SELF_SETTABLE::contains)
                .orElseThrow(() -> new InvalidInput("state", "state must be one of " + choices(", ", false)
                        + " (ringing, on_call and wrap_up are set by calls)"));
    }

    private static String choices(String separator, boolean quoted) {
        return PresenceRules.SELF_SETTABLE.stream()
                .map(s -> quoted ? "\"" + s.wire() + "\"" : s.wire())
                .collect(Collectors.joining(separator));
    }

    /** The parser's own words, without the "Failed to decode:" prefix or the quoted source. */
    private static String reason(DecodeException e) {
        String m = e.getMessage() == null ? "unreadable" : e.getMessage();
        m = m.replaceFirst("^Failed to decode:\\s*", "");
        int cut = m.indexOf('\n');
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        cut = m.indexOf(" at [Source");
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        m = m.length() > MAX_REASON_LENGTH ? m.substring(0, MAX_REASON_LENGTH) + "…" : m.trim();
        // cutting the source off can leave "(start marker" open
        long open = m.chars().filter(c -> c == '(').count() - m.chars().filter(c -> c == ')').count();
        return open > 0 ? m + ")".repeat((int) open) : m;
    }
}
