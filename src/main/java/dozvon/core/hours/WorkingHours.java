package dozvon.core.hours;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A group's opening hours: weekly ranges in the group's own time zone, minus holidays.
 * Times are wall-clock times in that zone, so a DST switch moves them with the clocks, as people expect.
 */
public final class WorkingHours {

    /** No {@code hours} configured: the group is always open. */
    public static final WorkingHours ALWAYS = new WorkingHours(ZoneId.of("UTC"), null, Set.of());

    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final int MAX_DAYS_AHEAD = 400;

    private final ZoneId zone;
    /** Null means always open. Ranges per day are sorted and do not overlap. */
    private final Map<DayOfWeek, List<MinuteRange>> weekly;
    private final Set<LocalDate> holidays;

    private WorkingHours(ZoneId zone, Map<DayOfWeek, List<MinuteRange>> weekly, Set<LocalDate> holidays) {
        this.zone = zone;
        this.weekly = weekly;
        this.holidays = holidays;
    }

    /** A half-open range of minutes of a day, [start, end); end may be 1440 ("24:00"). */
    public record MinuteRange(int start, int end) {
        boolean contains(int minute) { return minute >= start && minute < end; }
        boolean overlaps(MinuteRange o) { return start < o.end && o.start < end; }
    }

    public ZoneId zone() { return zone; }

