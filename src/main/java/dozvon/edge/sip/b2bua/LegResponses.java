package dozvon.edge.sip.b2bua;

import dozvon.core.chain.LegFailure;

/** How a leg's final error response reads for the chain (RFC 3261 §21). */
final class LegResponses {

    private LegResponses() {}

    static LegFailure failureOf(int status) {
        return switch (status) {
            case 486, 600 -> LegFailure.BUSY;         // Busy Here / Busy Everywhere
            case 603 -> LegFailure.DECLINED;          // the agent pressed "reject"
            case 408, 480, 487 -> LegFailure.NO_ANSWER;
            default -> LegFailure.FAILED;
        };
    }
}
