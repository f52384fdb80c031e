package dozvon.store.pg;

import dozvon.core.customer.CallerCard;
import dozvon.core.customer.Customer;
import dozvon.core.customer.CustomerChange;
import dozvon.core.customer.ManagerSource;
import dozvon.core.tracking.Attribution;
import dozvon.core.tracking.BlacklistEntry;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Customers, caller cards, blacklist entries and {@code calls.tracking} on the machine's real Postgres. */
class PgCustomersTest {

    private static final Instant T = Instant.parse("2027-03-01T09:00:00Z");

    private static Vertx vertx;
    private static PgDatabase db;
    private static String url;
    private static PgCustomers customers;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        url = TestStores.newDatabase();
        db = TestStores.migrated(vertx, url, 2);
        customers = new PgCustomers(db.pool(), db.statements()); // as the gateway wires it
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        vertx.close();
    }

    private static <T> T get(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CustomerChange change(String phone, Optional<String> name, Optional<String> note,
                                         Optional<String> manager) {
        return new CustomerChange(phone, name, null, note, manager);
    }

    @Test
    void anEditChangesOnlyTheFieldsItCarries() throws Exception {
        Customer created = get(customers.save(new CustomerChange("+79000000001", Optional.of("Olga"),
                Optional.of("Acme"), Optional.of("likes sofas"), null), T));
        assertThat(created.name()).isEqualTo("Olga");
        assertThat(created.personalManagerId()).isNull();
        assertThat(created.managerSource()).isNull();

        Customer edited = get(customers.save(change("+79000000001", null, Optional.empty(), null), T.plusSeconds(5)));
        assertThat(edited.name()).as("not in the edit: kept").isEqualTo("Olga");
        assertThat(edited.company()).isEqualTo("Acme");
        assertThat(edited.note()).as("null in the edit: cleared").isNull();
        assertThat(edited.createdAt()).isEqualTo(T);
        assertThat(edited.updatedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(get(customers.find("+79000000001"))).contains(edited);
        assertThat(get(customers.find("+79000000999"))).isEmpty();
    }

    @Test
    void theFirstAgentBecomesTheManagerAndStays() throws Exception {
        assertThat(get(customers.assignIfNone("+79000000002", "boris", T))).isTrue();
        assertThat(get(customers.assignIfNone("+79000000002", "anna", T.plusSeconds(60)))).isFalse();
        Customer c = get(customers.find("+79000000002")).orElseThrow();
        assertThat(c.personalManagerId()).isEqualTo("boris");
        assertThat(c.managerSource()).isEqualTo(ManagerSource.AUTO);
    }

    @Test
    void operatorQueriesArePlannedForTheirParametersAndPerCallStatementsMayKeepAGenericPlan() throws Exception {
        // pooled queries (reports, lists) are planned afresh each time; the card, asked for every call, may
        // keep a generic plan, which the test below proves index-driven
        assertThat(planCacheMode(db.pool())).isEqualTo("force_custom_plan");
        assertThat(planCacheMode(db.statements())).isEqualTo("auto");
        assertThat(planCacheMode(db.writer())).isEqualTo("auto");
    }

    private static String planCacheMode(io.vertx.sqlclient.SqlClient client) throws Exception {
        return get(client.query("SHOW plan_cache_mode").execute()
                .map(rows -> rows.iterator().next().getString(0)).toCompletionStage());
    }

    @Test
    void manyAssignmentsAtOnceShareCommitsAndEachNumberKeepsItsFirstAgent() throws Exception {
        // 200 proposals in flight together: 100 numbers, each proposed for boris first and anna second
        java.util.List<java.util.concurrent.CompletableFuture<Boolean>> first = new java.util.ArrayList<>();
        java.util.List<java.util.concurrent.CompletableFuture<Boolean>> second = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String phone = "+7901000" + String.format("%04d", i);
            first.add(customers.assignIfNone(phone, "boris", T).toCompletableFuture());
            second.add(customers.assignIfNone(phone, "anna", T.plusSeconds(1)).toCompletableFuture());
        }
        for (int i = 0; i < 100; i++) {
            assertThat(first.get(i).get(10, TimeUnit.SECONDS)).as("first proposal %d", i).isTrue();
            assertThat(second.get(i).get(10, TimeUnit.SECONDS)).as("second proposal %d", i).isFalse();
        }
        assertThat(get(customers.find("+79010000057")).orElseThrow().personalManagerId()).isEqualTo("boris");
    }

    @Test
    void aHandSetManagerIsNeverReplacedAutomaticallyEvenWhenCleared() throws Exception {
        get(customers.save(change("+79000000003", null, null, Optional.of("anna")), T));
        assertThat(get(customers.assignIfNone("+79000000003", "boris", T))).isFalse();
        assertThat(get(customers.find("+79000000003")).orElseThrow().personalManagerId()).isEqualTo("anna");

        get(customers.save(change("+79000000003", null, null, Optional.empty()), T));
        assertThat(get(customers.assignIfNone("+79000000003", "boris", T))).isFalse();
        Customer c = get(customers.find("+79000000003")).orElseThrow();
        assertThat(c.personalManagerId()).isNull();
        assertThat(c.managerSource()).isEqualTo(ManagerSource.MANUAL);
    }

    @Test
    void aHandSetManagerReplacesAnAutomaticOne() throws Exception {
        get(customers.assignIfNone("+79000000004", "boris", T));
        Customer c = get(customers.save(change("+79000000004", null, null, Optional.of("anna")), T));
        assertThat(c.personalManagerId()).isEqualTo("anna");
        assertThat(c.managerSource()).isEqualTo(ManagerSource.MANUAL);
    }

    @Test
    void theCardHoldsTheCustomerAndTheLastCallsInBothNumberForms() throws Exception {
        get(customers.save(change("+79000000005", Optional.of("Ivan"), null, null), T));
        insertCall("k1", "+79000000005", T.minusSeconds(300), "answered", "anna");
        insertCall("k2", "79000000005", T.minusSeconds(200), "missed", null);
        insertCall("k3", "+79000000005", T.minusSeconds(100), "abandoned", null);
        insertCall("k4", "+79000000099", T.minusSeconds(50), "answered", "boris");

        CallerCard card = get(customers.card("+79000000005", 2));
        assertThat(card.customer().name()).isEqualTo("Ivan");
        assertThat(card.history()).extracting(p -> p.callId()).containsExactly("k3", "k2");
        assertThat(get(customers.card("+79000000005", 5)).history()).extracting(p -> p.outcome())
                .containsExactly("abandoned", "missed", "answered");

        CallerCard stranger = get(customers.card("+79000000077", 5));
        assertThat(stranger.customer()).isNull();
        assertThat(stranger.history()).isEmpty();
    }

    @Test
    void blacklistChangesMoveTheVersion() throws Exception {
        PgBlacklist blacklist = new PgBlacklist(db.pool());
        long v0 = get(blacklist.version());
        assertThat(get(blacklist.add("+7999*", "spam", T))).isTrue();
        assertThat(get(blacklist.add("+7999*", "spam, again", T))).as("already there: note updated").isFalse();
        long v1 = get(blacklist.version());
        assertThat(v1).isGreaterThan(v0);
        assertThat(get(blacklist.all())).containsExactly(new BlacklistEntry("+7999*", "spam, again", T));
        assertThat(get(blacklist.remove("+7999*"))).isTrue();
        assertThat(get(blacklist.remove("+7999*"))).isFalse();
        assertThat(get(blacklist.version())).isGreaterThan(v1);
        assertThat(get(blacklist.all())).isEmpty();
    }

    @Test
    void aCallRecordStoresItsTrackingWithEveryKey() throws Exception {
        var sample = CallRecordSamples.answered("tr1", T);
        var c = sample.call();
        var tracked = new dozvon.core.chain.CallCommand.Record(new dozvon.core.chain.CallRecord(c.callId(),
                c.callerNumber(), c.dialedNumber(), c.groupId(), c.arrivedAt(), c.firstRingAt(), c.answeredAt(),
                c.endedAt(), c.outcome(), c.answeringAgentId(), c.waitTime(), c.talkTime(), c.offHours(),
                c.finalCode(), c.reason(), new Attribution("google", "cpc", "sofas", null, null, null, null)),
                sample.legs(), sample.trace());
        assertThat(CallRecordJson.fromLine(CallRecordJson.toLine(tracked))).as("through the spool").isEqualTo(tracked);
        new PgCallRecords(db.pool(), null, "r1", vertx.getOrCreateContext()).insert(tracked).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try (Connection conn = TestStores.jdbc(url);
             var st = conn.prepareStatement("SELECT tracking::text FROM calls WHERE id = 'tr1'")) {
            ResultSet rs = st.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(new JsonObject(rs.getString(1))).isEqualTo(new JsonObject()
                    .put("source", "google").put("medium", "cpc").put("campaign", "sofas").putNull("keyword")
                    .putNull("landingPage").putNull("visitorId").putNull("pool"));
        }
        var detail = get(new PgCallHistory(db.pool()).byId("tr1")).orElseThrow();
        assertThat(new JsonObject(detail.trackingJson()).getString("campaign")).isEqualTo("sofas");
    }

    /**
     * The card is asked for every arriving call on connections that let Postgres cache a generic plan: that
     * plan must read the caller's own calls by index whether it was made on an empty table or a full one (a
     * sequential scan, or a walk of every call in arrival order, costs milliseconds per call once the table
     * has grown).
     */
    @Test
    void theCardsGenericPlanReadsTheCallersCallsByIndexOnAnEmptyAndAFullTable() throws Exception {
        String fresh = TestStores.newDatabase();
        PgDatabase empty = PgDatabase.connect(vertx, fresh, 1);
        try {
            Migrations.migrate(empty);
        } finally {
            empty.close();
        }
        try (Connection conn = TestStores.jdbc(fresh)) {
            assertThat(genericCardPlan(conn)).as("empty table").contains("calls_caller_arrived_idx")
                    .doesNotContain("Seq Scan on calls").doesNotContain("calls_arrived_idx ");
            try (var st = conn.createStatement()) {
                st.execute("INSERT INTO calls (id, caller, dialed, arrived_at, outcome) SELECT 'g' || g, "
                        + "'+7999' || (g % 5000), '+74950000000', now() - g * interval '1 second', 'answered' "
                        + "FROM generate_series(1, 50000) g");
                st.execute("ANALYZE calls");
            }
            assertThat(genericCardPlan(conn)).as("50k calls").contains("calls_caller_arrived_idx")
                    .doesNotContain("Seq Scan on calls").doesNotContain("calls_arrived_idx ");
        }
    }

    private static String genericCardPlan(Connection conn) throws Exception {
        try (var st = conn.createStatement()) {
            st.execute("SET plan_cache_mode = force_generic_plan");
            st.execute("DEALLOCATE ALL");
            // the card's own text, its $n placeholders bound by PREPARE
            st.execute("PREPARE card (text, text, int) AS " + PgCustomers.CARD);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE card('+79161234567', '89161234567', 5)")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static void insertCall(String id, String caller, Instant at, String outcome, String agent) throws Exception {
        try (Connection c = TestStores.jdbc(url); var st = c.prepareStatement(
                "INSERT INTO calls (id, caller, dialed, arrived_at, outcome, answered_by) VALUES (?, ?, '+74950000000', ?, ?, ?)")) {
            st.setString(1, id);
            st.setString(2, caller);
            st.setObject(3, at.atOffset(java.time.ZoneOffset.UTC));
            st.setString(4, outcome);
            st.setString(5, agent);
            st.executeUpdate();
        }
    }
}
