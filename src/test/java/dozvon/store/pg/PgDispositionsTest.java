package dozvon.store.pg;

import dozvon.core.port.Dispositions;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Dispositions land on the call row whether it exists already or is written afterwards (the V3 trigger). */
class PgDispositionsTest {

    private static Vertx vertx;
    private static PgDatabase db;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        url = TestStores.newDatabase();
        db = TestStores.migrated(vertx, url, 2);
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        vertx.close();
    }

    private static void save(Dispositions.Disposition d) throws Exception {
        new PgDispositions(db.pool()).save(d).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String dispositionOf(String callId) throws Exception {
        try (Connection c = TestStores.jdbc(url); var st = c.prepareStatement("SELECT disposition::text FROM calls WHERE id = ?")) {
            st.setString(1, callId);
            ResultSet rs = st.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void insertCall(String callId) throws Exception {
        try (Connection c = TestStores.jdbc(url); var st = c.prepareStatement(
                "INSERT INTO calls (id, caller, dialed, arrived_at) VALUES (?, '+7900', '+7495', now())")) {
            st.setString(1, callId);
            st.executeUpdate();
        }
    }

    @Test
    void onAnExistingCallTheDispositionIsWrittenAndReplaced() throws Exception {
        insertCall("d1");
        save(new Dispositions.Disposition("d1", "anna", "lead", "", "call back Monday"));
        save(new Dispositions.Disposition("d1", "anna", "sale", "order 7", null));
        assertThat(dispositionOf("d1")).contains("\"category\": \"sale\"", "\"value\": \"order 7\"", "\"agent\": \"anna\"");
    }

    @Test
    void beforeTheCallRowExistsTheDispositionWaitsAndIsCopiedWhenTheRowIsWritten() throws Exception {
        save(new Dispositions.Disposition("d2", "boris", "complaint", "", "late delivery"));
        assertThat(dispositionOf("d2")).isNull();
        insertCall("d2");
        assertThat(dispositionOf("d2")).contains("\"category\": \"complaint\"", "\"note\": \"late delivery\"");
    }
}
