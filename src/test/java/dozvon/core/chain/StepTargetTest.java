package dozvon.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StepTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"personal-or-next", "next", "all-free", "head-mobile", "agent:anna", "number:+74950000000"})
    void parses_and_prints_back_every_target(String text) {
        assertThat(StepTarget.parse(" " + text + " ").toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "number:84950000000 | must be E.164",
            "agent:            | agent id must be",
            "everyone          | is not a target",
    })
    void refuses_what_is_not_a_target(String text, String message) {
        assertThatThrownBy(() -> StepTarget.parse(text)).hasMessageContaining(message);
    }

    @Test
    void the_default_chain_is_the_contracts() {
        var chain = ChainStep.defaultChain(Duration.ofSeconds(5));
        assertThat(chain).extracting(s -> s.target().toString(), ChainStep::length).containsExactly(
                org.assertj.core.api.Assertions.tuple("personal-or-next", Duration.ofSeconds(15)),
                org.assertj.core.api.Assertions.tuple("next", Duration.ofSeconds(10)),
                org.assertj.core.api.Assertions.tuple("head-mobile", Duration.ofSeconds(30)));
    }
}
