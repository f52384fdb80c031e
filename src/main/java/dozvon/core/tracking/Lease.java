package dozvon.core.tracking;

import java.time.Instant;

/** A pool number held by a visitor until {@code expiresAt} (renewed by the visitor's next request). */
public record Lease(String number, Instant expiresAt) {}
