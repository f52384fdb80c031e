package dozvon.core.customer;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One key per customer whatever form the PBX sends: {@code +79001234567} and {@code 79001234567} are the same
 * caller. Numbers of 10 digits or more are taken as international and keyed with a '+'; shorter ones (internal
 * extensions) are kept as they are.
 */
public final class Phones {

    private static final Pattern ACCEPTED = Pattern.compile("\\+?[0-9]{2,20}");

    private Phones() {}

    /** The key for {@code raw}, or empty when it is not a phone number at all (anonymous, a SIP name). */
    public static Optional<String> canonical(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim();
        if (!ACCEPTED.matcher(s).matches()) {
            return Optional.empty();
        }
        String digits = s.startsWith("+") ? s.substring(1) : s;
        return Optional.of(s.startsWith("+") || digits.length() >= 10 ? "+" + digits : digits);
    }
}