    public boolean isOpen(Instant at) {
        if (weekly == null) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        int minute = local.getHour() * 60 + local.getMinute();
        for (MinuteRange r : weekly.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (r.contains(minute)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first instant at or after {@code from} when the group is open; {@code from} itself when open now.
     * Empty when no opening exists within a year (every day closed).
     */
    public Optional<Instant> nextOpening(Instant from) {
        if (isOpen(from)) {
            return Optional.of(from);
        }
        LocalDate day = from.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS_AHEAD; i++, day = day.plusDays(1)) {
            if (holidays.contains(day)) {
                continue;
            }
            for (MinuteRange r : weekly.getOrDefault(day.getDayOfWeek(), List.of())) {
                Instant start = toInstant(day, r.start());
                if (start.isAfter(from)) {
                    return Optional.of(start);
                }
            }
        }
        return Optional.empty();
    }

    /** Wall-clock time to instant; a time inside a DST gap moves forward by the gap, as a wall clock does. */
    private Instant toInstant(LocalDate day, int minuteOfDay) {
        LocalDateTime ldt = minuteOfDay >= MINUTES_PER_DAY
                ? day.plusDays(1).atStartOfDay()
                : day.atTime(LocalTime.of(minuteOfDay / 60, minuteOfDay % 60));
        return ZonedDateTime.ofLocal(ldt, zone, null).toInstant();
    }

    /**
     * Parses the config form. Problems are collected, each message naming the sub-key it is about
     * (e.g. {@code weekly.mon-fri: '9-18' is not HH:MM-HH:MM}).
     *
     * @throws InvalidHoursException listing every problem found
     */
    public static WorkingHours parse(String timezone, Map<String, List<String>> weekly, List<String> holidays) {
        List<String> problems = new ArrayList<>();
        ZoneId zone = ZoneId.of("UTC");
        if (timezone == null || timezone.isBlank()) {
            problems.add("timezone: missing (an IANA zone such as Europe/Moscow)");
        } else {
            try {
                zone = ZoneId.of(timezone.trim());
            } catch (DateTimeException e) {
                problems.add("timezone: unknown time zone '" + timezone + "'");
            }
        }
        Map<DayOfWeek, List<MinuteRange>> days = new EnumMap<>(DayOfWeek.class);
        Map<DayOfWeek, List<String>> sourceKey = new EnumMap<>(DayOfWeek.class);
        if (weekly == null || weekly.isEmpty()) {
            problems.add("weekly: missing (e.g. mon-fri: \"09:00-19:00\")");
        } else {
            for (Map.Entry<String, List<String>> e : weekly.entrySet()) {
                String key = "weekly." + e.getKey();
                List<DayOfWeek> keyDays;
                try {
                    keyDays = parseDays(e.getKey());
                } catch (IllegalArgumentException ex) {
                    problems.add(key + ": " + ex.getMessage());
                    continue;
                }
                List<String> values = e.getValue() == null ? List.of() : e.getValue();
                if (values.isEmpty()) {
                    problems.add(key + ": no time range (use \"HH:MM-HH:MM\" or a list of them)");
                }
                for (String v : values) {
                    MinuteRange range;
                    try {
                        range = parseRange(v);
                    } catch (IllegalArgumentException ex) {
                        problems.add(key + ": " + ex.getMessage());
                        continue;
                    }
                    for (DayOfWeek d : keyDays) {
                        List<MinuteRange> existing = days.computeIfAbsent(d, x -> new ArrayList<>());
                        List<String> keys = sourceKey.computeIfAbsent(d, x -> new ArrayList<>());
                        for (int i = 0; i < existing.size(); i++) {
                            if (existing.get(i).overlaps(range)) {
                                problems.add(key + ": '" + v + "' overlaps " + keys.get(i) + " on "
                                        + d.name().substring(0, 3).toLowerCase());
                            }
                        }
                        existing.add(range);
                        keys.add(key + " '" + v + "'");
                    }
                }
            }
        }
        Set<LocalDate> holidaySet = new TreeSet<>();
        if (holidays != null) {
            for (int i = 0; i < holidays.size(); i++) {
                try {
                    holidaySet.add(LocalDate.parse(String.valueOf(holidays.get(i)).trim()));
                } catch (DateTimeParseException ex) {
                    problems.add("holidays[" + i + "]: '" + holidays.get(i) + "' is not a date (YYYY-MM-DD)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidHoursException(problems);
        }
        days.values().forEach(l -> l.sort((a, b) -> Integer.compare(a.start(), b.start())));
        days.replaceAll((d, l) -> List.copyOf(l));
        return new WorkingHours(zone, Collections.unmodifiableMap(days), Set.copyOf(holidaySet));
    }

    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private static List<DayOfWeek> parseDays(String key) {
        String k = key.trim().toLowerCase();
        int dash = k.indexOf('-');
        if (dash < 0) {
            return List.of(day(k, key));
        }
        DayOfWeek from = day(k.substring(0, dash), key);
        DayOfWeek to = day(k.substring(dash + 1), key);
        if (to.compareTo(from) < 0) {
            throw new IllegalArgumentException("day range '" + key + "' runs backwards (write mon-fri, not fri-mon)");
        }
        List<DayOfWeek> out = new ArrayList<>();
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            out.add(d);
            if (d == to) {
                return out;
            }
        }
    }

    private static DayOfWeek day(String name, String key) {
        int i = DAY_NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("'" + key + "' is not a day or day range (mon..sun, e.g. mon-fri)");
        }
        return DayOfWeek.of(i + 1);
    }

    static MinuteRange parseRange(String text) {
        String t = text == null ? "" : text.trim();
        int dash = t.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not HH:MM-HH:MM");
        }
        int start = minute(t.substring(0, dash).trim(), text);
        int end = minute(t.substring(dash + 1).trim(), text);
        if (start >= MINUTES_PER_DAY) {
            throw new IllegalArgumentException("'" + text + "' cannot start at 24:00");
        }
        if (end <= start) {
            throw new IllegalArgumentException("'" + text + "' ends before it starts (use 24:00 for midnight)");
        }
        return new MinuteRange(start, end);
    }

    private static int minute(String hhmm, String whole) {
        if (!hhmm.matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException("'" + whole + "' is not HH:MM-HH:MM");
        }
        int h = Integer.parseInt(hhmm.substring(0, 2));
        int m = Integer.parseInt(hhmm.substring(3));
        if (m > 59 || h > 24 || (h == 24 && m != 0)) {
            throw new IllegalArgumentException("'" + whole + "' has a time that does not exist ('" + hhmm + "')");
        }
        return h * 60 + m;
    }

    /** Every problem found in an {@code hours} block, each naming its sub-key. */
    public static final class InvalidHoursException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public InvalidHoursException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() { return problems; }
    }
}
