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
        PgConnectOptions options = PgConnectOptions.fromUri(url)
                .setPipeliningLimit(256)
                .setCachePreparedStatements(true);
        // Prepared statements are cached, and Postgres may settle on a generic plan for one after a few runs:
        // the caller-card query, planned while the calls table was still empty, kept a sequential scan as the
        // table grew (7 ms per arriving call at 100k calls, and growing). Planning each run costs microseconds.
        options.addProperty("plan_cache_mode", "force_custom_plan");
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
                .connectingTo(options)
                .using(vertx)
                .build();
        // The call-record writer only inserts, thousands of rows a second, and a generic plan is always right for
        // an INSERT: its connections keep Postgres' default plan caching (planning each row cost Postgres more
        // than the insert). Group commit keeps one transaction in flight; the second connection is for retries.
        PgConnectOptions writerOptions = PgConnectOptions.fromUri(url).setPipeliningLimit(256)
                .setCachePreparedStatements(true);
        Pool writer = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(2).setName("dozvon-pg-writer").setShared(false)
                        .setEventLoopSize(1).setConnectionTimeout(5).setMaxWaitQueueSize(10_000))
                .connectingTo(writerOptions)
                .using(vertx)
                .build();
        return new PgDatabase(options, pool, statements, writer);
    }

    public Pool pool() {
        return pool;
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
