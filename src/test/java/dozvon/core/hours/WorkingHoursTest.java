package dozvon.core.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkingHoursTest {

    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Map<String, List<String>> weekly(String... keyThenValue) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < keyThenValue.length; i += 2) {
            m.put(keyThenValue[i], List.of(keyThenValue[i + 1].split(",")));
        }
        return m;
    }

    static Instant at(String localDateTime, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), zone).toInstant();
    }

    /** Sales in Moscow: weekdays 09:00-19:00, with New Year's Day off. 2027-01-01 is a Friday. */
    static final WorkingHours SALES = WorkingHours.parse("Europe/Moscow",
            weekly("mon-fri", "09:00-19:00"), List.of("2027-01-01"));

    @Nested
    class IsOpen {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "2027-01-04T08:59, false",   // Monday, a minute before opening
                "2027-01-04T09:00, true",    // opening minute is open (ranges are half-open)
                "2027-01-04T18:59, true",
                "2027-01-04T19:00, false",   // closing minute is closed
                "2027-01-09T12:00, false",   // Saturday
                "2027-01-10T12:00, false",   // Sunday
                "2027-01-01T12:00, false",   // holiday on a Friday
                "2026-12-31T12:00, true",    // the day before it is an ordinary Thursday
        })
        void weekday_hours_in_the_groups_zone(String local, boolean open) {
            assertThat(SALES.isOpen(at(local, MOSCOW))).isEqualTo(open);
        }

        @Test
        void judges_by_the_groups_wall_clock_not_utc() {
            // 06:30 UTC on a Monday is 09:30 in Moscow (UTC+3): open, though UTC's clock says not yet.
            assertThat(SALES.isOpen(Instant.parse("2027-01-04T06:30:00Z"))).isTrue();
            assertThat(SALES.isOpen(Instant.parse("2027-01-04T05:59:00Z"))).isFalse();
        }

        @Test
        void several_ranges_a_day_leave_a_lunch_break() {
            WorkingHours h = WorkingHours.parse("Europe/Moscow", weekly("mon", "09:00-13:00,14:00-18:00"), null);
            assertThat(h.isOpen(at("2027-01-04T12:59", MOSCOW))).isTrue();
            assertThat(h.isOpen(at("2027-01-04T13:30", MOSCOW))).isFalse();
            assertThat(h.isOpen(at("2027-01-04T14:00", MOSCOW))).isTrue();
        }

        @Test
        void twenty_four_hundred_runs_to_midnight() {
            WorkingHours h = WorkingHours.parse("Europe/Moscow", weekly("mon-sun", "00:00-24:00"), List.of());
            assertThat(h.isOpen(at("2027-01-04T23:59", MOSCOW))).isTrue();
            assertThat(h.isOpen(at("2027-01-05T00:00", MOSCOW))).isTrue();
        }

        @Test
        void no_hours_means_always_open() {
            assertThat(WorkingHours.ALWAYS.isOpen(Instant.parse("2027-01-01T03:00:00Z"))).isTrue();
            assertThat(WorkingHours.ALWAYS.nextOpening(Instant.EPOCH)).contains(Instant.EPOCH);
        }
    }

    @Nested
    class NextOpening {

        @Test
        void when_open_it_is_now() {
            Instant now = at("2027-01-04T10:00", MOSCOW);
            assertThat(SALES.nextOpening(now)).contains(now);
        }

        @Test
        void before_opening_it_is_today() {
            assertThat(SALES.nextOpening(at("2027-01-04T07:15", MOSCOW))).contains(at("2027-01-04T09:00", MOSCOW));
        }

        @Test
        void friday_evening_is_followed_by_monday_morning() {
            assertThat(SALES.nextOpening(at("2027-01-08T19:00", MOSCOW))).contains(at("2027-01-11T09:00", MOSCOW));
        }

        @Test
        void a_holiday_is_skipped() {
            // Thursday evening before the Friday holiday: the weekend follows, so Monday 4 January.
            assertThat(SALES.nextOpening(at("2026-12-31T20:00", MOSCOW))).contains(at("2027-01-04T09:00", MOSCOW));
        }

        @Test
        void after_lunch_break() {
            WorkingHours h = WorkingHours.parse("Europe/Moscow", weekly("mon", "09:00-13:00,14:00-18:00"), null);
            assertThat(h.nextOpening(at("2027-01-04T13:10", MOSCOW))).contains(at("2027-01-04T14:00", MOSCOW));
        }

        @Test
        void across_the_spring_dst_switch_the_wall_clock_time_holds() {
            // Berlin goes from CET (UTC+1) to CEST (UTC+2) on Sunday 2027-03-28.
            WorkingHours h = WorkingHours.parse("Europe/Berlin", weekly("mon-fri", "09:00-18:00"), null);
            assertThat(h.nextOpening(at("2027-03-26T18:30", BERLIN)))
                    .contains(Instant.parse("2027-03-29T07:00:00Z")); // 09:00 CEST, not 08:00 UTC
            assertThat(h.isOpen(Instant.parse("2027-03-26T08:00:00Z"))).isTrue();  // 09:00 CET
            assertThat(h.isOpen(Instant.parse("2027-03-29T07:00:00Z"))).isTrue();  // 09:00 CEST
            assertThat(h.isOpen(Instant.parse("2027-03-29T06:30:00Z"))).isFalse(); // 08:30 CEST
        }

        @Test
        void an_opening_inside_the_dst_gap_moves_forward_with_the_clocks() {
            // On 2027-03-28 Berlin's clocks jump from 02:00 to 03:00; 02:30 does not exist that day.
            WorkingHours h = WorkingHours.parse("Europe/Berlin", weekly("sun", "02:30-05:00"), null);
            assertThat(h.nextOpening(at("2027-03-28T00:00", BERLIN)))
                    .contains(Instant.parse("2027-03-28T01:30:00Z")); // 03:30 CEST
        }

        @Test
        void across_the_autumn_dst_switch_in_new_york() {
            // New York goes from EDT (UTC-4) to EST (UTC-5) on Sunday 2027-11-07.
            WorkingHours h = WorkingHours.parse("America/New_York", weekly("mon-fri", "09:00-17:00"), null);
            assertThat(h.nextOpening(Instant.parse("2027-11-05T22:00:00Z")))   // Friday 18:00 EDT
                    .contains(Instant.parse("2027-11-08T14:00:00Z"));          // Monday 09:00 EST
        }
    }

    @Nested
    class ParseErrors {

        @Test
        void overlapping_ranges_are_refused_naming_both() {
            assertThatThrownBy(() -> WorkingHours.parse("Europe/Moscow",
                    weekly("mon-fri", "09:00-13:00", "mon", "12:00-18:00"), null))
                    .isInstanceOf(WorkingHours.InvalidHoursException.class)
                    .hasMessageContaining("weekly.mon: '12:00-18:00' overlaps weekly.mon-fri '09:00-13:00' on mon");
        }

        @Test
        void touching_ranges_do_not_overlap() {
            WorkingHours h = WorkingHours.parse("UTC", weekly("mon", "09:00-13:00,13:00-18:00"), null);
            assertThat(h.isOpen(Instant.parse("2027-01-04T13:00:00Z"))).isTrue();
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', value = {
                "mon-fri | 9-18        | weekly.mon-fri: '9-18' is not HH:MM-HH:MM",
                "mon     | 09:00       | weekly.mon: '09:00' is not HH:MM-HH:MM",
                "mon     | 18:00-09:00 | ends before it starts",
                "mon     | 24:00-24:00 | cannot start at 24:00",
                "mon     | 09:60-10:00 | has a time that does not exist ('09:60')",
                "mon     | 09:00-25:00 | has a time that does not exist ('25:00')",
                "fri-mon | 09:00-18:00 | runs backwards",
                "monday  | 09:00-18:00 | 'monday' is not a day or day range",
        })
        void malformed_weekly_entries_name_their_key(String key, String value, String message) {
            assertThatThrownBy(() -> WorkingHours.parse("Europe/Moscow", weekly(key, value), null))
                    .isInstanceOf(WorkingHours.InvalidHoursException.class)
                    .hasMessageContaining(message);
        }

        @Test
        void every_problem_is_reported_at_once() {
            var e = (WorkingHours.InvalidHoursException) org.assertj.core.api.Assertions.catchThrowable(() ->
                    WorkingHours.parse("Mars/Olympus", weekly("mon", "9-18"), List.of("2027-13-01")));
            assertThat(e.problems()).containsExactly(
                    "timezone: unknown time zone 'Mars/Olympus'",
                    "weekly.mon: '9-18' is not HH:MM-HH:MM",
                    "holidays[0]: '2027-13-01' is not a date (YYYY-MM-DD)");
        }

        @Test
        void missing_zone_and_weekly_are_named() {
            var e = (WorkingHours.InvalidHoursException) org.assertj.core.api.Assertions.catchThrowable(() ->
                    WorkingHours.parse(" ", Map.of(), null));
            assertThat(e.problems()).hasSize(2)
                    .anyMatch(p -> p.startsWith("timezone: missing"))
                    .anyMatch(p -> p.startsWith("weekly: missing"));
        }

        @Test
        void a_day_with_no_range_is_refused() {
            Map<String, List<String>> w = new LinkedHashMap<>();
            w.put("sat", List.of());
            assertThatThrownBy(() -> WorkingHours.parse("UTC", w, null)).hasMessageContaining("weekly.sat: no time range");
        }
    }
}
