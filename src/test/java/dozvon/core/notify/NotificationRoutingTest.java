package dozvon.core.notify;

import dozvon.core.port.Notification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationRoutingTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");
    private final NotificationRouting routing = new NotificationRouting(List.of(
            new NotificationRouting.Webhook("http://crm/hook", Set.of("call.missed", "callback.created")),
            new NotificationRouting.Webhook("http://sms/hook", Set.of("call.missed")),
            new NotificationRouting.Webhook("http://all/hook", Set.of())),
            true, Map.of("sales", "igor@example.com"));

    private static Notification n(String event, Map<String, Object> data) {
        return new Notification(event, event + ":x", T0, data);
    }

    @Test
    void eachSubscribedWebhookAndTheGroupHeadGetAMissedCall() {
        assertThat(routing.targets(n("call.missed", Map.of("group", "sales")))).containsExactly(
                new DeliveryTarget(Channel.WEBHOOK, "http://crm/hook"),
                new DeliveryTarget(Channel.WEBHOOK, "http://sms/hook"),
                new DeliveryTarget(Channel.WEBHOOK, "http://all/hook"),
                new DeliveryTarget(Channel.EMAIL, "igor@example.com"));
    }

    @Test
    void answeredCallsAreNotMailedAndGoOnlyToWebhooksThatWantThem() {
        assertThat(routing.targets(n("call.answered", Map.of("group", "sales"))))
                .containsExactly(new DeliveryTarget(Channel.WEBHOOK, "http://all/hook"));
    }

    @Test
    void theHeadIsMailedAboutAClosedTaskOnlyWhenTheCustomerWasNeverReached() {
        assertThat(routing.targets(n("callback.closed", Map.of("group", "sales", "reason", "unreached"))))
                .contains(new DeliveryTarget(Channel.EMAIL, "igor@example.com"));
        assertThat(routing.targets(n("callback.closed", Map.of("group", "sales", "reason", "answered"))))
                .noneMatch(t -> t.channel() == Channel.EMAIL);
    }

    @Test
    void noMailWithoutSmtpOrWithoutAHeadAddress() {
        NotificationRouting noSmtp = new NotificationRouting(List.of(), false, Map.of("sales", "igor@example.com"));
        assertThat(noSmtp.targets(n("call.missed", Map.of("group", "sales")))).isEmpty();
        assertThat(routing.targets(n("call.missed", Map.of("group", "support"))))
                .noneMatch(t -> t.channel() == Channel.EMAIL);
        assertThat(routing.targets(n("call.missed", Map.of()))).noneMatch(t -> t.channel() == Channel.EMAIL);
    }

    @Test
    void withTheDigestOnMissedCallsAreNotMailedOneByOneAndDigestsReachOnlyTheHead() {
        NotificationRouting digest = new NotificationRouting(routing.webhooks(), true, routing.headEmails(), true);
        assertThat(digest.targets(n("call.missed", Map.of("group", "sales"))))
                .hasSize(3).noneMatch(t -> t.channel() == Channel.EMAIL);
        assertThat(digest.targets(n("digest.missed", Map.of("group", "sales"))))
                .containsExactly(new DeliveryTarget(Channel.EMAIL, "igor@example.com"));
    }

    @Test
    void anEventNoWebhookAsksForIsNotKeptButMissedCallsAlwaysAre() {
        NotificationRouting missedOnly = new NotificationRouting(List.of(
                new NotificationRouting.Webhook("http://crm/hook", Set.of("call.missed"))), false, Map.of());
        assertThat(missedOnly.keeps("call.answered")).isFalse();
        assertThat(missedOnly.keeps("callback.closed")).isFalse();
        assertThat(missedOnly.keeps("call.missed")).isTrue();
        assertThat(new NotificationRouting(List.of(), false, Map.of()).keeps("call.missed")).isTrue();
        // a webhook with no event list takes every event, and mail goes to the head for unreached callbacks
        assertThat(routing.keeps("call.answered")).isTrue();
        assertThat(new NotificationRouting(List.of(), true, Map.of()).keeps("callback.closed")).isTrue();
    }
}
