package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Records what the layer hands the TU; optionally answers new requests at once. */
final class RecordingHandler implements RequestHandler {
    final List<ServerTransaction> requests = new ArrayList<>();
    final List<SipRequest> acks = new ArrayList<>();
    final List<SipResponse> strays = new ArrayList<>();
    final List<ServerTransaction> timeouts = new ArrayList<>();
    final List<ServerTransaction> transportErrors = new ArrayList<>();
    Consumer<ServerTransaction> answer = tx -> { };

    @Override
    public void onRequest(ServerTransaction transaction) {
        requests.add(transaction);
        answer.accept(transaction);
    }

    @Override
    public void onAck(SipRequest ack, Destination source) {
        acks.add(ack);
    }

    @Override
    public void onStrayResponse(SipResponse response, Destination source) {
        strays.add(response);
    }

    @Override
    public void onServerTimeout(ServerTransaction transaction) {
        timeouts.add(transaction);
    }

    @Override
    public void onServerTransportError(ServerTransaction transaction) {
        transportErrors.add(transaction);
    }

    ServerTransaction last() {
        return requests.get(requests.size() - 1);
    }
}
