package dozvon.edge.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.Set;

/** Reading JSON request bodies field by field, every refusal naming the field (see {@link InvalidInput}). */
final class JsonBodies {

    private JsonBodies() {}

    /** The body as an object whose keys are all among {@code allowed}; a typo'd key is refused, not ignored. */
    static JsonObject object(String body, Set<String> allowed) {
        if (body == null || body.isBlank()) {
            throw new InvalidInput("body", "the body is empty; expected a JSON object");
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new InvalidInput("body", "the body is not valid JSON");
        }
        if (!(value instanceof JsonObject json)) {
            throw new InvalidInput("body", "the body must be a JSON object");
        }
        for (String key : json.fieldNames()) {
            if (!allowed.contains(key)) {
                throw new InvalidInput(key.length() > 64 ? key.substring(0, 64) : key,
                        "unknown field; expected some of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return json;
    }

    /**
     * A text field that may be absent (null: leave as it is), null or empty (an empty Optional: clear it), or a
     * string of at most {@code max} characters without control characters other than line breaks.
     */
    static Optional<String> optionalText(JsonObject json, String field, int max) {
        if (!json.containsKey(field)) {
            return null;
        }
        Object v = json.getValue(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new InvalidInput(field, field + " must be a string or null");
        }
        return Optional.of(text(field, s, max)).filter(t -> !t.isEmpty());
    }

    /** A string field that may be missing or null (then null); otherwise checked like {@link #optionalText}. */
    static String text(JsonObject json, String field, int max) {
        Object v = json.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new InvalidInput(field, field + " must be a string");
        }
        String t = text(field, s, max);
        return t.isEmpty() ? null : t;
    }

    private static String text(String field, String s, int max) {
        String t = s.strip();
        if (t.length() > max) {
            throw new InvalidInput(field, field + " is longer than " + max + " characters");
        }
        if (t.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidInput(field, field + " contains control characters");
        }
        return t;
    }
}
