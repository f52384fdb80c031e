package dozvon.store.pg;

import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations on the machine's real Postgres (or an embedded one), in a database of this test's own. */
class MigrationsTest {

    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void migratesAnEmptyDatabaseThenFindsNothingToDoOnTheSecondRun() throws Exception {
        String url = TestStores.newDatabase();
        PgDatabase db = PgDatabase.connect(vertx, url, 2);
        int first = Migrations.migrate(db);
        int second = Migrations.migrate(db);
        assertThat(first).isGreaterThanOrEqualTo(1);
        assertThat(second).isZero();

        try (Connection c = TestStores.jdbc(url)) {
            assertThat(tables(c)).contains("calls", "call_legs");
            assertThat(indexes(c, "calls")).contains("calls_arrived_idx", "calls_group_arrived_idx", "calls_caller_arrived_idx");
            // the outcome vocabulary is the contract's, enforced by the database itself
            c.createStatement().execute("INSERT INTO calls (id, caller, dialed, arrived_at, outcome) "
                    + "VALUES ('c1', '+7900', '+7495', now(), 'answered')");
            try {
                c.createStatement().execute("INSERT INTO calls (id, caller, dialed, arrived_at, outcome) "
                        + "VALUES ('c2', '+7900', '+7495', now(), 'lost')");
                throw new AssertionError("an outcome outside the contract was accepted");
            } catch (java.sql.SQLException expected) {
                assertThat(expected.getSQLState()).isEqualTo("23514"); // check_violation
            }
        }
        db.close().await();
    }

    private static List<String> tables(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> indexes(Connection c, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (var st = c.prepareStatement("SELECT indexname FROM pg_indexes WHERE tablename = ?")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
