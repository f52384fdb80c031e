package dozvon.core.report;

import dozvon.core.chain.CallOutcome;

import java.math.BigDecimal;

/** Counts and sums over offered calls, from which every figure of one row (total, agent, source) follows. */
final class Tally {

    long offered;
    long handled;
    long abandoned;
    long missed;
    long offHours;
    long rangAgent;
    long abandonedAfterRing;
    long answeredWithinSl;
    long targetCalls;
    long deals;
    double answerWaitSum;
    double abandonWaitSum;
    double waitSum;
    double talkSum;
    BigDecimal dealValue = BigDecimal.ZERO;

    /** @param c an offered call (the caller filters) */
    void add(ReportedCall c, ReportSettings s) {
        offered++;
        waitSum += c.waitSeconds();
        if (c.rangAgent()) {
            rangAgent++;
        }
        switch (c.outcome()) {
            case ANSWERED -> {
                handled++;
                answerWaitSum += c.waitSeconds();
                talkSum += c.talkSeconds();
                if (KpiRules.answeredWithinServiceLevel(c, s)) {
                    answeredWithinSl++;
                }
                if (KpiRules.isTarget(c, s)) {
                    targetCalls++;
                }
            }
            case ABANDONED -> {
                abandoned++;
                abandonWaitSum += c.waitSeconds();
                if (c.rangAgent()) {
                    abandonedAfterRing++;
                }
            }
            case MISSED -> missed++;
            case OFF_HOURS -> offHours++;
            default -> { }
        }
        DealValue.parse(c.dispositionValue()).ifPresent(v -> {
            deals++;
            dealValue = dealValue.add(v);
        });
    }

    /** (offered − handled) / offered: every offered call nobody talked to, whatever the reason. */
    Double car() { return ratio(offered - handled, offered); }

    Double lcr() { return ratio(abandonedAfterRing, rangAgent); }

    Double asa() { return mean(answerWaitSum, handled); }

    Double ata() { return mean(abandonWaitSum, abandoned); }

    Double aht(ReportSettings s) {
        Double talk = mean(talkSum, handled);
        return talk == null ? null : talk + s.wrapUpSeconds();
    }

    Double sl() { return ratio(answeredWithinSl, offered); }

    /**
     * Mean patience, for Erlang X: the maximum-likelihood estimate for exponential patience, every offered
     * call's wait counted as time at risk (answered and missed callers' waits are censored: they did not give
     * up within them) divided by the abandonments seen. Null without abandonments: patience looks unbounded.
     */
    Double patience() { return abandoned == 0 ? null : waitSum / abandoned; }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static Double mean(double sum, long n) {
        return n == 0 ? null : sum / n;
    }
}
