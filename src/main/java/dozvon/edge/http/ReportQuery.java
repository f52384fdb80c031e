package dozvon.edge.http;

import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * The query every report shares: a group (known, or absent where "every group" makes sense) and a period
 * [from, to). Each failure names its field, as {@link Inputs} does.
 */
record ReportQuery(String group, ZoneId zone, Instant from, Instant to) {

    /** A year and a day: enough for a yearly report across a leap year, and a bound on what one request reads. */
    static final Duration MAX_PERIOD = Duration.ofDays(367);
    static final Duration DEFAULT_PERIOD = Duration.ofDays(28);

    enum Default {
        /** From the start of today in the group's zone: what a wallboard or a daily check wants. */
        TODAY,
        /** The last four weeks: enough weeks for a weekday × hour average. */
        FOUR_WEEKS
    }

    static ReportQuery parse(RoutingContext ctx, Map<String, ZoneId> groupZones, boolean groupRequired,
                             Default period, Instant now) {
        String group = Inputs.single(ctx, "group");
        if (group != null && group.isBlank()) {
            group = null;
        }
        if (group == null && groupRequired) {
            throw new InvalidInput("group", "group is required");
        }
        if (group != null && !groupZones.containsKey(group)) {
            throw new InvalidInput("group", "unknown group '" + clip(group) + "'");
        }
        ZoneId zone = group == null ? ZoneId.of("UTC") : groupZones.get(group);
        Instant from = Inputs.optionalInstant(ctx, "from");
        Instant to = Inputs.optionalInstant(ctx, "to");
        if (to == null) {
            to = from == null ? now : from.plus(period == Default.TODAY ? Duration.ofDays(1) : DEFAULT_PERIOD);
        }
        if (from == null) {
            from = period == Default.TODAY ? LocalDate.ofInstant(to, zone).atStartOfDay(zone).toInstant()
                    : to.minus(DEFAULT_PERIOD);
            if (!from.isBefore(to)) { // "to" given as exactly midnight: the day before
                from = from.minus(Duration.ofDays(1));
            }
        }
        if (!to.isAfter(from)) {
            throw new InvalidInput("to", "to must be after from");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new InvalidInput("from", "the period must not be longer than " + MAX_PERIOD.toDays() + " days");
        }
        return new ReportQuery(group, zone, from, to);
    }

    /** A number in (0, 1) exclusive: a service level target of 0 or 100 % has no answer. */
    static double fraction(RoutingContext ctx, String name, double fallback) {
        String text = Inputs.single(ctx, name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, name + " must be a number between 0 and 1, such as 0.8");
        }
        if (!(v > 0 && v < 1)) {
            throw new InvalidInput(name, name + " must be greater than 0 and less than 1, such as 0.8");
        }
        return v;
    }

    /** A whole number in [min, max]. */
    static int wholeNumber(RoutingContext ctx, String name, int fallback, int min, int max) {
        String text = Inputs.single(ctx, name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, name + " must be a whole number from " + min + " to " + max);
        }
        if (v < min || v > max) {
            throw new InvalidInput(name, name + " must be from " + min + " to " + max);
        }
        return v;
    }

    private static String clip(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
