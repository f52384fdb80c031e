package dozvon.edge.notify;

import dozvon.core.notify.MissedCallDigest;
import dozvon.core.port.Notification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationEmailsTest {

    private static final Instant T0 = Instant.parse("2027-07-01T10:00:00Z");
    private final NotificationEmails emails = new NotificationEmails(Map.of("sales", ZoneId.of("Asia/Kolkata")));

    @Test
    void aClosedUnreachedTaskListsItsFieldsAtTheGroupsLocalTime() {
        NotificationEmails.Email e = emails.render(new Notification("callback.closed", "callback.closed:t1", T0,
                Map.of("group", "sales", "phone", "+79001234567", "reason", "unreached", "attempts", 5)));
        assertThat(e.subject()).isEqualTo("dozvon: callback.closed +79001234567");
        assertThat(e.text()).startsWith("callback.closed at 2027-07-01 15:30:00 (Asia/Kolkata)")
                .contains("attempts: 5\n").contains("reason: unreached\n");
    }

    @Test
    void aMissedCallWithoutCallerOrLegsStillReads() {
        NotificationEmails.Email e = new NotificationEmails(Map.of()).render(new Notification("call.missed",
                "call.missed:c1", T0, Map.of("callId", "c1", "group", "other", "outcome", "off_hours")));
        assertThat(e.subject()).isEqualTo("Missed call from unknown number at 2027-07-01 10:00:00 (UTC)");
        assertThat(e.text()).contains("Outcome: off_hours").contains("Nobody was rung.");
    }

    @Test
    void aDigestPastItsListSaysHowManyMore() {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (int i = 0; i < MissedCallDigest.MAX_LISTED + 5; i++) {
            calls.add(Map.of("callId", "c" + i, "caller", "+7900000" + i, "arrivedAt", T0.plusSeconds(i).toString()));
        }
        Notification digest = MissedCallDigest.of("sales", T0, calls, calls.size() + 10);
        assertThat(digest.idempotencyKey()).isEqualTo("digest.missed:sales:2027-07-01T10:00:00Z");
        NotificationEmails.Email e = emails.render(digest);
        assertThat(e.subject()).isEqualTo("215 missed call(s), 15:30–16:30 (Asia/Kolkata)");
        assertThat(e.text().lines().filter(l -> l.contains("[c"))).hasSize(MissedCallDigest.MAX_LISTED);
        assertThat(e.text()).endsWith("… and 15 more\n");
    }
}
