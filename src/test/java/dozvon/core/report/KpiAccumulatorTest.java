package dozvon.core.report;

import dozvon.core.chain.CallOutcome;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dozvon.core.chain.CallOutcome.ABANDONED;
import static dozvon.core.chain.CallOutcome.ANSWERED;
import static dozvon.core.chain.CallOutcome.MISSED;
import static dozvon.core.chain.CallOutcome.OFF_HOURS;
import static dozvon.core.chain.CallOutcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract's KPIs on ten calls whose figures are worked out by hand below. Settings: short abandon 5 s,
 * target call 30 s, wrap-up 10 s, SL within 20 s.
 */
class KpiAccumulatorTest {

    static final ReportSettings SETTINGS = ReportSettings.of(5, 30, 10);
    private static final Instant T = Instant.parse("2027-03-01T10:00:00Z");

    /**
     * <pre>
     * id   outcome    wait talk agent  rang  source/campaign  value
     * c1   answered    10  100 anna   yes   google/sofas     "15 000"
     * c2   answered    25   20 anna   yes   google/sofas     "tomorrow" (not a number)
     * c3   answered     5   60 boris  yes   yandex/chairs    "2500,50"
     * c4   abandoned    3    0 -      no    google/sofas     -          short abandon: not offered
     * c5   abandoned   12    0 -      yes   (none)           -
     * c6   abandoned    6    0 -      no    (none)           -          6 s is not shorter than 5 s
     * c7   missed      55    0 -      yes   yandex/chairs    -
     * c8   rejected     0    0 -      no    google/sofas     -          not offered
     * c9   off_hours    0    0 -      no    (none)           -
     * c10  answered    40   30 (head) yes   google/sofas     -          head's mobile: no agent
     * </pre>
     */
    static List<ReportedCall> fixture() {
        return List.of(
                call(ANSWERED, 10, 100, "anna", true, "google", "sofas", "15 000"),
                call(ANSWERED, 25, 20, "anna", true, "google", "sofas", "tomorrow"),
                call(ANSWERED, 5, 60, "boris", true, "yandex", "chairs", "2500,50"),
                call(ABANDONED, 3, 0, null, false, "google", "sofas", null),
                call(ABANDONED, 12, 0, null, true, null, null, null),
                call(ABANDONED, 6, 0, null, false, null, null, null),
                call(MISSED, 55, 0, null, true, "yandex", "chairs", null),
                call(REJECTED, 0, 0, null, false, "google", "sofas", null),
                call(OFF_HOURS, 0, 0, null, false, null, null, null),
                call(ANSWERED, 40, 30, null, true, "google", "sofas", null));
    }

    static ReportedCall call(CallOutcome outcome, double wait, double talk, String agent, boolean rang, String source,
                             String campaign, String value) {
        return new ReportedCall(T, outcome, wait, talk, agent, rang, source, campaign, value);
    }

    private static Kpi kpi() {
        KpiAccumulator acc = new KpiAccumulator(SETTINGS);
        fixture().forEach(acc::add);
        return acc.result();
    }

    @Test
    void totalsFollowTheContractsDefinitions() {
        Kpi k = kpi();
        // offered: all but c4 (short abandon) and c8 (rejected) = c1 c2 c3 c5 c6 c7 c9 c10
        assertThat(k.offered()).isEqualTo(8);
        assertThat(k.handled()).isEqualTo(4);      // c1 c2 c3 c10
        assertThat(k.abandoned()).isEqualTo(2);    // c5 c6 (c4 was a short abandon)
        assertThat(k.missed()).isEqualTo(1);       // c7
        assertThat(k.offHours()).isEqualTo(1);     // c9
        assertThat(k.car()).isEqualTo(0.5);        // (8 − 4) / 8
        assertThat(k.lcr()).isCloseTo(1.0 / 6, within(1e-12)); // rang: c1 c2 c3 c5 c7 c10; of them abandoned: c5
        assertThat(k.asa()).isEqualTo(20.0);       // (10 + 25 + 5 + 40) / 4
        assertThat(k.ata()).isEqualTo(9.0);        // (12 + 6) / 2
        assertThat(k.aht()).isEqualTo(62.5);       // (100 + 20 + 60 + 30) / 4 + 10 wrap-up
        assertThat(k.sl20()).isEqualTo(0.25);      // c1 (10 s) and c3 (5 s) of 8 offered; c2 waited 25 s
        assertThat(k.targetCalls()).isEqualTo(3);  // talk ≥ 30 s: c1 c3 c10
        assertThat(k.deals()).isEqualTo(2);        // "15 000" and "2500,50"; "tomorrow" is no value
        assertThat(k.dealValue()).isEqualByComparingTo("17500.50");
        // waits of every offered call 10+25+5+12+6+55+0+40 = 153 s at risk, 2 abandonments
        assertThat(k.patience()).isEqualTo(76.5);
    }

