package dozvon.core.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Callers refused with 603: exact numbers ({@code +79990000000}) or prefixes ({@code +7999*}). Numbers are
 * compared without the leading '+', since PBXs send either form. Immutable: a change builds a new one, which
 * the call path picks up whole, so a check never sees half an update.
 */
public final class Blacklist {

    /** What a pattern may look like: an optional '+', digits, and a trailing '*' for a prefix. */
    public static final Pattern PATTERN = Pattern.compile("\\+?[0-9]{1,15}\\*?");

    public static final Blacklist EMPTY = new Blacklist(List.of());

    private final Map<String, String> exact = new HashMap<>();
    /** Longest first, so the reason names the most specific pattern. */
    private final List<String[]> prefixes = new ArrayList<>();

    public Blacklist(List<String> patterns) {
        for (String p : patterns) {
            add(p);
        }
        prefixes.sort((a, b) -> Integer.compare(b[0].length(), a[0].length()));
    }

    /** Config patterns and stored ones together; a pattern in both counts once. */
    public static Blacklist of(List<String> configured, List<String> stored) {
        List<String> all = new ArrayList<>(configured);
        all.addAll(stored);
        return new Blacklist(all);
    }

    private void add(String pattern) {
        if (pattern.endsWith("*")) {
            prefixes.add(new String[] {digits(pattern.substring(0, pattern.length() - 1)), pattern});
        } else {
            exact.putIfAbsent(digits(pattern), pattern);
        }
    }

    public boolean blocks(String caller) {
        return match(caller).isPresent();
    }

    /** The pattern that blocks {@code caller} (an exact one before any prefix), or empty. */
    public Optional<String> match(String caller) {
        if (caller == null || caller.isEmpty()) {
            return Optional.empty();
        }
        String d = digits(caller);
        String hit = exact.get(d);
        if (hit != null) {
            return Optional.of(hit);
        }
        for (String[] p : prefixes) {
            if (d.startsWith(p[0])) {
                return Optional.of(p[1]);
            }
        }
        return Optional.empty();
    }

    public static boolean validPattern(String pattern) {
        return pattern != null && PATTERN.matcher(pattern).matches();
    }

    private static String digits(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }
}
