package dozvon.edge.sip.b2bua;

import dozvon.edge.sip.core.RequestScreen;
import dozvon.edge.sip.core.Tags;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.message.Uri;
import dozvon.edge.sip.transaction.ClientTransactionUser;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.TransactionLayer;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Qualifies agents' static contacts, as Asterisk's {@code qualify} does: every {@code sip.qualify.everySeconds}
 * each static phone is sent an OPTIONS; any response within {@code sip.qualify.timeoutMillis} means it is there,
 * none (or a transport error) means it is not. Presence is told every result (not only changes: another replica
 * restarting sets static phones reachable again), so a phone that is unplugged stops being rung, by chains and
 * by the auto-dialer alike, until it answers again.
 *
 * <p>Runs on the SIP loop.
 */
public final class StaticContactQualifier {

    private static final Logger log = LoggerFactory.getLogger(StaticContactQualifier.class);

    private final SipLoop loop;
    private final TransactionLayer layer;
    private final B2buaSettings settings;
    private final Map<String, String> contacts;
    private final Duration every;
    private final Duration timeout;
    private final BiConsumer<String, Boolean> reachable;
    /** The last result per agent, to log changes only; absent: not qualified yet. */
    private final Map<String, Boolean> last = new HashMap<>();
    /** Agents with an OPTIONS out: a phone slower than the period is not sent a second one. */
    private final Set<String> probing = new HashSet<>();
    private long timer = -1;

    /**
     * @param contacts  agent id → static contact URI
     * @param reachable told (agent id, answered) after every probe
     */
    public StaticContactQualifier(ContextInternal context, TransactionLayer layer, B2buaSettings settings,
                                  Map<String, String> contacts, Duration every, Duration timeout,
                                  BiConsumer<String, Boolean> reachable) {
        this.loop = new SipLoop(context, settings, layer.scheduler());
        this.layer = layer;
        this.settings = settings;
        this.contacts = new LinkedHashMap<>(contacts);
        this.every = every;
        this.timeout = timeout;
        this.reachable = reachable;
    }

    /** Qualifies every static contact now, then every period. */
    public void start() {
        loop.later(() -> {
            contacts.keySet().forEach(this::probe);
            timer = loop.setPeriodic(every, () -> contacts.keySet().forEach(this::probe));
        });
    }

    public void stop() {
        loop.later(() -> {
            if (timer >= 0) {
                loop.cancelTimer(timer);
                timer = -1;
            }
        });
    }

    private void probe(String agentId) {
        if (!probing.add(agentId)) {
            return;
        }
        String contact = contacts.get(agentId);
        Optional<Destination> dest = SipAddressing.destinationOf(contact);
        if (dest.isEmpty()) {
            settle(agentId, false, "no route to the contact");
            return;
        }
        Uri target = Uri.parse(contact);
        NameAddr from = NameAddr.of(SipUri.of("dozvon", settings.advertisedHost(), -1)).withTag(Tags.newTag());
        SipRequest options = SipRequest.create(SipRequest.OPTIONS, target, loop.via(dest.get()), from,
                        NameAddr.of(target), Tags.newTag() + "@" + settings.advertisedHost(), 1)
                .withHeader(HeaderNames.CONTACT, loop.contact(dest.get()))
                .withHeader("Allow", RequestScreen.ALLOW_HEADER)
                .withHeader("Accept", "application/sdp");
        Probe p = new Probe(agentId);
        p.timer = loop.setTimer(timeout, () -> p.done(false, "no answer in " + timeout.toMillis() + " ms"));
        layer.sendRequest(options, dest.get(), p);
    }

    private void settle(String agentId, boolean answered, String why) {
        probing.remove(agentId);
        Boolean before = last.put(agentId, answered);
        if (before == null || before != answered) {
            if (answered) {
                log.info("event=contact_reachable agent={}", agentId);
            } else {
                log.warn("event=contact_unreachable agent={} why=\"{}\"", agentId, why);
            }
        }
        reachable.accept(agentId, answered);
    }

    /** One OPTIONS: settled once, by the first of a response, a transport error or the timeout. */
    private final class Probe implements ClientTransactionUser {
        private final String agentId;
        private long timer;
        private boolean settled;

        Probe(String agentId) {
            this.agentId = agentId;
        }

        void done(boolean answered, String why) {
            if (settled) {
                return;
            }
            settled = true;
            loop.cancelTimer(timer);
            settle(agentId, answered, why);
        }

        @Override
        public void onProvisional(SipResponse response) {
            // a final response follows; a phone that sends only provisionals is still not answering
        }

        @Override
        public void onFinal(SipResponse response) {
            // any final answer, 200 or 405 or 404, shows the phone is there: only silence means it is not
            loop.onLoop(() -> done(true, null));
        }

        @Override
        public void onTimeout() {
            loop.onLoop(() -> done(false, "transaction timed out"));
        }

        @Override
        public void onTransportError() {
            loop.onLoop(() -> done(false, "transport error"));
        }
    }
}
