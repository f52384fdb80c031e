package dozvon.store.pg;

import dozvon.core.customer.CallerCard;
import dozvon.core.customer.Customer;
import dozvon.core.customer.CustomerChange;
import dozvon.core.customer.ManagerSource;
import dozvon.core.customer.PastCall;
import dozvon.core.port.CallerCards;
import dozvon.core.port.Customers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Customers in Postgres, and the caller card (customer plus last calls) read when a call arrives. */
public final class PgCustomers implements Customers, CallerCards {

    private static final String COLUMNS =
            "phone, name, company, note, personal_manager, manager_source, created_at, updated_at";

    static final String FIND = "SELECT " + COLUMNS + " FROM customers WHERE phone = $1";

    /**
     * Each field with its "given" flag: an absent field keeps its value; a manager given here is hand-set,
     * and its source stays 'manual' even when the manager is cleared.
     */
    static final String SAVE = """
            INSERT INTO customers AS c (phone, name, company, note, personal_manager, manager_source, created_at,
                                        updated_at)
            VALUES ($1, $2, $4, $6, $8, CASE WHEN $9 THEN 'manual' END, $10, $10)
            ON CONFLICT (phone) DO UPDATE SET
                name = CASE WHEN $3 THEN EXCLUDED.name ELSE c.name END,
                company = CASE WHEN $5 THEN EXCLUDED.company ELSE c.company END,
                note = CASE WHEN $7 THEN EXCLUDED.note ELSE c.note END,
                personal_manager = CASE WHEN $9 THEN EXCLUDED.personal_manager ELSE c.personal_manager END,
                manager_source = CASE WHEN $9 THEN 'manual' ELSE c.manager_source END,
                updated_at = $10
            RETURNING\s""" + COLUMNS;

    /** Sticky: only a customer with no manager and none ever set by hand gets one. */
    static final String ASSIGN_IF_NONE = """
            INSERT INTO customers AS c (phone, personal_manager, manager_source, created_at, updated_at)
            VALUES ($1, $2, 'auto', $3, $3)
            ON CONFLICT (phone) DO UPDATE SET personal_manager = EXCLUDED.personal_manager,
                manager_source = 'auto', updated_at = EXCLUDED.updated_at
            WHERE c.personal_manager IS NULL AND c.manager_source IS DISTINCT FROM 'manual'
            RETURNING phone""";

    /**
     * The card in one round trip (it is read for every arriving call): the customer, if any, on every row, and
     * one row per recent call (at least one row, all nulls for an unknown caller with no calls). PBXs send the
     * caller with or without '+': both forms are one customer's calls, each read in (caller, arrived_at) index
     * order; with "caller = $1 OR caller = $2" Postgres sorted, and without table statistics (a young table)
     * chose to walk the arrived_at index over every call instead: 7 ms per lookup at 100k calls, not 0.1 ms.
     */
    static final String CARD = "SELECT c." + COLUMNS.replace(", ", ", c.") + """
            , h.id, h.arrived_at, h.outcome, h.answered_by, h.talk_seconds, h.dialed
              FROM (VALUES ($1::text)) AS q (phone)
              LEFT JOIN customers c ON c.phone = q.phone
              LEFT JOIN LATERAL (SELECT * FROM (
                                   (SELECT id, arrived_at, outcome, answered_by, talk_seconds, dialed FROM calls
                                     WHERE caller = $1 ORDER BY arrived_at DESC, id DESC LIMIT $3)
                                   UNION ALL
                                   (SELECT id, arrived_at, outcome, answered_by, talk_seconds, dialed FROM calls
                                     WHERE caller = $2 ORDER BY arrived_at DESC, id DESC LIMIT $3)) both_forms
                                  ORDER BY arrived_at DESC, id DESC
                                  LIMIT $3) h ON true""";

    private final Pool pool;
    private final SqlClient statements;
    private final List<Assignment> assignments = new ArrayList<>();
    private boolean assigning;

    public PgCustomers(Pool pool) {
        this(pool, pool);
    }

