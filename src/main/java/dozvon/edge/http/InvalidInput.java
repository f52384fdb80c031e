package dozvon.edge.http;

/**
 * A request value that failed validation: answered 400 with {@code {"error": message, "field": field}}.
 * Thrown by {@link Inputs} and the routes while they read a request, before they start any work; the router's
 * failure handler ({@code HttpApi}) answers it, so no route catches it itself.
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
