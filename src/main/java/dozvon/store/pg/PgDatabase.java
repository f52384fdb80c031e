package dozvon.store.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.PoolOptions;

import java.time.Duration;

/**
 * The Postgres connections, built from a {@code postgresql://} URL, and the readiness probe: a pool for
 * transactions, and a pipelining client for the single statements every call makes.
 */
public final class PgDatabase {

    private final PgConnectOptions connectOptions;
    private final Pool pool;
    private final SqlClient statements;
    private final Pool writer;

    private PgDatabase(PgConnectOptions connectOptions, Pool pool, SqlClient statements, Pool writer) {
        this.connectOptions = connectOptions;
        this.pool = pool;
        this.statements = statements;
        this.writer = writer;
    }

    public static PgDatabase connect(Vertx vertx, String url, int poolSize) {
        // Prepared statements are cached, and Postgres may settle on a generic plan for one after a few runs.
        // Pooled queries (reports, lists over date ranges, whatever an operator asks) are planned for their
        // actual parameters every time: a generic plan made on a young table can be wrong for a grown one.
        PgConnectOptions options = plainOptions(url);
        options.addProperty("plan_cache_mode", "force_custom_plan");
        // The per-call statements (caller card, callback merge) and the record inserts keep Postgres' default
        // plan caching: each is written so that every plan of it is index-driven, on an empty table as on a
        // full one (PgCustomersTest pins the card's), and planning the card afresh took Postgres 0.6 ms per
        // arriving call against 0.04 ms to run it.
        PgConnectOptions perCall = plainOptions(url);
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize).setName("dozvon-pg").setShared(false)
                        .setEventLoopSize(2)
                        .setConnectionTimeout(5).setMaxWaitQueueSize(10_000))
                .connectingTo(options)
                .using(vertx)
                .build();
        // Both live on Vert.x's own event loops (eventLoopSize), whoever asks first: a connection opened from
        // the SIP loop would otherwise stay on it, and encode and decode every statement between ring timers.
        // A pooled query holds a connection for its whole round trip: at hundreds of calls a second the caller
        // lookups queued behind each other for a free connection. This client sends them one after another on
        // few connections without waiting for each answer.
        SqlClient statements = PgBuilder.client()
                .with(new PoolOptions().setMaxSize(2).setName("dozvon-pg-statements").setShared(false)
                        .setEventLoopSize(1)
                        .setConnectionTimeout(5).setMaxWaitQueueSize(10_000))
                .connectingTo(perCall)
                .using(vertx)
                .build();
        // The call-record writer: thousands of rows a second, one transaction in flight (group commit); the
        // second connection is for retries.
        Pool writer = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2).setName("dozvon-pg-writer").setShared(false)
                        .setEventLoopSize(1).setConnectionTimeout(5).setMaxWaitQueueSize(10_000))
                .connectingTo(perCall)
                .using(vertx)
                .build();
        return new PgDatabase(options, pool, statements, writer);
    }

    public Pool pool() {
        return pool;
    }

    private static PgConnectOptions plainOptions(String url) {
        return PgConnectOptions.fromUri(url).setPipeliningLimit(256).setCachePreparedStatements(true);
    }

    /** For the call-record writer: inserts only, with generic plans. */
    public Pool writer() {
        return writer;
    }

    /** For single statements outside a transaction (autocommit), pipelined. */
    public SqlClient statements() {
        return statements;
    }

    public PgConnectOptions connectOptions() {
        return connectOptions;
    }

    /** The JDBC form of the same database, for Flyway. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
                + connectOptions.getDatabase();
    }

    /** Succeeds when Postgres answers a query within two seconds. */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute().timeout(2, java.util.concurrent.TimeUnit.SECONDS).mapEmpty();
    }

    public Future<Void> close() {
        return Future.join(statements.close(), pool.close(), writer.close()).mapEmpty();
    }
}