    /** @param statements where the caller card, read for every arriving call, is asked (a pipelining client) */
    public PgCustomers(Pool pool, SqlClient statements) {
        this.pool = pool;
        this.statements = statements;
    }

    @Override
    public CompletionStage<Optional<Customer>> find(String phone) {
        return pool.preparedQuery(FIND).execute(Tuple.of(phone))
                .map(rows -> first(rows).map(PgCustomers::customer))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Customer> save(CustomerChange change, Instant at) {
        Tuple t = Tuple.tuple().addValue(change.phone());
        given(t, change.name());
        given(t, change.company());
        given(t, change.note());
        t.addValue(change.personalManagerId() == null ? null : change.personalManagerId().orElse(null))
                .addValue(change.personalManagerId() != null)
                .addValue(CallsSql.time(at));
        return pool.preparedQuery(SAVE).execute(t)
                .map(rows -> customer(rows.iterator().next()))
                .toCompletionStage();
    }

    private static void given(Tuple t, Optional<String> field) {
        t.addValue(field == null ? null : field.orElse(null)).addValue(field != null);
    }

    @Override
    public CompletionStage<Boolean> assignIfNone(String phone, String agentId, Instant at) {
        Assignment a = new Assignment(Tuple.of(phone, agentId, CallsSql.time(at)), phone, Promise.promise());
        List<Assignment> batch = null;
        synchronized (assignments) {
            assignments.add(a);
            if (!assigning) {
                assigning = true;
                batch = takeAssignments();
            }
        }
        if (batch != null) {
            flushAssignments(batch);
        }
        return a.done().future().toCompletionStage();
    }

    /** A first agent to become someone's personal manager, waiting for its transaction. */
    private record Assignment(Tuple params, String phone, Promise<Boolean> done) {}

    private List<Assignment> takeAssignments() {
        List<Assignment> batch = new ArrayList<>(assignments);
        assignments.clear();
        // the same order on every replica: two batches never wait on each other's rows
        batch.sort(java.util.Comparator.comparing(Assignment::phone));
        return batch;
    }

    /**
     * Group commit, as for call records: every answered call of a new caller inserts a customer, and one commit
     * (one WAL flush) per call was what Postgres spent most on at hundreds of calls a second.
     */
    private void flushAssignments(List<Assignment> batch) {
        pool.withTransaction(conn -> conn.preparedQuery(ASSIGN_IF_NONE)
                        .executeBatch(batch.stream().map(Assignment::params).toList()))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        RowSet<Row> rows = ar.result();
                        for (Assignment a : batch) {
                            a.done().complete(rows != null && rows.size() > 0);
                            rows = rows == null ? null : rows.next();
                        }
                    } else {
                        batch.forEach(a -> a.done().fail(ar.cause()));
                    }
                    List<Assignment> next = null;
                    synchronized (assignments) {
                        if (assignments.isEmpty()) {
                            assigning = false;
                        } else {
                            next = takeAssignments();
                        }
                    }
                    if (next != null) {
                        flushAssignments(next);
                    }
                });
    }

    @Override
    public CompletionStage<CallerCard> card(String phone, int calls) {
        String other = phone.startsWith("+") ? phone.substring(1) : "+" + phone;
        return statements.preparedQuery(CARD).execute(Tuple.of(phone, other, calls)).map(rows -> {
            List<PastCall> past = new ArrayList<>();
            Customer customer = null;
            for (Row r : rows) {
                if (customer == null && r.getString("phone") != null) {
                    customer = customer(r);
                }
                if (r.getString("id") != null) {
                    past.add(new PastCall(r.getString("id"), instant(r, "arrived_at"), r.getString("outcome"),
                            r.getString("answered_by"), r.getDouble("talk_seconds"), r.getString("dialed")));
                }
            }
            return new CallerCard(customer, past);
        }).toCompletionStage();
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static Customer customer(Row r) {
        return new Customer(r.getString("phone"), r.getString("name"), r.getString("company"), r.getString("note"),
                r.getString("personal_manager"),
                ManagerSource.fromWire(r.getString("manager_source")).orElse(null),
                instant(r, "created_at"), instant(r, "updated_at"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
