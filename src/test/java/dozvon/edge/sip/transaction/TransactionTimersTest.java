package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 3261 Table 4 and RFC 6026 §8, with the defaults T1 = 500 ms, T2 = 4 s, T4 = 5 s. */
class TransactionTimersTest {
    private final TransactionTimers t = TransactionTimers.DEFAULT;

    @Test
    void unreliableValues() {
        assertThat(t.timerA()).isEqualTo(Duration.ofMillis(500));
        assertThat(t.timerB()).isEqualTo(Duration.ofSeconds(32));
        assertThat(t.timerD(false)).isEqualTo(Duration.ofSeconds(32));
        assertThat(t.timerE()).isEqualTo(Duration.ofMillis(500));
        assertThat(t.timerF()).isEqualTo(Duration.ofSeconds(32));
        assertThat(t.timerG()).isEqualTo(Duration.ofMillis(500));
        assertThat(t.timerH()).isEqualTo(Duration.ofSeconds(32));
        assertThat(t.timerI(false)).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.timerJ(false)).isEqualTo(Duration.ofSeconds(32));
        assertThat(t.timerK(false)).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.timerL()).isEqualTo(Duration.ofSeconds(32));
        assertThat(t.timerM()).isEqualTo(Duration.ofSeconds(32));
        assertThat(t.timerC()).isNull();
    }

    @Test
    void reliableTransportsZeroTheWaitTimers() {
        assertThat(t.timerD(true)).isZero();
        assertThat(t.timerI(true)).isZero();
        assertThat(t.timerJ(true)).isZero();
        assertThat(t.timerK(true)).isZero();
    }

    @Test
    void timerDIsAtLeast32SecondsWhateverT1() {
        TransactionTimers fast = new TransactionTimers(Duration.ofMillis(100), Duration.ofSeconds(4),
                Duration.ofSeconds(5), null);
        assertThat(fast.timerD(false)).isEqualTo(Duration.ofSeconds(32));
        assertThat(fast.timerB()).isEqualTo(Duration.ofMillis(6_400));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new TransactionTimers(Duration.ofSeconds(5), Duration.ofSeconds(4),
                Duration.ofSeconds(5), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.withTimerC(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
