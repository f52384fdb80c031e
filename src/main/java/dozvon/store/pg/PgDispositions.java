package dozvon.store.pg;

import dozvon.core.port.Dispositions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.concurrent.CompletionStage;

/**
 * Dispositions in Postgres: upserted into {@code call_dispositions} and copied onto {@code calls.disposition}
 * in one statement when the call's row exists; a trigger (V3) copies them onto a row written later.
 */
public final class PgDispositions implements Dispositions {

    static final String SAVE = """
            WITH d AS (
                INSERT INTO call_dispositions (call_id, agent_id, category, value, note)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (call_id) DO UPDATE SET agent_id = EXCLUDED.agent_id, category = EXCLUDED.category,
                    value = EXCLUDED.value, note = EXCLUDED.note, saved_at = now()
                RETURNING *)
            UPDATE calls SET disposition = (SELECT jsonb_build_object('category', d.category, 'value', d.value,
                'note', d.note, 'agent', d.agent_id, 'savedAt', d.saved_at) FROM d)
            WHERE id = $1""";

    static final String ANSWERED_BY = "SELECT EXISTS (SELECT 1 FROM calls WHERE id = $1 AND answered_by = $2)";

    private final Pool pool;

    public PgDispositions(Pool pool) {
        this.pool = pool;
    }

    @Override
    public CompletionStage<Void> save(Disposition d) {
        return pool.preparedQuery(SAVE)
                .execute(Tuple.of(d.callId(), d.agentId(), d.category(), d.value(), d.note()))
                .<Void>mapEmpty()
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Boolean> answeredBy(String callId, String agentId) {
        return pool.preparedQuery(ANSWERED_BY).execute(Tuple.of(callId, agentId))
                .map(rows -> rows.iterator().next().getBoolean(0))
                .toCompletionStage();
    }
}
