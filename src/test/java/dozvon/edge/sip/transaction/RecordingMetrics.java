package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipMessage;
import java.util.ArrayList;
import java.util.List;

final class RecordingMetrics implements TransactionMetrics {
    int retransmissionsSent;
    int retransmissionsAbsorbed;
    final List<String> timeouts = new ArrayList<>();

    @Override
    public void retransmissionSent(SipMessage message) {
        retransmissionsSent++;
    }

    @Override
    public void retransmissionAbsorbed(SipMessage message) {
        retransmissionsAbsorbed++;
    }

    @Override
    public void timedOut(String timer, String method) {
        timeouts.add(timer + " " + method);
    }
}
