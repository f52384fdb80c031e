package dozvon.edge.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopLagWatchTest {
    private static final long MS = 1_000_000L;

    @Test
    void oneLateProbeLikeACollectorPauseRefusesNothing() {
        LoopLagWatch watch = new LoopLagWatch(100 * MS);
        watch.probe(2 * MS);
        watch.probe(250 * MS); // everything stopped for a quarter of a second
        assertThat(watch.behind()).isFalse();
        assertThat(watch.recentNanos()).isEqualTo(250 * MS);
        watch.probe(120 * MS); // still draining what queued up
        assertThat(watch.behind()).isFalse();
        watch.probe(1 * MS); // caught up
        assertThat(watch.behind()).isFalse();
        assertThat(watch.recentNanos()).isEqualTo(250 * MS / 4); // fading by half a probe
    }

    @Test
    void aLoopLateProbeAfterProbeIsBehindUntilAProbeComesInUnderTheLimit() {
        LoopLagWatch watch = new LoopLagWatch(100 * MS);
        for (int i = 1; i < LoopLagWatch.PROBES_IN_A_ROW; i++) {
            watch.probe(101 * MS);
            assertThat(watch.behind()).isFalse();
        }
        watch.probe(101 * MS);
        assertThat(watch.behind()).isTrue();
        watch.probe(400 * MS);
        assertThat(watch.behind()).isTrue();
        watch.probe(100 * MS); // at the limit is not over it
        assertThat(watch.behind()).isFalse();
    }

    @Test
    void aLagOnlyAtTheLimitNeverTrips() {
        LoopLagWatch watch = new LoopLagWatch(100 * MS);
        for (int i = 0; i < 10; i++) {
            watch.probe(100 * MS);
        }
        assertThat(watch.behind()).isFalse();
    }
}
