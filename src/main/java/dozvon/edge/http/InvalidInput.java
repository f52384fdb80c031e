package dozvon.edge.http;

/**
 * A request value that failed validation: answered 400 with {@code {"error": message, "field": field}}.
 * Thrown by {@link Inputs} and caught where a route handles the request; never escapes to the error handler.
 */
final class InvalidInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidInput(String field, String message) {
        super(message, null, false, false); // a validation answer, not an incident: no stack trace to fill
        this.field = field;
    }

    String field() {
        return field;
    }
}
