package dozvon.core.tracking;

import java.util.List;

/**
 * Callers refused with 603: exact numbers ({@code +79990000000}) or prefixes ({@code +7999*}). Numbers are
 * compared without the leading '+', since PBXs send either form.
 */
public final class Blacklist {

    private final List<String> exact;
    private final List<String> prefixes;

    public Blacklist(List<String> entries) {
        this.exact = entries.stream().filter(e -> !e.endsWith("*")).map(Blacklist::digits).toList();
        this.prefixes = entries.stream().filter(e -> e.endsWith("*"))
                .map(e -> digits(e.substring(0, e.length() - 1))).toList();
    }

    public boolean blocks(String caller) {
        if (caller == null) {
            return false;
        }
        String d = digits(caller);
        if (exact.contains(d)) {
            return true;
        }
        for (String p : prefixes) {
            if (d.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String digits(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }
}