    @Test
    void perAgentCountsOnlyTheCallsTheAgentTalkedOn() {
        List<Kpi.AgentKpi> agents = kpi().perAgent();
        assertThat(agents).extracting(Kpi.AgentKpi::agent).containsExactly("anna", "boris");
        Kpi.AgentKpi anna = agents.get(0);
        assertThat(anna.handled()).isEqualTo(2);
        assertThat(anna.talkSeconds()).isEqualTo(120.0);
        assertThat(anna.asa()).isEqualTo(17.5);    // (10 + 25) / 2
        assertThat(anna.aht()).isEqualTo(70.0);    // (100 + 20) / 2 + 10
        assertThat(anna.targetCalls()).isEqualTo(1);
        assertThat(anna.dealValue()).isEqualByComparingTo("15000");
        Kpi.AgentKpi boris = agents.get(1);
        assertThat(boris.handled()).isEqualTo(1);
        assertThat(boris.aht()).isEqualTo(70.0);   // 60 + 10
        assertThat(boris.dealValue()).isEqualByComparingTo("2500.50");
    }

    @Test
    void perSourceShowsWhichCampaignBroughtCallsThatSold() {
        List<Kpi.SourceKpi> sources = kpi().perSource();
        assertThat(sources).extracting(s -> s.source() + "/" + s.campaign())
                .containsExactly("(none)/(none)", "google/sofas", "yandex/chairs"); // by offered, then name
        Kpi.SourceKpi none = sources.get(0);
        assertThat(none.offered()).isEqualTo(3);   // c5 c6 c9
        assertThat(none.handled()).isZero();
        assertThat(none.abandoned()).isEqualTo(2);
        assertThat(none.car()).isEqualTo(1.0);
        Kpi.SourceKpi google = sources.get(1);
        assertThat(google.offered()).isEqualTo(3); // c1 c2 c10; c4 short and c8 rejected are not offered
        assertThat(google.handled()).isEqualTo(3);
        assertThat(google.car()).isEqualTo(0.0);
        assertThat(google.targetCalls()).isEqualTo(2); // c1 c10
        assertThat(google.deals()).isEqualTo(1);
        assertThat(google.dealValue()).isEqualByComparingTo("15000");
        Kpi.SourceKpi yandex = sources.get(2);
        assertThat(yandex.offered()).isEqualTo(2); // c3 c7
        assertThat(yandex.missed()).isEqualTo(1);
        assertThat(yandex.car()).isEqualTo(0.5);
        assertThat(yandex.dealValue()).isEqualByComparingTo("2500.50");
    }

    @Test
    void aPeriodWithoutCallsHasNoRatesRatherThanZeros() {
        Kpi k = new KpiAccumulator(SETTINGS).result();
        assertThat(k.offered()).isZero();
        assertThat(k.car()).isNull();
        assertThat(k.asa()).isNull();
        assertThat(k.aht()).isNull();
        assertThat(k.sl20()).isNull();
        assertThat(k.patience()).isNull();
        assertThat(k.dealValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void dealValuesAreReadAsAgentsTypeThem() {
        assertThat(DealValue.parse("15000")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("15000"));
        assertThat(DealValue.parse(" 15 000 ")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("15000"));
        assertThat(DealValue.parse("15\u00a0000,5")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("15000.5"));
        assertThat(DealValue.parse("1500.25")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1500.25"));
        assertThat(DealValue.parse("1,500.25")).isEmpty();
        assertThat(DealValue.parse("5k")).isEmpty();
        assertThat(DealValue.parse("")).isEmpty();
        assertThat(DealValue.parse(null)).isEmpty();
        assertThat(DealValue.parse("1e9")).isEmpty();
    }
}
