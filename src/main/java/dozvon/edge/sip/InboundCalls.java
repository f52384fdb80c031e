package dozvon.edge.sip;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.InviteServerTransaction;
import dozvon.edge.sip.transaction.ServerTransaction;
import dozvon.edge.sip.trunk.TrunkAccess;

/**
 * Where the SIP edge hands calls once a request has passed transport, screening and trunk access: the
 * B2BUA. Everything runs on the SIP event loop.
 */
public interface InboundCalls {

    /** A new INVITE from a trunk; 100 Trying has gone out. The handler answers the transaction. */
    void onInvite(InviteServerTransaction invite, TrunkAccess.Trunk trunk);

    /**
     * The caller cancelled an INVITE that has no final response yet; the CANCEL itself has been answered 200.
     * Answer the INVITE (487) and clean up. A CANCEL that comes after the final response never gets here (§9.2).
     */
    void onCancel(InviteServerTransaction invite);

    /** A request inside a dialog (To tag present). @return false when no such dialog exists (481 follows) */
    boolean onInDialog(ServerTransaction request);

    /** An ACK no transaction absorbed (the ACK for a 2xx). */
    default void onAck(SipRequest ack, Destination source) {
    }

    /** A response no client transaction wanted (e.g. a retransmitted 2xx). */
    default void onStrayResponse(SipResponse response, Destination source) {
    }

    /**
     * True while the stores behind routing lag so far that a new call would ring its managers late: new
     * INVITEs then get 503 with Retry-After.
     */
    default boolean overloaded() {
        return false;
    }

    /** Calls in progress, for the drain on SIGTERM. */
    default int active() {
        return 0;
    }
}
