package dozvon.core.callback;

import dozvon.core.callback.CallbackSchedule.AttemptResult;
import dozvon.core.callback.CallbackSchedule.Next;
import dozvon.core.hours.WorkingHours;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The task clock: instants stand in for a virtual clock; nothing here waits. */
class CallbackScheduleTest {

    private static final WorkingHours MOSCOW = WorkingHours.parse("Europe/Moscow",
            Map.of("mon-fri", List.of("09:00-19:00")), List.of("2027-01-01", "2027-03-08"));
    private static final WorkingHours BERLIN = WorkingHours.parse("Europe/Berlin",
            Map.of("mon-fri", List.of("09:00-18:00")), List.of());
    private static final List<Duration> LADDER = List.of(Duration.ZERO, Duration.ofMinutes(60),
            Duration.ofMinutes(180), Duration.ofMinutes(360));

    private static CallbackSchedule schedule(Duration spread) {
        return new CallbackSchedule(new CallbackSchedule.Settings(LADDER, 5, spread, Duration.ofSeconds(30)));
    }

    private static Instant moscow(String local) {
        return ZonedDateTime.parse(local + "+03:00[Europe/Moscow]").toInstant();
    }

    private static CallbackTask task(String id, int attempts) {
        Instant t = Instant.parse("2027-02-01T07:00:00Z");
        return new CallbackTask(id, "+79001234567", "sales", TaskReason.MISSED, null, null, TaskStatus.OPEN, t,
                attempts, 1, "c1", null, null, t, t, null);
    }

    @Test
    void duringWorkingHoursATaskIsDueAtOnce() {
        Instant now = moscow("2027-02-03T11:15:00"); // a Wednesday
        assertThat(schedule(Duration.ofMinutes(10)).firstDue(now, MOSCOW, "t1")).isEqualTo(now);
    }

    @Test
    void anEveningTaskIsDueNextMorningWithinTheSpreadWindow() {
        Instant now = moscow("2027-02-03T21:40:00");
        Instant due = schedule(Duration.ofMinutes(10)).firstDue(now, MOSCOW, "t1");
        assertThat(due).isBetween(moscow("2027-02-04T09:00:00"), moscow("2027-02-04T09:09:59"));
    }

    @Test
    void aFridayNightTaskWaitsForMonday() {
        Instant due = schedule(Duration.ZERO).firstDue(moscow("2027-02-05T20:00:00"), MOSCOW, "t1");
        assertThat(due).isEqualTo(moscow("2027-02-08T09:00:00"));
    }

    @Test
    void aHolidayIsSkipped() {
        // Sunday 2027-03-07; Monday 2027-03-08 is a holiday: due Tuesday morning.
        Instant due = schedule(Duration.ZERO).firstDue(moscow("2027-03-07T12:00:00"), MOSCOW, "t1");
        assertThat(due).isEqualTo(moscow("2027-03-09T09:00:00"));
    }

    @Test
    void theOpeningFollowsTheWallClockAcrossASpringDstSwitch() {
        // Berlin moves to summer time in the night to Sunday 2027-03-28: 09:00 on Monday is 07:00Z, not 08:00Z.
        Instant fridayEvening = Instant.parse("2027-03-26T18:00:00Z");
        Instant due = schedule(Duration.ZERO).firstDue(fridayEvening, BERLIN, "t1");
        assertThat(due).isEqualTo(Instant.parse("2027-03-29T07:00:00Z"));
        // and a week before the switch the same opening was 08:00Z
        assertThat(schedule(Duration.ZERO).firstDue(Instant.parse("2027-03-19T18:00:00Z"), BERLIN, "t1"))
                .isEqualTo(Instant.parse("2027-03-22T08:00:00Z"));
    }

