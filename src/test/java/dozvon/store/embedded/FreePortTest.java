package dozvon.store.embedded;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortTest {

    @Test
    void aPortIsHandedOutOnceEvenWhileNobodyHasBoundIt() {
        // tests pick a phone's port at set-up and bind it later: a second pick in between must not get it too
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertThat(picked.add(FreePort.find())).as("pick %d repeats an earlier one", i).isTrue();
        }
    }
}
