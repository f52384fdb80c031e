package dozvon.core.tracking;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Numbers shown to website visitors one per visitor, so a call to one tells which visit it came from.
 *
 * @param fallback the number shown when every pool number is leased (a call to it is not attributed to a
 *                 visit); null when none is configured
 */
public record NumberPool(String name, List<String> numbers, String groupId, Duration leaseFor, String fallback) {

    public NumberPool {
        Objects.requireNonNull(name, "name");
        numbers = List.copyOf(numbers);
        if (leaseFor.isNegative() || leaseFor.isZero()) {
            throw new IllegalArgumentException("a lease lasts some time");
        }
    }
}
