package dozvon.edge.http;

import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Validation of path and query values, each failure naming its field (see {@link InvalidInput}). */
final class Inputs {

    /** Ids (calls, agents) longer than this are refused before they reach a store. */
    static final int MAX_ID_LENGTH = 64;
    /** Longer than any ISO-8601 instant; keeps junk out of the parser. */
    private static final int MAX_INSTANT_LENGTH = 64;

    private Inputs() {}

    /** A path id: present, not blank, at most {@link #MAX_ID_LENGTH} characters, no control characters. */
    static String pathId(RoutingContext ctx, String name) {
        String id = ctx.pathParam(name);
        if (id == null || id.isBlank()) {
            throw new InvalidInput(name, name + " is missing");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new InvalidInput(name, name + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput(name, name + " contains control characters");
        }
        return id;
    }

    /**
     * An optional ISO-8601 instant ({@code 2027-03-01T10:00:00Z} or with an offset, {@code +03:00}); null
     * when absent or empty (what a form sends for an unset field).
     */
    static Instant optionalInstant(RoutingContext ctx, String name) {
        String text = single(ctx, name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > MAX_INSTANT_LENGTH) {
            throw new InvalidInput(name, name + " is too long for an ISO-8601 instant");
        }
        // An unencoded '+' of an offset arrives as a space (form encoding); an instant never holds a space.
        String iso = text.trim().replace(' ', '+');
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInput(name, name
                        + " must be an ISO-8601 instant such as 2027-03-01T10:00:00Z or 2027-03-01T13:00:00+03:00");
            }
        }
    }

    /** An optional whole number in [1, max]; {@code fallback} when absent or empty. */
    static int limit(RoutingContext ctx, String name, int fallback, int max) {
        String text = single(ctx, name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, name + " must be a whole number from 1 to " + max);
        }
        if (value < 1 || value > max) {
            throw new InvalidInput(name, name + " must be from 1 to " + max);
        }
        return value;
    }

    /** The one value of a query parameter, or null; given twice is refused rather than guessed at. */
    static String single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidInput(name, name + " is given more than once");
        }
        return values.get(0);
    }
}
