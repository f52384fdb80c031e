package dozvon.store.pg;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

/** Tells "Postgres is not there right now" (spool and retry) from "Postgres said no to this record". */
final class PgFailures {

    private PgFailures() {}

    /**
     * Transient: no answer at all (refused, reset, timed out, pool exhausted) or a server-side condition that
     * passes (connection exceptions 08, insufficient resources 53, operator intervention 57 such as a
     * shutdown, system errors 58, serialization failures and deadlocks). Anything else Postgres answered is
     * about the record itself, and retrying it would block the spool forever. A plain programming error
     * (not a Vert.x or I/O failure) will not pass with time either.
     */
    static boolean isTransient(Throwable e) {
        if (e instanceof PgException pg) {
            String state = pg.getSqlState();
            return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                    || state.startsWith("58") || state.equals("40001") || state.equals("40P01");
        }
        if (e instanceof RuntimeException && !(e instanceof VertxException)) {
            return false;
        }
        return true;
    }
}
