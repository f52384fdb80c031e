package dozvon.store.pg;

/** The SQL behind the reports, each statement named and parameterised only. */
final class ReportsSql {

    private ReportsSql() {}

    /**
     * One compact row per inbound call of the period, streamed through a cursor into the core's KPI fold.
     * Per-call rows rather than SQL aggregates, because every KPI hinges on per-call classification
     * (offered, short abandon, within SL, target, deal value as typed) that lives in core.report, once.
     * $1 from, $2 to, $3 group or null.
     */
    static final String KPI_CALLS = """
            SELECT c.arrived_at, c.outcome, coalesce(c.wait_seconds, 0) AS wait, coalesce(c.talk_seconds, 0) AS talk,
                   c.answered_by,
                   EXISTS (SELECT 1 FROM call_legs l
                            WHERE l.call_id = c.id AND l.kind = 'agent'
                              AND (l.ringing_at IS NOT NULL OR l.answered_at IS NOT NULL)) AS rang_agent,
                   c.tracking ->> 'source' AS source, c.tracking ->> 'campaign' AS campaign,
                   c.disposition ->> 'value' AS deal_value
              FROM calls c
             WHERE c.direction = 'inbound' AND c.outcome IS NOT NULL
               AND c.arrived_at >= $1 AND c.arrived_at < $2
               AND ($3::text IS NULL OR c.group_id = $3)""";

    /**
     * Arrivals counted per UTC quarter hour, outcome and short wait: a year of calls comes back as at most
     * ~35 000 × 10 rows whatever the call volume. $1 from, $2 to, $3 group, $4 short-abandon seconds.
     */
    static final String ARRIVALS = """
            SELECT to_timestamp(floor(extract(epoch FROM arrived_at) / 900) * 900) AS bucket, outcome,
                   coalesce(wait_seconds, 0) < $4 AS short_wait, count(*) AS calls
              FROM calls
             WHERE direction = 'inbound' AND outcome IS NOT NULL
               AND arrived_at >= $1 AND arrived_at < $2 AND group_id = $3
             GROUP BY 1, 2, 3""";

    /** A page of the export, keyset-paged on (arrived_at, id). $1 from, $2 to, $3 group or null, $4/$5 cursor, $6 limit. */
    static final String EXPORT_PAGE = """
            SELECT id, direction, caller, dialed, group_id, outcome, final_code, reason, answered_by, arrived_at,
                   first_ring_at, answered_at, ended_at, wait_seconds, talk_seconds, off_hours,
                   tracking ->> 'source' AS source, tracking ->> 'medium' AS medium,
                   tracking ->> 'campaign' AS campaign, tracking ->> 'keyword' AS keyword,
                   disposition ->> 'category' AS category, disposition ->> 'value' AS deal_value,
                   disposition ->> 'note' AS note
              FROM calls
             WHERE arrived_at >= $1 AND arrived_at < $2
               AND ($3::text IS NULL OR group_id = $3)
               AND ($4::timestamptz IS NULL OR (arrived_at, id) > ($4, $5::text))
             ORDER BY arrived_at, id
             LIMIT $6""";
}
