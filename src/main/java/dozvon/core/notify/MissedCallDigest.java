package dozvon.core.notify;

import dozvon.core.port.Notification;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hourly digest of missed calls for a group head: one notification per group and clock hour (UTC hour
 * boundaries, shown in the group's own time zone), keyed {@code digest.missed:<group>:<hour start>}. Every replica
 * may build the same digest; the outbox keeps the first, so the head gets one mail per hour.
 */
public final class MissedCallDigest {

    /** A mail listing more calls than this says how many more there were instead. */
    public static final int MAX_LISTED = 200;

    /** The last hour that has fully passed at {@code now}: [start, start + 1 h). */
    public static Instant lastCompleteHour(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    }

    /**
     * @param calls the data of the group's {@code call.missed} notifications in that hour, oldest first
     * @param total how many there were (may exceed {@code calls.size()})
     */
    public static Notification of(String group, Instant hourStart, List<Map<String, Object>> calls, int total) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(Events.GROUP, group);
        data.put("from", hourStart.toString());
        data.put("to", hourStart.plus(Duration.ofHours(1)).toString());
        data.put("count", total);
        List<Object> listed = new ArrayList<>();
        for (Map<String, Object> c : calls.subList(0, Math.min(calls.size(), MAX_LISTED))) {
            Map<String, Object> line = new LinkedHashMap<>();
            for (String key : List.of("callId", "caller", "dialed", "arrivedAt", "outcome", "waitSeconds")) {
                if (c.get(key) != null) {
                    line.put(key, c.get(key));
                }
            }
            listed.add(line);
        }
        data.put("calls", listed);
        return new Notification(Events.MISSED_DIGEST, Events.MISSED_DIGEST + ":" + group + ":" + hourStart,
                hourStart.plus(Duration.ofHours(1)), data);
    }

    private MissedCallDigest() {}
}
