package dozvon.core.notify;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.chain.Leg;
import dozvon.core.port.CallOutcomeListener;
import dozvon.core.port.Notification;
import dozvon.core.port.Notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns ended calls into notifications: {@code call.answered} for answered calls and {@code call.missed} for
 * every call nobody answered that a person should return — chain exhausted ({@code missed}), outside working
 * hours ({@code off_hours}) and callers who hung up while waiting ({@code abandoned}), except hang-ups faster than
 * {@code telephony.shortAbandonSeconds} (misdials, not counted as offered either). {@code data.outcome} tells
 * them apart. Refused calls (blacklist, unknown number) notify nobody.
 *
 * <p>The idempotency key is {@code <event>:<callId>}: a call record replayed from the spool after an outage is
 * told again, and the outbox drops the second copy.
 */
public final class CallNotifications implements CallOutcomeListener {

    private final Notifier notifier;
    private final Duration shortAbandon;
    private final Predicate<String> kept;

    /** @param kept the events anyone is told of ({@link NotificationRouting#keeps}); others are not even built */
    public CallNotifications(Notifier notifier, Duration shortAbandon, Predicate<String> kept) {
        this.notifier = notifier;
        this.shortAbandon = shortAbandon;
        this.kept = kept;
    }

    @Override
    public void ended(CallCommand.Record record) {
        // the notifier logs its own failures; a listener must return at once
        String event = eventFor(record.call());
        if (event != null && kept.test(event)) {
            notifier.notify(notification(event, record));
        }
    }

    public Optional<Notification> notificationFor(CallCommand.Record record) {
        CallRecord call = record.call();
        String event = eventFor(call);
        if (event == null) {
            return Optional.empty();
        }
        return Optional.of(notification(event, record));
    }

    private static Notification notification(String event, CallCommand.Record record) {
        CallRecord call = record.call();
        return new Notification(event, event + ":" + call.callId(), call.endedAt(), data(record));
    }

    private String eventFor(CallRecord call) {
        if (call.outbound()) {
            return null; // the auto-dialer's attempts: their task tells callback.closed, not a missed call per attempt
        }
        CallOutcome outcome = call.outcome();
        if (outcome == CallOutcome.ANSWERED) {
            return Events.CALL_ANSWERED;
        }
        if (outcome == CallOutcome.MISSED || outcome == CallOutcome.OFF_HOURS) {
            return Events.CALL_MISSED;
        }
        if (outcome == CallOutcome.ABANDONED && call.waitTime() != null && call.waitTime().compareTo(shortAbandon) >= 0) {
            return Events.CALL_MISSED;
        }
        return null;
    }

    private static Map<String, Object> data(CallCommand.Record record) {
        CallRecord call = record.call();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("callId", call.callId());
        put(data, "caller", call.callerNumber());
        put(data, "dialed", call.dialedNumber());
        put(data, Events.GROUP, call.groupId());
        data.put("outcome", call.outcome().wire());
        data.put("offHours", call.offHours());
        data.put("arrivedAt", call.arrivedAt().toString());
        put(data, "answeredAt", text(call.answeredAt()));
        data.put("endedAt", call.endedAt().toString());
        put(data, "answeredBy", call.answeringAgentId());
        if (call.waitTime() != null) {
            data.put("waitSeconds", call.waitSeconds());
        }
        if (call.talkTime() != null) {
            data.put("talkSeconds", call.talkSeconds());
        }
        put(data, "reason", call.reason());
        List<Object> legs = new ArrayList<>();
        for (Leg leg : record.legs()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("target", leg.targetLabel());
            l.put("step", leg.stepIndex());
            l.put("startedAt", leg.startedAt().toString());
            put(l, "endedAt", text(leg.endedAt()));
            put(l, "result", leg.result() == null ? null : leg.result().wire());
            legs.add(l);
        }
        data.put("legs", legs);
        return data;
    }

    /** Notification data is copied with Map.copyOf, which refuses nulls: absent values are left out. */
    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
