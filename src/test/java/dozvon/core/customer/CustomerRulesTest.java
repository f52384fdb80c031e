package dozvon.core.customer;

import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerRulesTest {

    private static final Instant T = Instant.parse("2027-03-01T09:00:00Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            +79001234567 | +79001234567
            79001234567  | +79001234567
            ' 79001234567 ' | +79001234567
            101          | 101
            +7999        | +7999
            """, delimiter = '|')
    void bothFormsAPbxSendsAreOneCustomer(String raw, String key) {
        assertThat(Phones.canonical(raw)).contains(key);
    }

    @ParameterizedTest
    @CsvSource({"anonymous", "''", "+7 900 123", "sip:anna@x", "1"})
    void whatIsNotAPhoneHasNoCustomer(String raw) {
        assertThat(Phones.canonical(raw)).isEmpty();
    }

    private static CallRecord call(CallOutcome outcome, String caller, String agent) {
        return new CallRecord("c1", caller, "+74950000000", "sales", T, T, outcome == CallOutcome.ANSWERED ? T : null,
                T.plusSeconds(60), outcome, agent, Duration.ZERO, Duration.ofSeconds(60), false, null, null);
    }

    @Test
    void anAnsweringAgentIsProposedAsTheCallersManager() {
        assertThat(PersonalManagerRule.proposalFor(call(CallOutcome.ANSWERED, "79001234567", "boris")))
                .contains(new PersonalManagerRule.Proposal("+79001234567", "boris"));
    }

    @Test
    void callsNobodyOrNoAgentAnsweredProposeNobody() {
        assertThat(PersonalManagerRule.proposalFor(call(CallOutcome.ANSWERED, "+79001234567", null)))
                .as("the head's mobile answered").isEmpty();
        assertThat(PersonalManagerRule.proposalFor(call(CallOutcome.MISSED, "+79001234567", null))).isEmpty();
        assertThat(PersonalManagerRule.proposalFor(call(CallOutcome.ANSWERED, "anonymous", "boris")))
                .as("no number, no customer").isEmpty();
    }

    @Test
    void aCallbackTheCustomerPickedUpProposesItsAgentForTheDialedCustomer() {
        CallRecord out = new CallRecord("c2", "anna", "+79001234567", "sales", T, T, T, T, CallOutcome.ANSWERED,
                "anna", Duration.ZERO, Duration.ZERO, false, null, null, null, dozvon.core.chain.CallDirection.OUTBOUND);
        assertThat(PersonalManagerRule.proposalFor(out)).contains(new PersonalManagerRule.Proposal("+79001234567", "anna"));
    }
}
