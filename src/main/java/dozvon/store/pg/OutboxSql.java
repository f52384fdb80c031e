package dozvon.store.pg;

/** The outbox's SQL, each statement named and parameterised only. */
final class OutboxSql {

    /**
     * The notification and its deliveries in one statement: a second enqueue of the same key inserts nothing
     * at all (the CTE returns no row, so no deliveries either). $6/$7 are parallel arrays of channel and target.
     */
    static final String ENQUEUE = """
            WITH n AS (
                INSERT INTO notifications (idempotency_key, event, occurred_at, data, created_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id)
            INSERT INTO notification_deliveries (notification_id, channel, target, next_attempt_at)
            SELECT n.id, t.channel, t.target, $5
              FROM n, unnest($6::text[], $7::text[]) AS t (channel, target)""";

    /**
     * Claims due deliveries for one try: a lease (not a held transaction) marks them taken, so the send happens
     * outside any transaction; SKIP LOCKED keeps two replicas claiming at the same moment off each other's rows,
     * and the lease keeps them off while the send runs. A replica that dies mid-send frees its rows when the
     * lease runs out. $1 = now, $2 = lease end, $3 = batch size.
     */
    static final String CLAIM_DUE = """
            UPDATE notification_deliveries d
               SET lease_until = $2, attempts = d.attempts + 1
              FROM notifications n
             WHERE n.id = d.notification_id
               AND d.id IN (SELECT id FROM notification_deliveries
                             WHERE status = 'pending' AND next_attempt_at <= $1
                               AND (lease_until IS NULL OR lease_until <= $1)
                             ORDER BY next_attempt_at, id
                             LIMIT $3
                             FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.channel, d.target, d.attempts, n.idempotency_key, n.event, n.occurred_at, n.data""";

    static final String MARK_DELIVERED = """
            UPDATE notification_deliveries
               SET status = 'delivered', delivered_at = $2, lease_until = NULL, last_error = NULL
             WHERE id = $1""";

    static final String MARK_RETRY = """
            UPDATE notification_deliveries
               SET next_attempt_at = $2, lease_until = NULL, last_error = $3
             WHERE id = $1""";

    static final String MARK_FAILED = """
            UPDATE notification_deliveries
               SET status = 'failed', lease_until = NULL, last_error = $2
             WHERE id = $1""";

    static final String RECENT = """
            SELECT d.id, n.idempotency_key, n.event, d.channel, d.target, d.status, d.attempts, d.next_attempt_at,
                   d.last_error, d.delivered_at, n.created_at
              FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
             WHERE ($1::text IS NULL OR d.status = $1)
             ORDER BY d.id DESC
             LIMIT $2""";

    /** One statement tells "re-queued" from "not failed" from "no such delivery". */
    static final String REQUEUE = """
            WITH before AS (SELECT status FROM notification_deliveries WHERE id = $1),
                 requeued AS (
                     UPDATE notification_deliveries
                        SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = NULL
                      WHERE id = $1 AND status = 'failed'
                     RETURNING id)
            SELECT before.status, (SELECT count(*) FROM requeued) AS requeued FROM before""";

    /** Per group, the first $3 missed calls of [$1, $2) in order, each with the group's total. */
    static final String MISSED_IN_WINDOW = """
            SELECT grp, data, total FROM (
                SELECT data->>'group' AS grp, data, occurred_at, id,
                       count(*) OVER (PARTITION BY data->>'group') AS total,
                       row_number() OVER (PARTITION BY data->>'group' ORDER BY occurred_at, id) AS n
                  FROM notifications
                 WHERE event = 'call.missed' AND occurred_at >= $1 AND occurred_at < $2
                   AND data->>'group' IS NOT NULL) x
             WHERE n <= $3
             ORDER BY grp, occurred_at, id""";

    /** Notifications queued before $1 with nothing left to send; their deliveries go with them (cascade). */
    static final String PURGE = """
            DELETE FROM notifications n
             WHERE n.created_at < $1
               AND NOT EXISTS (SELECT 1 FROM notification_deliveries d
                                WHERE d.notification_id = n.id AND d.status = 'pending')""";

    static final String COUNT_PENDING = "SELECT count(*) FROM notification_deliveries WHERE status = 'pending'";

    private OutboxSql() {}
}