    @Test
    void manyNightTasksAreSpreadOverTheWindowAndEachKeepsItsPlace() {
        CallbackSchedule s = schedule(Duration.ofMinutes(15));
        Instant night = moscow("2027-02-03T23:00:00");
        Instant opening = moscow("2027-02-04T09:00:00");
        Set<Instant> distinct = new HashSet<>();
        int inFirstMinute = 0;
        for (int i = 0; i < 200; i++) {
            Instant due = s.firstDue(night, MOSCOW, "task-" + i);
            assertThat(due).isBetween(opening, opening.plus(Duration.ofMinutes(15)).minusSeconds(1));
            assertThat(s.firstDue(night.plusSeconds(i), MOSCOW, "task-" + i)).as("deterministic").isEqualTo(due);
            distinct.add(due);
            if (due.isBefore(opening.plusSeconds(60))) {
                inFirstMinute++;
            }
        }
        assertThat(distinct).hasSizeGreaterThan(150);
        assertThat(inFirstMinute).as("about 1/15 of 200").isLessThan(40);
    }

    @Test
    void aSpreadPastAShortOpeningFallsBackToTheOpeningItself() {
        WorkingHours shortDay = WorkingHours.parse("UTC", Map.of("mon-sun", List.of("09:00-09:01")), List.of());
        CallbackSchedule s = schedule(Duration.ofMinutes(30));
        for (int i = 0; i < 20; i++) {
            Instant due = s.firstDue(Instant.parse("2027-02-03T12:00:00Z"), shortDay, "k" + i);
            assertThat(shortDay.isOpen(due)).isTrue();
        }
    }

    @Test
    void theLadderSetsEachRetryAndTheLastStepRepeats() {
        CallbackSchedule s = schedule(Duration.ZERO);
        Instant t = moscow("2027-02-03T09:30:00");
        assertThat(s.afterAttempt(task("t", 0), AttemptResult.CUSTOMER_UNREACHED, t, WorkingHours.ALWAYS))
                .isEqualTo(new Next.Retry(t.plus(Duration.ofMinutes(60)), 1));
        assertThat(s.afterAttempt(task("t", 1), AttemptResult.CUSTOMER_UNREACHED, t, WorkingHours.ALWAYS))
                .isEqualTo(new Next.Retry(t.plus(Duration.ofMinutes(180)), 2));
        assertThat(s.afterAttempt(task("t", 2), AttemptResult.CUSTOMER_UNREACHED, t, WorkingHours.ALWAYS))
                .isEqualTo(new Next.Retry(t.plus(Duration.ofMinutes(360)), 3));
        assertThat(s.afterAttempt(task("t", 3), AttemptResult.CUSTOMER_UNREACHED, t, WorkingHours.ALWAYS))
                .isEqualTo(new Next.Retry(t.plus(Duration.ofMinutes(360)), 4));
    }

    @Test
    void afterMaxAttemptsTheTaskClosesUnreached() {
        Next last = schedule(Duration.ZERO).afterAttempt(task("t", 4), AttemptResult.CUSTOMER_UNREACHED,
                moscow("2027-02-03T10:00:00"), MOSCOW);
        assertThat(last).isEqualTo(new Next.Close(CloseReason.UNREACHED, 5));
    }

    @Test
    void aRetryThatFallsAfterClosingMovesToTheNextOpening() {
        // 17:30 + 3 h = 20:30, closed: the retry waits for 09:00 next day
        Next next = schedule(Duration.ZERO).afterAttempt(task("t", 1), AttemptResult.CUSTOMER_UNREACHED,
                moscow("2027-02-03T17:30:00"), MOSCOW);
        assertThat(next).isEqualTo(new Next.Retry(moscow("2027-02-04T09:00:00"), 2));
    }

    @Test
    void aReachedCustomerClosesTheTask() {
        assertThat(schedule(Duration.ZERO).afterAttempt(task("t", 2), AttemptResult.CUSTOMER_ANSWERED,
                moscow("2027-02-03T10:00:00"), MOSCOW)).isEqualTo(new Next.Close(CloseReason.REACHED, 3));
    }

    @Test
    void anAgentWhoDidNotAnswerCostsTheCustomerNoAttempt() {
        Instant t = moscow("2027-02-03T10:00:00");
        assertThat(schedule(Duration.ZERO).afterAttempt(task("t", 4), AttemptResult.NO_AGENT, t, MOSCOW))
                .isEqualTo(new Next.Retry(t.plusSeconds(30), 4));
    }
}
