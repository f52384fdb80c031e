package dozvon.core.report;

import dozvon.core.chain.CallOutcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Relations every period's figures keep, whatever the calls. */
class KpiProperties {

    private static final ReportSettings SETTINGS = ReportSettings.of(5, 30, 10);

    @Provide
    Arbitrary<List<ReportedCall>> periods() {
        return call().list().ofMaxSize(60);
    }

    private static Arbitrary<ReportedCall> call() {
        return Combinators.combine(
                Arbitraries.longs().between(0, 60L * 24 * 3600 * 28).map(s -> Instant.parse("2027-03-01T00:00:00Z").plusSeconds(s)),
                Arbitraries.of(CallOutcome.class),
                Arbitraries.doubles().between(0, 120).ofScale(1),
                Arbitraries.doubles().between(0, 600).ofScale(1),
                Arbitraries.of("anna", "boris"),
                Arbitraries.of(true, false),
                Arbitraries.of("google", "yandex", null),
                Arbitraries.of("100", "1 500,5", "no", null)
        ).as((at, outcome, wait, talk, agent, rang, source, value) -> new ReportedCall(at, outcome, wait,
                outcome == CallOutcome.ANSWERED ? talk : 0, outcome == CallOutcome.ANSWERED ? agent : null, rang,
                source, source == null ? null : "spring", value));
    }

    @Property(tries = 200)
    void figuresStayWithinTheirBoundsAndAddUp(@ForAll("periods") List<ReportedCall> calls) {
        KpiAccumulator acc = new KpiAccumulator(SETTINGS);
        Heatmap map = new Heatmap(ZoneId.of("Europe/Moscow"));
        calls.forEach(c -> {
            acc.add(c);
            map.add(new ArrivalBucket(c.arrivedAt(), c.outcome(), KpiRules.isShortWait(c.waitSeconds(), SETTINGS), 1));
        });
        Kpi k = acc.result();
        assertThat(map.total()).as("the heatmap counts exactly the offered calls").isEqualTo(k.offered());
        assertThat(k.handled() + k.abandoned() + k.missed() + k.offHours()).isEqualTo(k.offered());
        assertThat(k.perSource().stream().mapToLong(Kpi.SourceKpi::offered).sum()).isEqualTo(k.offered());
        assertThat(k.perAgent().stream().mapToLong(Kpi.AgentKpi::handled).sum()).isEqualTo(k.handled());
        assertThat(k.targetCalls()).isLessThanOrEqualTo(k.handled());
        if (k.offered() > 0) {
            assertThat(k.car()).isBetween(0.0, 1.0);
            assertThat(k.sl20()).isLessThanOrEqualTo((double) k.handled() / k.offered());
        } else {
            assertThat(k.car()).isNull();
        }
        if (k.lcr() != null) {
            assertThat(k.lcr()).isBetween(0.0, 1.0);
        }
    }
}
