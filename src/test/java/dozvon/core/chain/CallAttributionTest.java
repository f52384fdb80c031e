package dozvon.core.chain;

import dozvon.core.customer.CallerCard;
import dozvon.core.customer.Customer;
import dozvon.core.customer.ManagerSource;
import dozvon.core.customer.PastCall;
import dozvon.core.tracking.Attribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the edge found at arrival (tracking, caller card) reaches the screen pop and the call's record. */
class CallAttributionTest {

    private static final Attribution VISIT = new Attribution("google", "cpc", "sofas", "red sofa",
            "https://shop.example/sofas", "v-12345678", "site");
    private static final CallerCard CARD = new CallerCard(new Customer("+79031234567", "Olga", "Acme", "VIP",
            "boris", ManagerSource.AUTO, CallHarness.T0, CallHarness.T0),
            List.of(new PastCall("c0", CallHarness.T0.minusSeconds(3600), "answered", "boris", 42.0, "+74950000000")));

    private static InboundCall call() {
        return new InboundCall("c1", CallMachineTest.CALLER, CallMachineTest.DIALED, "sales",
                ChainStep.defaultChain(CallMachineTest.RING), List.of(), CARD.personalManagerId(),
                CallMachineTest.HEAD, true, VISIT, CARD);
    }

    @Test
    void theOfferCarriesTheCardAndTheTrackingAndThePersonalManagerIsClaimedFirst() {
        CallHarness h = new CallHarness(call());
        List<CallCommand> first = h.offer();
        assertThat(first).contains(new CallCommand.Publish(new ConsoleEvent.Offer("c1", "sales",
                CallMachineTest.CALLER, CallMachineTest.DIALED, VISIT, CARD)));
        assertThat(first).filteredOn(CallCommand.ClaimTargets.class::isInstance)
                .singleElement().satisfies(c -> assertThat(((CallCommand.ClaimTargets) c).personalManagerId())
                        .isEqualTo("boris"));
    }

    @Test
    void theRecordCarriesTheTrackingWhateverTheOutcome() {
        CallHarness h = new CallHarness(call());
        h.offer();
        h.feed(new CallEvent.CallerHungUp(h.now));
        assertThat(h.all).filteredOn(CallCommand.Record.class::isInstance).singleElement()
                .satisfies(r -> assertThat(((CallCommand.Record) r).call().tracking()).isEqualTo(VISIT));
    }

    @Test
    void aRefusedCallKeepsItsNumbersAttribution() {
        Attribution fromAd = Attribution.ofStatic("yandex", "cpc", "beds");
        CallHarness h = new CallHarness(InboundCall.refusedAtEdge("c2", "+79990000000", "+74950000000", "sales",
                fromAd));
        h.feed(new CallEvent.Refused(603, "blacklisted +7999*", h.now));
        assertThat(h.all).filteredOn(CallCommand.Record.class::isInstance).singleElement()
                .satisfies(r -> {
                    CallRecord c = ((CallCommand.Record) r).call();
                    assertThat(c.tracking()).isEqualTo(fromAd);
                    assertThat(c.reason()).isEqualTo("blacklisted +7999*");
                    assertThat(c.outcome()).isEqualTo(CallOutcome.REJECTED);
                });
    }
}
