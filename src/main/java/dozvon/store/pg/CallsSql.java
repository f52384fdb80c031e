package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallDirection;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.chain.Leg;
import dozvon.core.port.CallSummary;
import dozvon.core.port.LegSummary;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The SQL of call records, each statement named, parameterised only, and the mapping to and from rows. */
final class CallsSql {

    /** A replay or a retry of the same call changes nothing: the first write wins. */
    static final String INSERT_CALL = """
            INSERT INTO calls (id, caller, dialed, group_id, outcome, final_code, reason, answered_by,
                               arrived_at, first_ring_at, answered_at, ended_at, wait_seconds, talk_seconds,
                               off_hours, trace, replica, tracking, direction, callbacks_done)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
            ON CONFLICT (id) DO NOTHING""";

    private static final String CALL_COLUMNS_C = """
            c.id, c.caller, c.dialed, c.group_id, c.outcome, c.final_code, c.reason, c.answered_by, c.arrived_at,
            c.first_ring_at, c.answered_at, c.ended_at, c.wait_seconds, c.talk_seconds, c.off_hours, c.direction""";

    /**
     * Ended calls whose callback work has not run, ended in ({@code $2}, {@code $1}), oldest first; and whether the
     * same caller was answered on a later call (then a missed call needs no task any more).
     */
    static final String CALLBACKS_PENDING = "SELECT " + CALL_COLUMNS_C + """
            , EXISTS (SELECT 1 FROM calls a
                       WHERE a.caller = c.caller AND a.outcome = 'answered' AND a.arrived_at > c.arrived_at)
                  AS answered_later
              FROM calls c
             WHERE NOT c.callbacks_done AND c.ended_at < $1 AND c.ended_at > $2
             ORDER BY c.ended_at
             LIMIT $3""";

    static final String CALLBACKS_DONE = "UPDATE calls SET callbacks_done = true WHERE id = $1 AND NOT callbacks_done";

    static final String INSERT_LEG = """
            INSERT INTO call_legs (call_id, leg_id, leg_no, step_no, kind, target, agent_id, address, auto_answer,
                                   started_at, ringing_at, answered_at, ended_at, result)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (call_id, leg_id) DO NOTHING""";

    private static final String CALL_COLUMNS = """
            id, caller, dialed, group_id, outcome, final_code, reason, answered_by, arrived_at, first_ring_at,
            answered_at, ended_at, wait_seconds, talk_seconds, off_hours, direction""";

    /** Newest first; a null bound is open. Ties on arrival are broken by id so pages are stable. */
    static final String RECENT_CALLS = "SELECT " + CALL_COLUMNS + """
             FROM calls
            WHERE ($1::timestamptz IS NULL OR arrived_at >= $1)
              AND ($2::timestamptz IS NULL OR arrived_at < $2)
            ORDER BY arrived_at DESC, id DESC
            LIMIT $3""";

    /** The trace as Postgres prints the jsonb: handed to the API as it is, never parsed on the way. */
    static final String CALL_BY_ID = "SELECT " + CALL_COLUMNS
            + ", trace::text AS trace, tracking::text AS tracking FROM calls WHERE id = $1";

    static final String LEGS_OF_CALL = """
            SELECT leg_id, leg_no, step_no, kind, target, agent_id, address, auto_answer, started_at, ringing_at,
                   answered_at, ended_at, result
              FROM call_legs
             WHERE call_id = $1
             ORDER BY leg_no""";

    private CallsSql() {}

    static Tuple callParams(CallCommand.Record record, String replicaId) {
        CallRecord c = record.call();
        return Tuple.tuple()
                .addValue(c.callId())
                .addValue(nullToEmpty(c.callerNumber()))
                .addValue(nullToEmpty(c.dialedNumber()))
                .addValue(c.groupId())
                .addValue(c.outcome().wire())
                .addValue(c.finalCode())
                .addValue(c.reason())
                .addValue(c.answeringAgentId())
                .addValue(time(c.arrivedAt()))
                .addValue(time(c.firstRingAt()))
                .addValue(time(c.answeredAt()))
                .addValue(time(c.endedAt()))
                .addValue(seconds(c.waitTime()))
                .addValue(seconds(c.talkTime()))
                .addValue(c.offHours())
                .addValue(TraceJson.of(record.trace()))
                .addValue(replicaId)
                .addValue(TrackingJson.of(c.tracking()))
                .addValue(c.direction().wire())
                // only a call whose callback work may open a task waits for it (CallbackCatchUp)
                .addValue(!c.mayOpenCallback());
    }

    static List<Tuple> legParams(CallCommand.Record record) {
        List<Tuple> out = new ArrayList<>();
        int legNo = 0;
        for (Leg leg : record.legs()) {
            out.add(Tuple.tuple()
                    .addValue(record.call().callId())
                    .addValue(leg.legId())
                    .addValue(legNo++)
                    .addValue(leg.stepIndex())
                    .addValue(leg.kind().name().toLowerCase(Locale.ROOT))
                    .addValue(leg.targetLabel())
                    .addValue(leg.agentId())
                    .addValue(leg.address())
                    .addValue(leg.autoAnswer())
                    .addValue(time(leg.startedAt()))
                    .addValue(time(leg.ringingAt()))
                    .addValue(time(leg.answeredAt()))
                    .addValue(time(leg.endedAt()))
                    .addValue(leg.result() == null ? null : leg.result().wire()));
        }
        return out;
    }

    static CallSummary callSummary(Row r) {
        return new CallSummary(
                r.getString("id"), r.getString("caller"), r.getString("dialed"), r.getString("group_id"),
                r.getString("outcome"), r.getInteger("final_code"), r.getString("reason"), r.getString("answered_by"),
                instant(r, "arrived_at"), instant(r, "first_ring_at"), instant(r, "answered_at"),
                instant(r, "ended_at"), r.getDouble("wait_seconds"), r.getDouble("talk_seconds"),
                r.getBoolean("off_hours"), r.getString("direction"));
    }

    /** The call as the domain records it (without tracking, legs and trace), from a row of {@link #CALL_COLUMNS}. */
    static CallRecord callRecord(Row r) {
        return new CallRecord(
                r.getString("id"), r.getString("caller"), r.getString("dialed"), r.getString("group_id"),
                instant(r, "arrived_at"), instant(r, "first_ring_at"), instant(r, "answered_at"),
                instant(r, "ended_at"), CallOutcome.fromWire(r.getString("outcome")).orElseThrow(),
                r.getString("answered_by"),
                duration(r.getDouble("wait_seconds")), duration(r.getDouble("talk_seconds")),
                Boolean.TRUE.equals(r.getBoolean("off_hours")), r.getInteger("final_code"), r.getString("reason"),
                null, CallDirection.fromWire(r.getString("direction")).orElse(CallDirection.INBOUND));
    }

    private static Duration duration(Double seconds) {
        return seconds == null ? null : Duration.ofMillis(Math.round(seconds * 1000));
    }

    static LegSummary legSummary(Row r) {
        return new LegSummary(
                r.getString("leg_id"), r.getInteger("leg_no"), r.getInteger("step_no"), r.getString("kind"),
                r.getString("target"), r.getString("agent_id"), r.getString("address"), r.getBoolean("auto_answer"),
                instant(r, "started_at"), instant(r, "ringing_at"), instant(r, "answered_at"), instant(r, "ended_at"),
                r.getString("result"));
    }

    static OffsetDateTime time(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    /** Seconds with millisecond precision: reports average waits, whole seconds would bias them. */
    private static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
