package dozvon.core.tracking;

import java.time.Instant;
import java.util.Objects;

/** A blacklist pattern added over the API, with why (optional) and when. */
public record BlacklistEntry(String pattern, String note, Instant createdAt) {

    public BlacklistEntry {
        Objects.requireNonNull(pattern, "pattern");
    }
}
