package dozvon.core.presence;

import static dozvon.core.presence.AgentState.AVAILABLE;
import static dozvon.core.presence.AgentState.AWAY;
import static dozvon.core.presence.AgentState.OFFLINE;
import static dozvon.core.presence.AgentState.ON_CALL;
import static dozvon.core.presence.AgentState.RINGING;
import static dozvon.core.presence.AgentState.WRAP_UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PresenceTest {

    @ParameterizedTest
    @EnumSource(AgentState.class)
    void wire_names_round_trip(AgentState s) {
        assertThat(AgentState.fromWire(s.wire())).contains(s);
        assertThat(AgentState.fromWire(" " + s.wire().toUpperCase() + " ")).contains(s);
    }

    @Test
    void wire_names_are_the_contracts() {
        assertThat(List.of(AgentState.values())).extracting(AgentState::wire)
                .containsExactly("available", "ringing", "on_call", "wrap_up", "away", "offline");
        assertThat(AgentState.fromWire("busy")).isEmpty();
        assertThat(AgentState.fromWire(null)).isEmpty();
    }

    @ParameterizedTest(name = "agent {0} -> {1}: {2}")
    @CsvSource({
            "AVAILABLE, AWAY, true", "AVAILABLE, OFFLINE, true", "AWAY, AVAILABLE, true", "OFFLINE, AVAILABLE, true",
            "AVAILABLE, AVAILABLE, true", "WRAP_UP, AVAILABLE, true", "WRAP_UP, AWAY, true",
            "RINGING, AWAY, false", "ON_CALL, OFFLINE, false", "ON_CALL, AVAILABLE, false",
            "AVAILABLE, RINGING, false", "AVAILABLE, ON_CALL, false", "AWAY, WRAP_UP, false",
    })
    void what_agents_may_set_themselves(AgentState from, AgentState to, boolean allowed) {
        assertThat(PresenceRules.agentMaySet(from, to)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "call {0} -> {1}: {2}")
    @CsvSource({
            "AVAILABLE, RINGING, true", "RINGING, AVAILABLE, true", "RINGING, ON_CALL, true",
            "ON_CALL, WRAP_UP, true", "WRAP_UP, AVAILABLE, true",
            "AWAY, RINGING, false", "OFFLINE, RINGING, false", "RINGING, RINGING, false",
            "ON_CALL, AVAILABLE, false", "AVAILABLE, ON_CALL, false", "WRAP_UP, RINGING, false",
    })
    void what_calls_may_do_to_an_agent(AgentState from, AgentState to, boolean allowed) {
        assertThat(PresenceRules.callMayMove(from, to)).isEqualTo(allowed);
    }

    @Test
    void routable_means_available_and_reachable() {
        assertThat(PresenceRules.routable(AVAILABLE, true)).isTrue();
        assertThat(PresenceRules.routable(AVAILABLE, false)).isFalse();
        for (AgentState s : List.of(RINGING, ON_CALL, WRAP_UP, AWAY, OFFLINE)) {
            assertThat(PresenceRules.routable(s, true)).as(s.wire()).isFalse();
        }
    }

    @Test
    void next_is_the_routable_agent_idle_longest_not_excluded() {
        Instant t = Instant.parse("2027-01-04T09:00:00Z");
        List<AgentPresence> agents = List.of(
                new AgentPresence("anna", AVAILABLE, t.plusSeconds(60), true),
                new AgentPresence("boris", AVAILABLE, t, true),              // idle longest
                new AgentPresence("vera", AVAILABLE, t.minusSeconds(60), false), // longer, but unreachable
                new AgentPresence("gleb", WRAP_UP, t.minusSeconds(600), true),
                new AgentPresence("dina", AVAILABLE, t.plusSeconds(60), true)); // ties with anna
        assertThat(IdleLongest.pick(agents, Set.of())).map(AgentPresence::agentId).contains("boris");
        assertThat(IdleLongest.pick(agents, Set.of("boris"))).map(AgentPresence::agentId).contains("anna");
        assertThat(IdleLongest.ranked(agents, Set.of())).extracting(AgentPresence::agentId)
                .containsExactly("boris", "anna", "dina");
        assertThat(IdleLongest.pick(agents, Set.of("anna", "boris", "dina"))).isEmpty();
    }
}
