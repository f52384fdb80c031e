package dozvon.store.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.time.Duration;

/** The Postgres connection pool, built from a {@code postgresql://} URL, and its readiness probe. */
public final class PgDatabase {

    private final PgConnectOptions connectOptions;
    private final Pool pool;

    private PgDatabase(PgConnectOptions connectOptions, Pool pool) {
        this.connectOptions = connectOptions;
        this.pool = pool;
    }

    public static PgDatabase connect(Vertx vertx, String url, int poolSize) {
        PgConnectOptions options = PgConnectOptions.fromUri(url)
                .setPipeliningLimit(256)
                .setCachePreparedStatements(true);
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize).setName("dozvon-pg").setShared(false)
                        .setConnectionTimeout(5).setMaxWaitQueueSize(10_000))
                .connectingTo(options)
                .using(vertx)
                .build();
        return new PgDatabase(options, pool);
    }

    public Pool pool() {
        return pool;
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
        return pool.close();
    }
}
