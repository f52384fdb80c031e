package dozvon.store.pg;

import dozvon.core.callback.CallbackTask;
import dozvon.core.callback.CloseReason;
import dozvon.core.callback.TaskReason;
import dozvon.core.callback.TaskStatus;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;

/** The SQL of callback tasks, each statement named and parameterised, and the row mapping. */
final class CallbackSql {

    static final String COLUMNS = """
            id, phone, group_id, reason, note, agent_id, status, due_at, attempts, calls, last_call_id,
            close_reason, close_note, created_at, updated_at, closed_at""";

    /** {@code xmax = 0} only for a row this statement inserted: tells a new task from a merge. */
    /** A call told twice (a spool replay, a retry) merges once: the same last call adds nothing. */
    static final String OPEN_OR_MERGE = """
            INSERT INTO callback_tasks (id, phone, group_id, reason, note, agent_id, merge_key, due_at, calls,
                                        last_call_id, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10)
            ON CONFLICT (merge_key) WHERE status = 'open'
            DO UPDATE SET calls = callback_tasks.calls
                              + CASE WHEN callback_tasks.last_call_id = EXCLUDED.last_call_id THEN 0 ELSE 1 END,
                          last_call_id = EXCLUDED.last_call_id,
                          updated_at = EXCLUDED.updated_at
            RETURNING\s""" + COLUMNS + ", (xmax = 0) AS created";

    static final String SCHEDULE = """
            INSERT INTO callback_tasks (id, phone, group_id, reason, note, agent_id, due_at, calls, created_at,
                                        updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8)
            RETURNING\s""" + COLUMNS;

    /** Only tasks made from calls: a follow-up a CRM scheduled for next week is about something else. */
    static final String CLOSE_REACHED = """
            UPDATE callback_tasks
               SET status = 'closed', close_reason = 'reached', last_call_id = $2, updated_at = $3, closed_at = $3,
                   lease_owner = NULL, lease_until = NULL
             WHERE phone = $1 AND status = 'open' AND merge_key IS NOT NULL
            RETURNING\s""" + COLUMNS;

    static final String LIST = "SELECT " + COLUMNS + """
             FROM callback_tasks
            WHERE ($1::text IS NULL OR status = $1)
              AND ($2::text IS NULL OR group_id = $2)
              AND ($3::text IS NULL OR agent_id = $3)
            ORDER BY CASE WHEN status = 'open' THEN due_at END ASC NULLS LAST, created_at DESC, id
            LIMIT $4""";

    static final String BY_ID = "SELECT " + COLUMNS + " FROM callback_tasks WHERE id = $1";

    /** $2 = whether to set agent_id; $4 = new due time or null; $5 = close with note $6. Closed tasks stay. */
    static final String PATCH = """
            UPDATE callback_tasks
               SET agent_id     = CASE WHEN $2 THEN $3 ELSE agent_id END,
                   due_at       = COALESCE($4, due_at),
                   status       = CASE WHEN $5 THEN 'closed' ELSE status END,
                   close_reason = CASE WHEN $5 THEN 'manual' ELSE close_reason END,
                   close_note   = CASE WHEN $5 THEN $6 ELSE close_note END,
                   closed_at    = CASE WHEN $5 THEN $7 ELSE closed_at END,
                   lease_owner  = CASE WHEN $5 THEN NULL ELSE lease_owner END,
                   lease_until  = CASE WHEN $5 THEN NULL ELSE lease_until END,
                   updated_at   = $7
             WHERE id = $1 AND status = 'open'
            RETURNING\s""" + COLUMNS;

    /** SKIP LOCKED: replicas polling at the same moment take different tasks instead of waiting on each other. */
    static final String CLAIM_DUE = """
            UPDATE callback_tasks t
               SET lease_owner = $2, lease_until = $3
             WHERE t.id IN (SELECT id FROM callback_tasks
                             WHERE status = 'open' AND due_at <= $1
                               AND (lease_until IS NULL OR lease_until < $1)
                             ORDER BY due_at, id
                             LIMIT $4
                             FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;

    static final String INSERT_ATTEMPT = """
            INSERT INTO callback_attempts (task_id, call_id, attempt_no, agent_id, result, started_at, ended_at)
            VALUES ($1, $2, (SELECT count(*) + 1 FROM callback_attempts WHERE task_id = $1), $3, $4, $5, $6)
            ON CONFLICT (task_id, call_id) DO NOTHING""";

    /** A retry: new due time and attempt count, lease returned. Only while the task is open. */
    static final String RESCHEDULE = """
            UPDATE callback_tasks
               SET due_at = $2, attempts = $3, last_call_id = COALESCE($4, last_call_id), updated_at = $5,
                   lease_owner = NULL, lease_until = NULL
             WHERE id = $1 AND status = 'open'
            RETURNING\s""" + COLUMNS;

    static final String CLOSE_AFTER_ATTEMPT = """
            UPDATE callback_tasks
               SET status = 'closed', close_reason = $2, attempts = $3, last_call_id = COALESCE($4, last_call_id),
                   updated_at = $5, closed_at = $5, lease_owner = NULL, lease_until = NULL
             WHERE id = $1 AND status = 'open'
            RETURNING\s""" + COLUMNS;

    static final String ATTEMPTS = """
            SELECT call_id, agent_id, result, started_at, ended_at FROM callback_attempts
             WHERE task_id = $1 ORDER BY attempt_no""";

    private CallbackSql() {}

    static CallbackTask task(Row r) {
        return new CallbackTask(
                r.getString("id"), r.getString("phone"), r.getString("group_id"),
                TaskReason.fromWire(r.getString("reason")).orElseThrow(), r.getString("note"), r.getString("agent_id"),
                TaskStatus.fromWire(r.getString("status")).orElseThrow(), instant(r, "due_at"),
                r.getInteger("attempts"), r.getInteger("calls"), r.getString("last_call_id"),
                r.getString("close_reason") == null ? null : CloseReason.fromWire(r.getString("close_reason")).orElseThrow(),
                r.getString("close_note"), instant(r, "created_at"), instant(r, "updated_at"), instant(r, "closed_at"));
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
