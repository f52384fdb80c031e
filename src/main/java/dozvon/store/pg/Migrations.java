package dozvon.store.pg;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Schema migrations (src/main/resources/db/migration). Flyway is JDBC and blocks: run {@link #migrate} on a
 * worker thread, never on an event loop.
 */
public final class Migrations {

    private Migrations() {}

    /** @return how many migrations this run applied (0 on an up-to-date database) */
    public static int migrate(PgDatabase db) {
        var o = db.connectOptions();
        MigrateResult result = Flyway.configure()
                .dataSource(db.jdbcUrl(), o.getUser(), o.getPassword())
                .locations("classpath:db/migration")
                .connectRetries(10)
                .loggers("slf4j")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
