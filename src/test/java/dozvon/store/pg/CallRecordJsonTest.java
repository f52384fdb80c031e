package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallRecordJsonTest {

    @Test
    void aRecordSurvivesTheSpoolLineUnchanged() {
        CallCommand.Record answered = CallRecordSamples.answered("c1", CallRecordSamples.T0);
        String line = CallRecordJson.toLine(answered);
        assertThat(line).doesNotContain("\n").contains("\"arrivedAt\":\"2027-03-01T10:00:00.123Z\"");
        assertThat(CallRecordJson.fromLine(line)).isEqualTo(answered);

        CallCommand.Record rejected = CallRecordSamples.rejected("c2", CallRecordSamples.T0);
        assertThat(CallRecordJson.fromLine(CallRecordJson.toLine(rejected))).isEqualTo(rejected);
    }

    @Test
    void aTornLineIsNotARecord() {
        assertThatThrownBy(() -> CallRecordJson.fromLine("{\"call\":{\"callId\":\"c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAnAbsentDatabaseIsWorthRetrying() {
        assertThat(PgFailures.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(PgFailures.isTransient(new TimeoutException())).isTrue();
        assertThat(PgFailures.isTransient(new VertxException("connection closed"))).isTrue();
        assertThat(PgFailures.isTransient(new PgException("shutting down", "FATAL", "57P01", null))).isTrue();
        assertThat(PgFailures.isTransient(new PgException("too many clients", "FATAL", "53300", null))).isTrue();
        assertThat(PgFailures.isTransient(new PgException("check violation", "ERROR", "23514", null))).isFalse();
        assertThat(PgFailures.isTransient(new NullPointerException())).isFalse();
    }
}
