package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;

/** Records client transaction callbacks as short strings ("provisional 180", "final 486", "timeout"). */
final class RecordingClientUser implements ClientTransactionUser {
    final List<String> events = new ArrayList<>();
    final List<SipResponse> responses = new ArrayList<>();

    @Override
    public void onProvisional(SipResponse response) {
        events.add("provisional " + response.status());
        responses.add(response);
    }

    @Override
    public void onFinal(SipResponse response) {
        events.add("final " + response.status());
        responses.add(response);
    }

    @Override
    public void onTimeout() {
        events.add("timeout");
    }

    @Override
    public void onTransportError() {
        events.add("transport error");
    }

    @Override
    public void onAdditional2xx(SipResponse response) {
        events.add("additional " + response.status());
        responses.add(response);
    }

    @Override
    public void onTimerC() {
        events.add("timer C");
    }
}
