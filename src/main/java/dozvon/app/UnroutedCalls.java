package dozvon.app;

import dozvon.app.config.DozvonConfig;
import dozvon.edge.sip.InboundCalls;
import dozvon.edge.sip.core.RequestScreen;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.transaction.InviteServerTransaction;
import dozvon.edge.sip.transaction.ServerTransaction;
import dozvon.edge.sip.trunk.TrunkAccess;

import java.util.HashSet;
import java.util.Set;

/**
 * Answers calls before any forwarding chain is wired: unknown number 404, blacklisted caller 603, anything
 * else 480. Replaced by the B2BUA once chains run.
 */
final class UnroutedCalls implements InboundCalls {

    private final Set<String> numbers = new HashSet<>();
    private final Set<String> blacklist;

    UnroutedCalls(DozvonConfig config) {
        for (DozvonConfig.NumberEntry n : config.numbers()) {
            if (n.number() != null) {
                numbers.add(n.number());
            }
            if (n.numbers() != null) {
                numbers.addAll(n.numbers());
            }
        }
        blacklist = Set.copyOf(config.blacklist());
    }

    @Override
    public void onInvite(InviteServerTransaction invite, TrunkAccess.Trunk trunk) {
        SipRequest req = invite.request();
        String dialed = req.requestUri() instanceof SipUri u && u.user() != null ? u.user() : "";
        String caller = req.from() != null && req.from().uri() instanceof SipUri f && f.user() != null ? f.user() : "";
        if (!numbers.contains(dialed) && !numbers.contains("+" + dialed)) {
            invite.respond(RequestScreen.respond(req, 404, "Not Found"));
        } else if (blacklist.contains(caller) || blacklist.contains("+" + caller)) {
            invite.respond(RequestScreen.respond(req, 603, "Decline"));
        } else {
            invite.respond(RequestScreen.respond(req, 480, "Temporarily Unavailable"));
        }
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
