package dozvon.edge.sip.b2bua;

import dozvon.edge.sip.core.RequestScreen;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.transaction.ClientTransactionUser;
import dozvon.edge.sip.transaction.ServerTransaction;
import dozvon.edge.sip.transaction.TransactionLayer;

/**
 * Mid-dialog requests between the two dialogs of a bridged call (an inbound call and the agent who answered it,
 * or an agent and the customer of a callback): hold, unhold, codec changes, DTMF are passed to the other side
 * and its answer passed back.
 */
final class DialogRelay {

    private DialogRelay() {}

    /** No other side to relay to (not bridged, or already gone): 491 for a re-INVITE, 481 otherwise. */
    static void refuse(ServerTransaction tx) {
        SipRequest req = tx.request();
        tx.respond(RequestScreen.respond(req, req.isMethod("INVITE") ? 491 : 481,
                req.isMethod("INVITE") ? "Request Pending" : "Call/Transaction Does Not Exist"));
    }

    static void relay(ServerTransaction tx, Dialog other, TransactionLayer layer, SipLoop loop) {
        SipRequest in = tx.request();
        SipRequest out = other.request(in.method(), loop.via(other.destination), loop.contact(other.destination));
        if (in.body().length > 0) {
            out = out.withBody(in.contentType().orElse("application/sdp"), in.body());
        }
        SipRequest sent = out;
        layer.sendRequest(sent, other.destination, new ClientTransactionUser() {
            @Override
            public void onProvisional(SipResponse response) {
            }

            @Override
            public void onFinal(SipResponse response) {
                if (sent.isMethod("INVITE") && response.isSuccess()) {
                    layer.sendAck(other.ack(sent.cseq().number(), loop.via(other.destination)), other.destination);
                }
                SipResponse back = SipResponse.forRequest(in, response.status(), response.reason());
                if (response.body().length > 0) {
                    back = back.withBody(response.contentType().orElse("application/sdp"), response.body());
                }
                if (in.isMethod("INVITE") && response.isSuccess()) {
                    back = back.withHeader(HeaderNames.CONTACT, loop.contact(tx.source()));
                }
                tx.respond(back);
            }

            @Override
            public void onTimeout() {
                tx.respond(RequestScreen.respond(in, 408, "Request Timeout"));
            }

            @Override
            public void onTransportError() {
                tx.respond(RequestScreen.respond(in, 503, "Service Unavailable"));
            }
        });
    }
}
