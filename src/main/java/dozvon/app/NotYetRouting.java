package dozvon.app;

import dozvon.edge.sip.InboundCalls;
import dozvon.edge.sip.core.RequestScreen;
import dozvon.edge.sip.transaction.InviteServerTransaction;
import dozvon.edge.sip.transaction.ServerTransaction;
import dozvon.edge.sip.trunk.TrunkAccess;

/**
 * The few milliseconds between binding the SIP port and installing the B2BUA (it needs the bound port):
 * a call arriving then gets 503 with Retry-After, so the PBX simply tries again.
 */
final class NotYetRouting implements InboundCalls {

    @Override
    public void onInvite(InviteServerTransaction invite, TrunkAccess.Trunk trunk) {
        invite.respond(RequestScreen.respond(invite.request(), 503, "Service Unavailable").withHeader("Retry-After", "1"));
    }

    @Override
    public void onCancel(InviteServerTransaction invite) {
        invite.respond(RequestScreen.respond(invite.request(), 487, "Request Terminated"));
    }

    @Override
    public boolean onInDialog(ServerTransaction request) {
        return false;
    }
}
