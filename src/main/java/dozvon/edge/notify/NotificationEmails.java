package dozvon.edge.notify;

import dozvon.core.notify.Events;
import dozvon.core.port.Notification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of the e-mails to a group head: for a missed call, who called which number, when in the group's own
 * time zone (the head reads local time, not UTC), how long they waited and whom the chain rang; for other
 * events, the event and its fields.
 */
public final class NotificationEmails {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter TIME_S = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The subject and plain-text body of one e-mail. */
    public record Email(String subject, String text) {}

    private final Map<String, ZoneId> zoneByGroup;

    /** @param zoneByGroup each group's working-hours time zone; groups without hours are shown in UTC */
    public NotificationEmails(Map<String, ZoneId> zoneByGroup) {
        this.zoneByGroup = Map.copyOf(zoneByGroup);
    }

    public Email render(Notification n) {
        Map<String, Object> d = n.data();
        ZoneId zone = zoneByGroup.getOrDefault(String.valueOf(d.get(Events.GROUP)), UTC);
        if (n.event().equals(Events.CALL_MISSED)) {
            return missedCall(d, zone, n.occurredAt());
        }
        if (n.event().equals(Events.MISSED_DIGEST)) {
            return digest(d, zone, n.occurredAt());
        }
        StringBuilder text = new StringBuilder(n.event()).append(" at ").append(local(n.occurredAt(), zone)).append("\n\n");
        new TreeMap<>(d).forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        return new Email("dozvon: " + n.event() + describe(d), text.toString());
    }

    private Email missedCall(Map<String, Object> d, ZoneId zone, Instant occurredAt) {
        String caller = str(d.get("caller"), "unknown number");
        String dialed = str(d.get("dialed"), "?");
        Instant arrived = instant(d.get("arrivedAt"), occurredAt);
        StringBuilder text = new StringBuilder()
                .append("Missed call from ").append(caller).append(" to ").append(dialed);
        if (d.get(Events.GROUP) != null) {
            text.append(" (group ").append(d.get(Events.GROUP)).append(')');
        }
        text.append("\nWhen: ").append(local(arrived, zone));
        if (d.get("waitSeconds") != null) {
            text.append(", the caller waited ").append(d.get("waitSeconds")).append(" s");
        }
        text.append("\nOutcome: ").append(str(d.get("outcome"), "missed"));
        if (d.get("reason") != null) {
            text.append(" (").append(d.get("reason")).append(')');
        }
        if (d.get("legs") instanceof List<?> legs && !legs.isEmpty()) {
            text.append("\nRung:");
            int i = 1;
            for (Object o : legs) {
                if (o instanceof Map<?, ?> leg) {
                    text.append("\n  ").append(i++).append(". ").append(str(leg.get("target"), "?"))
                            .append(" — ").append(str(leg.get("result"), "?"));
                }
            }
        } else {
            text.append("\nNobody was rung.");
        }
        text.append("\nCall id: ").append(str(d.get("callId"), "?")).append('\n');
        return new Email("Missed call from " + caller + " at " + local(arrived, zone), text.toString());
    }

    private Email digest(Map<String, Object> d, ZoneId zone, Instant occurredAt) {
        Instant from = instant(d.get("from"), occurredAt);
        Instant to = instant(d.get("to"), occurredAt);
        String window = TIME.format(from.atZone(zone)) + "–" + TIME.format(to.atZone(zone)) + " (" + zone.getId() + ")";
        Object count = d.get("count");
        StringBuilder text = new StringBuilder().append(count).append(" missed call(s)");
        if (d.get(Events.GROUP) != null) {
            text.append(" in group ").append(d.get(Events.GROUP));
        }
        text.append(", ").append(LOCAL.format(from.atZone(zone)).substring(0, 10)).append(' ').append(window).append("\n\n");
        int listed = 0;
        if (d.get("calls") instanceof List<?> calls) {
            for (Object o : calls) {
                if (o instanceof Map<?, ?> c) {
                    listed++;
                    text.append(TIME_S.format(instant(c.get("arrivedAt"), from).atZone(zone))).append("  ")
                            .append(str(c.get("caller"), "unknown number")).append(" → ").append(str(c.get("dialed"), "?"))
                            .append("  ").append(str(c.get("outcome"), "missed"));
                    if (c.get("waitSeconds") != null) {
                        text.append(", waited ").append(c.get("waitSeconds")).append(" s");
                    }
                    text.append("  [").append(str(c.get("callId"), "?")).append("]\n");
                }
            }
        }
        if (count instanceof Number total && total.intValue() > listed) {
            text.append("… and ").append(total.intValue() - listed).append(" more\n");
        }
        return new Email(count + " missed call(s), " + window, text.toString());
    }

    private static String describe(Map<String, Object> d) {
        Object phone = d.get("phone");
        return phone == null ? "" : " " + phone;
    }

    private static String local(Instant at, ZoneId zone) {
        return LOCAL.format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }

    private static Instant instant(Object value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static String str(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }
}
