package dozvon.core.presence;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OrphanHoldsTest {

    private static final AgentHold ANNA_C1 = new AgentHold("anna", "c1", "me");
    private static final AgentHold BORIS_C2 = new AgentHold("boris", "c2", "me");
    private static final AgentHold VERA_C3_ELSEWHERE = new AgentHold("vera", "c3", "other");

    private final OrphanHolds orphans = new OrphanHolds("me");

    @Test
    void aHoldForACallNoLongerHereIsReleasedWhenTheNextSweepStillFindsIt() {
        assertThat(orphans.toRelease(List.of(ANNA_C1), call -> false)).as("first sighting: maybe a release on its way")
                .isEmpty();
        assertThat(orphans.toRelease(List.of(ANNA_C1), call -> false)).containsExactly(ANNA_C1);
        assertThat(orphans.toRelease(List.of(ANNA_C1), call -> false)).as("released once, then a suspect again")
                .isEmpty();
    }

    @Test
    void aHoldForACallInProgressHereIsKept() {
        Set<String> inProgress = Set.of("c1");
        assertThat(orphans.toRelease(List.of(ANNA_C1, BORIS_C2), inProgress::contains)).isEmpty();
        assertThat(orphans.toRelease(List.of(ANNA_C1, BORIS_C2), inProgress::contains)).containsExactly(BORIS_C2);
        for (int sweep = 0; sweep < 3; sweep++) {
            assertThat(orphans.toRelease(List.of(ANNA_C1), inProgress::contains)).as("sweep %d", sweep).isEmpty();
        }
    }

    @Test
    void anotherReplicasHoldsAreNeverReleasedHere() {
        orphans.toRelease(List.of(VERA_C3_ELSEWHERE), call -> false);
        assertThat(orphans.toRelease(List.of(VERA_C3_ELSEWHERE), call -> false)).isEmpty();
    }

    @Test
    void aHoldGoneBetweenSweepsOrTakenForAnotherCallStartsOver() {
        orphans.toRelease(List.of(ANNA_C1, BORIS_C2), call -> false);
        AgentHold annaNewCall = new AgentHold("anna", "c9", "me");
        // boris was released by his call meanwhile; anna now rings for c9, which ended before this sweep read it
        assertThat(orphans.toRelease(List.of(annaNewCall), call -> false)).isEmpty();
        assertThat(orphans.toRelease(List.of(annaNewCall), call -> false)).containsExactly(annaNewCall);
    }

    @Test
    void aCallThatStartsAgainAfterASuspicionClearsIt() {
        orphans.toRelease(List.of(ANNA_C1), call -> false);
        assertThat(orphans.toRelease(List.of(ANNA_C1), "c1"::equals)).isEmpty();
        assertThat(orphans.toRelease(List.of(ANNA_C1), call -> false)).as("a fresh suspect, not yet released")
                .isEmpty();
    }
}
