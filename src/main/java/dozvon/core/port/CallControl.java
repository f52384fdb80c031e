package dozvon.core.port;

import dozvon.core.chain.CallCommand;
import java.util.concurrent.CompletionStage;

/**
 * Signalling for calls and their legs (SIP B2BUA or Asterisk ARI). Methods only start the action; what happens
 * on the wire afterwards is reported to the call as events through {@link CallEventSink}. The returned stages
 * complete when the request left (or failed to leave); they never wait for the far end.
 */
public interface CallControl {

    /**
     * INVITE a new leg for {@code callId}, showing the caller's number as From. Reports 180/183 as LegRinging,
     * a 200 (after ACKing it) as LegAnswered, any other final response or a transaction timeout as LegFailed.
     * A 487 that answers our own CANCEL is not reported.
     */
    CompletionStage<Void> ringLeg(String callId, CallCommand.RingLeg leg);

    /** CANCEL a leg still ringing. A no-op if the leg has already ended. */
    CompletionStage<Void> cancelLeg(String callId, String legId);

    /** BYE an answered leg that lost (already ACKed). A no-op if the leg has already ended. */
    CompletionStage<Void> hangUpLeg(String callId, String legId);

    /**
     * Answer the caller with the leg's SDP and bridge the two dialogs; from then on a BYE from either side is
     * relayed to the other and reported once as CallEnded.
     */
    CompletionStage<Void> connect(String callId, String legId);

    /** 180 Ringing to the caller. */
    CompletionStage<Void> sendRinging(String callId);

    /** A final response to the caller's INVITE (e.g. 480, 603). A no-op if the caller has gone. */
    CompletionStage<Void> reject(String callId, int sipCode, String reason);
}
