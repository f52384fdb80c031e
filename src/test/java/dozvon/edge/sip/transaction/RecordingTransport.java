package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records what the layer sends, with the virtual time of each send; can be told to fail. */
final class RecordingTransport implements TransactionTransport {

    record Sent(SipMessage message, Destination destination, long atMillis) {
    }

    private final VirtualClock clock;
    private final List<Sent> sent = new ArrayList<>();
    private Predicate<SipMessage> failWhen = m -> false;

    RecordingTransport(VirtualClock clock) {
        this.clock = clock;
    }

    @Override
    public void send(SipMessage message, Destination destination) {
        if (failWhen.test(message)) {
            throw new TransportException("refused by test");
        }
        sent.add(new Sent(message, destination, clock.nowMillis()));
    }

    void failWhen(Predicate<SipMessage> predicate) {
        this.failWhen = predicate;
    }

    List<Sent> all() {
        return sent;
    }

    List<Sent> requests(String method) {
        return sent.stream().filter(s -> s.message() instanceof SipRequest r && r.isMethod(method)).toList();
    }

    List<Long> requestTimes(String method) {
        return requests(method).stream().map(Sent::atMillis).toList();
    }

    List<Sent> responses(int status) {
        return sent.stream().filter(s -> s.message() instanceof SipResponse r && r.status() == status).toList();
    }

    List<Long> responseTimes(int status) {
        return responses(status).stream().map(Sent::atMillis).toList();
    }

    SipRequest lastRequest(String method) {
        List<Sent> list = requests(method);
        return (SipRequest) list.get(list.size() - 1).message();
    }

    void clear() {
        sent.clear();
    }
}
