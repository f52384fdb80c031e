package dozvon.core.customer;

import java.time.Instant;

/** One earlier call of a customer, as the screen pop lists it. {@code outcome} is the wire name. */
public record PastCall(String callId, Instant arrivedAt, String outcome, String answeredBy, Double talkSeconds,
                       String dialed) {}
