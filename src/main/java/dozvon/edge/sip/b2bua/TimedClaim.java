package dozvon.edge.sip.b2bua;

import dozvon.core.chain.CallCommand;
import dozvon.core.presence.ClaimResult;
import dozvon.core.port.PresenceStore;
import dozvon.core.presence.AgentState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * A presence claim that is waited for at most {@code sip.claimTimeoutMillis}.
 *
 * <p>Why: a Redis that hangs without closing its connection answers nothing, and a call waiting for its claim
 * would skip every manager only as each step's timer ran out, while its claims stayed in flight and, past
 * {@code sip.maxPendingClaims}, every new call got 503. After the timeout the claim counts as "nobody was
 * claimed": the chain moves on at once (to the head's mobile, a number), as it does when Redis is down. Should
 * Redis still run the claim later, the managers it took go back at once: they were never rung.
 *
 * <p>Runs on the SIP loop; {@code onAnswer} is called there exactly once.
 */
final class TimedClaim {

    private static final Logger log = LoggerFactory.getLogger(TimedClaim.class);

    private final PresenceStore presence;
    private final CallCommand.ClaimTargets claim;
    private boolean settled;

    private TimedClaim(PresenceStore presence, CallCommand.ClaimTargets claim) {
        this.presence = presence;
        this.claim = claim;
    }

    /** Sends the claim; {@code onAnswer} gets Redis' answer, or a {@link TimeoutException} when it took too long. */
    static void send(PresenceStore presence, SipLoop loop, CallCommand.ClaimTargets claim,
                     BiConsumer<ClaimResult, Throwable> onAnswer) {
        TimedClaim c = new TimedClaim(presence, claim);
        long timer = loop.setTimer(loop.claimTimeout(), () -> c.timedOut(onAnswer, loop));
        presence.claim(claim).whenComplete((result, err) -> loop.onLoop(() -> {
            loop.cancelTimer(timer);
            c.answered(result, err, onAnswer);
        }));
    }

    private void timedOut(BiConsumer<ClaimResult, Throwable> onAnswer, SipLoop loop) {
        if (settled) {
            return;
        }
        settled = true;
        onAnswer.accept(null, new TimeoutException("no answer from the presence store in "
                + loop.claimTimeout().toMillis() + " ms"));
    }

    private void answered(ClaimResult result, Throwable err, BiConsumer<ClaimResult, Throwable> onAnswer) {
        if (!settled) {
            settled = true;
            onAnswer.accept(result, err);
            return;
        }
        if (err == null && result != null && !result.claimed().isEmpty()) {
            log.warn("event=late_claim_released callId={} agents={}", claim.callId(), result.claimed().size());
            result.claimed().forEach(a ->
                    AgentRelease.release(presence, claim.callId(), a.agentId(), AgentState.AVAILABLE));
        }
    }
}
