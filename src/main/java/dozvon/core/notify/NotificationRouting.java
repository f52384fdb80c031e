package dozvon.core.notify;

import dozvon.core.port.Notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is told about what, decided when a notification is queued (so a delivery's target never changes under
 * it): every webhook subscribed to the event, and the head of the notification's group by e-mail for a missed
 * call (or, with the hourly digest on, for the digest instead), or for a callback task closed as
 * {@code unreached}.
 *
 * @param webhooks   the configured webhooks
 * @param emailOn    whether an SMTP server is configured
 * @param headEmails group id → its head's e-mail address (groups whose head has none are absent)
 * @param digest     missed calls are mailed once an hour as a digest, not one by one
 */
public record NotificationRouting(List<Webhook> webhooks, boolean emailOn, Map<String, String> headEmails,
                                  boolean digest) {

    public NotificationRouting(List<Webhook> webhooks, boolean emailOn, Map<String, String> headEmails) {
        this(webhooks, emailOn, headEmails, false);
    }

    /** @param events the events it is sent; empty = all of them */
    public record Webhook(String url, Set<String> events) {
        public Webhook {
            events = Set.copyOf(events);
        }

        boolean wants(String event) {
            return events.isEmpty() || events.contains(event);
        }
    }

    public NotificationRouting {
        webhooks = List.copyOf(webhooks);
        headEmails = Map.copyOf(headEmails);
    }

    public List<DeliveryTarget> targets(Notification n) {
        List<DeliveryTarget> out = new ArrayList<>();
        for (Webhook w : webhooks) {
            if (Events.PUBLIC.contains(n.event()) && w.wants(n.event())) {
                out.add(new DeliveryTarget(Channel.WEBHOOK, w.url()));
            }
        }
        if (emailOn && emailedToHead(n)) {
            Object group = n.data().get(Events.GROUP);
            String head = group == null ? null : headEmails.get(group.toString());
            if (head != null) {
                out.add(new DeliveryTarget(Channel.EMAIL, head));
            }
        }
        return out;
    }

    /**
     * Whether a notification of this event can have anyone to tell (or is kept anyway: missed calls feed the
     * digest and the history), so that the thousand answered calls a minute build nothing when no webhook
     * asked for {@code call.answered}.
     */
    public boolean keeps(String event) {
        if (event.equals(Events.CALL_MISSED) || event.equals(Events.MISSED_DIGEST)) {
            return true;
        }
        for (Webhook w : webhooks) {
            if (Events.PUBLIC.contains(event) && w.wants(event)) {
                return true;
            }
        }
        return emailOn && event.equals(Events.CALLBACK_CLOSED);
    }

    private boolean emailedToHead(Notification n) {
        if (n.event().equals(Events.CALL_MISSED)) {
            return !digest;
        }
        if (n.event().equals(Events.MISSED_DIGEST)) {
            return true;
        }
        return n.event().equals(Events.CALLBACK_CLOSED) && "unreached".equals(n.data().get("reason"));
    }
}
