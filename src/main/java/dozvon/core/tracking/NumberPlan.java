package dozvon.core.tracking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which group answers which dialled number, and the ad source a static number carries. PBXs send numbers
 * with or without the leading '+', so both forms are looked up.
 */
public final class NumberPlan {

    /**
     * A configured number: its group and, for a static tracking number, where its calls come from.
     *
     * @param pool the dynamic-tracking pool the number belongs to; null for a static number
     */
    public record Entry(String number, String groupId, Tracking tracking, String pool) {

        public Entry(String number, String groupId, Tracking tracking) {
            this(number, groupId, tracking, null);
        }

        /** What a call to this number is attributed to before any visitor session is looked up. */
        public Attribution attribution() {
            if (pool != null) {
                return Attribution.ofPool(pool);
            }
            return tracking == null ? null : Attribution.ofStatic(tracking.source(), tracking.medium(),
                    tracking.campaign());
        }
    }

    /** Attribution of a call: ad source, medium and campaign (all nullable). */
    public record Tracking(String source, String medium, String campaign) {}

    private final Map<String, Entry> byNumber = new HashMap<>();

    public NumberPlan(List<Entry> entries) {
        for (Entry e : entries) {
            byNumber.put(e.number(), e);
        }
    }

    public Optional<Entry> lookup(String dialed) {
        if (dialed == null || dialed.isEmpty()) {
            return Optional.empty();
        }
        Entry e = byNumber.get(dialed);
        if (e == null && !dialed.startsWith("+")) {
            e = byNumber.get("+" + dialed);
        }
        return Optional.ofNullable(e);
    }
}
