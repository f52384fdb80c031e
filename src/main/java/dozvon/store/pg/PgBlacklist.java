package dozvon.store.pg;

import dozvon.core.port.BlacklistStore;
import dozvon.core.tracking.BlacklistEntry;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Blacklist patterns in Postgres; every change bumps {@code blacklist_version} in the same transaction. */
public final class PgBlacklist implements BlacklistStore {

    static final String ALL = "SELECT pattern, note, created_at FROM blacklist ORDER BY pattern";
    static final String ADD = """
            INSERT INTO blacklist AS b (pattern, note, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (pattern) DO UPDATE SET note = EXCLUDED.note
            RETURNING (xmax = 0) AS inserted""";
    static final String REMOVE = "DELETE FROM blacklist WHERE pattern = $1";
    static final String BUMP = "UPDATE blacklist_version SET version = version + 1";
    static final String VERSION = "SELECT version FROM blacklist_version";

    private final Pool pool;

    public PgBlacklist(Pool pool) {
        this.pool = pool;
    }

    @Override
    public CompletionStage<List<BlacklistEntry>> all() {
        return pool.query(ALL).execute().map(rows -> {
            List<BlacklistEntry> out = new ArrayList<>();
            for (Row r : rows) {
                OffsetDateTime t = r.getOffsetDateTime("created_at");
                out.add(new BlacklistEntry(r.getString("pattern"), r.getString("note"),
                        t == null ? null : t.toInstant()));
            }
            return out;
        }).toCompletionStage();
    }

    @Override
    public CompletionStage<Boolean> add(String pattern, String note, Instant at) {
        return pool.withTransaction(c -> c.preparedQuery(ADD).execute(Tuple.of(pattern, note, CallsSql.time(at)))
                .compose(rows -> c.query(BUMP).execute().map(v -> rows.iterator().next().getBoolean("inserted"))))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Boolean> remove(String pattern) {
        return pool.withTransaction(c -> c.preparedQuery(REMOVE).execute(Tuple.of(pattern))
                .compose(rows -> c.query(BUMP).execute().map(v -> rows.rowCount() > 0)))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Long> version() {
        return pool.query(VERSION).execute().map(rows -> rows.iterator().next().getLong("version"))
                .toCompletionStage();
    }
}
