package dozvon.core.report;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A deal value as agents type it into the console's free-text field: "15000", "15 000", "1500.50" or
 * "1500,50" (a decimal comma, as Russian-speaking agents write it). Anything else ("tomorrow", "5k") is not a
 * value: it counts as no deal rather than a guess.
 */
public final class DealValue {

    /** Digits with an optional decimal part of up to 4 places, optional leading minus. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(\\.\\d{1,4})?");

    private DealValue() {}

    public static Optional<BigDecimal> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String s = typed.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "");
        if (s.indexOf(',') >= 0) {
            if (s.indexOf('.') >= 0 || s.indexOf(',') != s.lastIndexOf(',')) {
                return Optional.empty(); // "1,500.50" or "1,500,000": thousands commas are ambiguous, refuse
            }
            s = s.replace(',', '.');
        }
        if (!NUMBER.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(s));
    }
}
