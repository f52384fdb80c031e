package dozvon.app;

import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Call rows written straight into a test database, as the gateway writes them (and as the tracking and
 * disposition work fills {@code tracking} and {@code disposition}), for report tests.
 */
final class ReportRows {

    private ReportRows() {}

    static String tracking(String source, String campaign) {
        return new JsonObject().put("source", source).put("medium", "cpc").put("campaign", campaign)
                .put("keyword", "buy " + campaign).encode();
    }

    static String disposition(String category, String value, String note) {
        return new JsonObject().put("category", category).put("value", value).put("note", note).encode();
    }

    static void call(Connection c, String id, String direction, String group, String outcome, Instant at,
                             double wait, double talk, String agent, boolean rang, String tracking,
                             String disposition) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO calls (id, direction, caller, dialed, group_id, outcome, arrived_at, answered_at, ended_at,
                                   wait_seconds, talk_seconds, answered_by, tracking, disposition)
                VALUES (?, ?, '+79160000001', '+74950000000', ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            Instant answered = "answered".equals(outcome) ? at.plusMillis((long) (wait * 1000)) : null;
            Instant ended = at.plusMillis((long) ((wait + talk) * 1000));
            st.setString(1, id);
            st.setString(2, direction);
            st.setString(3, group);
            st.setString(4, outcome);
            st.setObject(5, at.atOffset(ZoneOffset.UTC));
            st.setObject(6, answered == null ? null : answered.atOffset(ZoneOffset.UTC));
            st.setObject(7, ended.atOffset(ZoneOffset.UTC));
            st.setDouble(8, wait);
            st.setDouble(9, talk);
            st.setString(10, agent);
            st.setString(11, tracking);
            st.setString(12, disposition);
            st.executeUpdate();
        }
        try (PreparedStatement leg = c.prepareStatement("""
                INSERT INTO call_legs (call_id, leg_id, leg_no, step_no, kind, target, agent_id, started_at, ringing_at,
                                       result) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, 'no_answer')""")) {
            // every call gets an agent leg; only the ones that "rang" got as far as ringing (a leg to an
            // unreachable phone fails before it rings, and must not count for LCR)
            leg.setString(1, id);
            leg.setString(2, id + "-L1");
            leg.setInt(3, 0);
            leg.setString(4, "agent");
            leg.setString(5, "agent:anna");
            leg.setString(6, "anna");
            leg.setObject(7, at.atOffset(ZoneOffset.UTC));
            leg.setObject(8, rang ? at.plusMillis(300).atOffset(ZoneOffset.UTC) : null);
            leg.executeUpdate();
            // a ringing number leg (the head's mobile) never counts as "rang an agent"
            leg.setString(2, id + "-L2");
            leg.setInt(3, 1);
            leg.setString(4, "number");
            leg.setString(5, "number:+79160000009");
            leg.setString(6, null);
            leg.setObject(8, at.plusMillis(500).atOffset(ZoneOffset.UTC));
            leg.executeUpdate();
        }
    }
}
