package dozvon.edge.sip.b2bua;

import dozvon.core.callback.CallbackSchedule.AttemptResult;
import dozvon.core.callback.CallbackTask;
import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallDirection;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.chain.Leg;
import dozvon.core.chain.LegKind;
import dozvon.core.chain.LegResult;
import dozvon.core.chain.StepTarget;
import dozvon.core.port.CallbackTasks;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimResult;
import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.ContactBinding;
import dozvon.edge.sip.auth.DigestClient;
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
import dozvon.edge.sip.transaction.InviteClientTransaction;
import dozvon.edge.sip.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One dial attempt of a callback task, third-party call control (RFC 3725, flow I): claim an agent, INVITE the
 * agent's phone without SDP (From: the customer's number, display: the task's reason), and only once the agent
 * answers, INVITE the customer through the trunk with the agent's offer; the customer's answer goes to the
 * agent in the ACK. Then the two are bridged (signalling only) until either hangs up. Runs on the SIP loop.
 */
final class CallbackSession {

    private static final Logger log = LoggerFactory.getLogger(CallbackSession.class);

    enum Phase { CLAIMING, RINGING_AGENT, RINGING_CUSTOMER, CONNECTED, ENDED }

    /**
     * A phone that goes silent would keep a CANCELled INVITE open until Timer B (32 s), holding the agent: after
     * this long without the 487 the attempt ends anyway (a late 200 is still ACKed and hung up).
     */
    private static final Duration CANCEL_PATIENCE = Duration.ofSeconds(4);

    private final CallbackDialer dialer;
    private final CallbackTask task;
    final String callId;
    private Phase phase = Phase.CLAIMING;
    private String agentId;
    private String agentAddress;
    private OutboundLeg agentLeg;
    private OutboundLeg customerLeg;
    private final Instant startedAt;
    private Instant agentRingingAt;
    private Instant agentAnsweredAt;
    private Instant customerStartedAt;
    private Instant customerRingingAt;
    private Instant customerAnsweredAt;
    private LegResult agentResult;
    private LegResult customerResult;
    private long ringTimer = -1;
    private boolean agentAcked;
    /** Sent again when the agent's phone repeats its 200 (our ACK was lost). */
    private SipRequest agentAck;

    CallbackSession(CallbackDialer dialer, CallbackTask task, String callId) {
        this.dialer = dialer;
        this.task = task;
        this.callId = callId;
        this.startedAt = dialer.now();
    }

    Phase phase() {
        return phase;
    }

    // --------------------------------------------------------------------------------------- the agent

    void start() {
        dialer.managers().managerOf(task.phone()).whenComplete((pm, err) -> dialer.sipLoop().onLoop(() -> {
            String manager = err == null && pm != null ? pm.orElse(null) : null;
            // A task assigned by hand waits for its agent; others go to the personal manager, else the next free.
            StepTarget target = task.agentId() != null ? new StepTarget.Agent(task.agentId())
                    : new StepTarget.PersonalOrNext();
            var claim = new CallCommand.ClaimTargets(callId, task.groupId(), 0, 0, target, manager, List.of());
            TimedClaim.send(dialer.presence(), dialer.sipLoop(), claim, this::claimed);
        }));
    }

    private void claimed(ClaimResult result, Throwable err) {
        if (err != null) {
            log.warn("event=callback_claim_failed callId={} task={} error=\"{}\"", callId, task.id(), err.toString());
        }
        List<ClaimedAgent> claimed = err == null && result != null ? result.claimed() : List.of();
        if (claimed.isEmpty()) {
            log.info("event=callback_no_agent task={} group={}", task.id(), task.groupId());
            phase = Phase.ENDED;
            dialer.ended(this, task, Optional.empty(), AttemptResult.NO_AGENT);
            return;
        }
        for (int i = 1; i < claimed.size(); i++) { // one agent per attempt
            AgentRelease.release(dialer.presence(), callId, claimed.get(i).agentId(), AgentState.AVAILABLE);
        }
        agentId = claimed.get(0).agentId();
        agentAddress = claimed.get(0).contact();
        phase = Phase.RINGING_AGENT;
        agentLeg = new OutboundLeg(callId + "-agent", false);
        resolveAgent(agentAddress).whenComplete((found, e) -> dialer.sipLoop().onLoop(() -> {
            if (phase != Phase.RINGING_AGENT) {
                return;
            }
            if (e != null || found.isEmpty()) {
                log.info("event=callback_agent_unreachable callId={} agent={}", callId, agentId);
                agentFailed(LegResult.FAILED);
                return;
            }
            ringAgent(found.get().uri, found.get().destination);
        }));
    }

    private record Target(Uri uri, Destination destination) {}

    /** A static contact as it is; an agent's address of record through its freshest registration (NAT-proof). */
    private CompletionStage<Optional<Target>> resolveAgent(String address) {
        Optional<Destination> direct = SipAddressing.destinationOf(address);
        boolean addressOfRecord = direct.isPresent() && Uri.parse(address) instanceof SipUri u
                && dialer.sip().domain().equalsIgnoreCase(u.host());
        if (direct.isPresent() && !addressOfRecord) {
            return CompletableFuture.completedFuture(
                    Optional.of(new Target(Uri.parse(address), direct.get())));
        }
        return dialer.registrations().live(agentId, dialer.now()).thenApply(bindings -> {
            Optional<ContactBinding> best = bindings == null ? Optional.empty()
                    : bindings.stream().max(Comparator.comparing(ContactBinding::expiresAt));
            return best.flatMap(b -> SipAddressing.destinationOfSource(b.receivedFrom())
                            .or(() -> SipAddressing.destinationOf(b.contact()))
                    .map(d -> new Target(Uri.parse(b.contact()), d)));
        });
    }

    private void ringAgent(Uri target, Destination dest) {
        NameAddr from = new NameAddr(displayName(), true,
                SipUri.of(task.phone(), dialer.sip().advertisedHost(), -1), true, null).withTag(Tags.newTag());
        SipRequest invite = SipRequest.create("INVITE", target, dialer.sipLoop().via(dest), from, NameAddr.of(target),
                        Tags.newTag() + "@" + dialer.sip().advertisedHost(), 1)
                .withHeader(HeaderNames.CONTACT, dialer.sipLoop().contact(dest))
                .withHeader("Allow", RequestScreen.ALLOW_HEADER);
        agentLeg.invite = invite;
        agentLeg.destination = dest;
        dialer.index(invite.callId(), this);
        agentLeg.transaction = (InviteClientTransaction) dialer.layer().sendRequest(invite, dest, new AgentUser());
        ringTimer = dialer.sipLoop().setTimer(dialer.settings().ring(), this::agentRingTimeout);
        dialer.assigned(agentId, task, task.attempts() + 1);
        log.info("event=callback_ringing_agent callId={} task={} agent={} phone={}", callId, task.id(), agentId,
                task.phone());
    }

    /** The task's reason as the phone shows it; quotes and control characters could break the header. */
    private String displayName() {
        String text = "Callback: " + task.label();
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
                out.append(c);
            }
        }
        return out.length() > 60 ? out.substring(0, 60) : out.toString();
    }

    private void agentRingTimeout() {
        ringTimer = -1;
        if (phase == Phase.RINGING_AGENT && agentLeg.transaction != null && !agentLeg.finalSeen) {
            agentLeg.cancelled = true;
            dialer.layer().cancel(agentLeg.transaction, B2bua.IGNORE_RESPONSES); // its 487 ends the attempt
            ringTimer = dialer.sipLoop().setTimer(CANCEL_PATIENCE, () -> agentFailed(LegResult.NO_ANSWER));
        }
    }

    private final class AgentUser implements ClientTransactionUser {
        @Override
        public void onProvisional(SipResponse response) {
            if (response.status() >= 180 && agentRingingAt == null) {
                agentRingingAt = dialer.now();
            }
        }

        @Override
        public void onFinal(SipResponse response) {
            agentLeg.finalSeen = true;
            if (response.isSuccess()) {
                agentAnswered(response);
            } else {
                agentFailed(agentLeg.cancelled ? LegResult.NO_ANSWER : resultOf(response.status()));
            }
        }

        @Override
        public void onTimeout() {
            agentLeg.finalSeen = true;
            agentFailed(LegResult.NO_ANSWER);
        }

        @Override
        public void onTransportError() {
            agentLeg.finalSeen = true;
            agentFailed(LegResult.FAILED);
        }

        /** Before the customer answers the 200 waits unACKed on purpose; after, a repeat means our ACK was lost. */
        @Override
        public void onAdditional2xx(SipResponse response) {
            if (agentAck != null) {
                dialer.layer().sendAck(agentAck, agentLeg.destination);
            }
        }
    }

    private void agentFailed(LegResult result) {
        if (phase != Phase.RINGING_AGENT) {
            return;
        }
        cancelRingTimer();
        agentResult = result;
        phase = Phase.ENDED;
        AgentRelease.release(dialer.presence(), callId, agentId, AgentState.AVAILABLE);
        log.info("event=callback_agent_unreached callId={} task={} agent={} result={}", callId, task.id(), agentId,
                result);
        end(AttemptResult.NO_AGENT, "agent_unreached");
    }

    private void agentAnswered(SipResponse ok) {
        Uri target = ok.contacts().isEmpty() ? agentLeg.invite.requestUri() : ok.contacts().get(0).uri();
        agentLeg.answer = ok;
        agentLeg.dialog = new Dialog(agentLeg.invite.callId(), agentLeg.invite.from(), ok.to(), target,
                agentLeg.destination, agentLeg.invite.cseq().number());
        if (phase != Phase.RINGING_AGENT) {
            ackAgent(null); // answered as our CANCEL crossed it, or after the attempt ended
            bye(agentLeg.dialog);
            return;
        }
        cancelRingTimer();
        agentAnsweredAt = dialer.now();
        agentResult = LegResult.ANSWERED;
        dialer.presence().markOnCall(callId, agentId);
        phase = Phase.RINGING_CUSTOMER;
        ringCustomer(ok);
    }

    /** Flow I: the agent's offer waits in its 200 until the customer answers; the ACK then carries the answer. */
    private void ackAgent(SipResponse customerAnswer) {
        if (agentAcked || agentLeg.dialog == null) {
            return;
        }
        agentAcked = true;
        SipRequest ack = agentLeg.dialog.ack(agentLeg.invite.cseq().number(), dialer.sipLoop().via(agentLeg.destination));
        if (customerAnswer != null && customerAnswer.body().length > 0) {
            ack = ack.withBody(customerAnswer.contentType().orElse("application/sdp"), customerAnswer.body());
        }
        agentAck = ack;
        dialer.layer().sendAck(ack, agentLeg.destination);
    }

    // ------------------------------------------------------------------------------------ the customer

    private void ringCustomer(SipResponse agentOk) {
        customerLeg = new OutboundLeg(callId + "-customer", true);
        customerStartedAt = dialer.now();
        Optional<String> outbound = dialer.sip().outboundTrunk().map(t -> t.outbound());
        Optional<Destination> dest = outbound.flatMap(SipAddressing::destinationOf);
        if (dest.isEmpty()) {
            log.warn("event=callback_no_trunk callId={} task={}", callId, task.id());
            customerFailed(LegResult.FAILED);
            return;
        }
        SipUri trunkUri = (SipUri) Uri.parse(outbound.get());
        SipUri target = SipUri.of(task.phone(), trunkUri.host(), trunkUri.port());
        String callerId = dialer.settings().callerIdOfGroup().getOrDefault(task.groupId(), "dozvon");
        NameAddr from = NameAddr.of(SipUri.of(callerId, dialer.sip().advertisedHost(), -1)).withTag(Tags.newTag());
        SipRequest invite = SipRequest.create("INVITE", target, dialer.sipLoop().via(dest.get()), from, NameAddr.of(target),
                        Tags.newTag() + "@" + dialer.sip().advertisedHost(), 1)
                .withHeader(HeaderNames.CONTACT, dialer.sipLoop().contact(dest.get()))
                .withHeader("Allow", RequestScreen.ALLOW_HEADER);
        if (agentOk.body().length > 0) {
            invite = invite.withBody(agentOk.contentType().orElse("application/sdp"), agentOk.body());
        }
        customerLeg.invite = invite;
        customerLeg.destination = dest.get();
        dialer.index(invite.callId(), this);
        startCustomerInvite();
        ringTimer = dialer.sipLoop().setTimer(dialer.settings().customerRing(), this::customerRingTimeout);
    }

    private void startCustomerInvite() {
        customerLeg.transaction = (InviteClientTransaction) dialer.layer().sendRequest(customerLeg.invite,
                customerLeg.destination, new CustomerUser());
    }

    private void customerRingTimeout() {
        ringTimer = -1;
        if (phase == Phase.RINGING_CUSTOMER && customerLeg.transaction != null && !customerLeg.finalSeen) {
            customerLeg.cancelled = true;
            dialer.layer().cancel(customerLeg.transaction, B2bua.IGNORE_RESPONSES);
            ringTimer = dialer.sipLoop().setTimer(CANCEL_PATIENCE, () -> customerFailed(LegResult.NO_ANSWER));
        }
    }

    private final class CustomerUser implements ClientTransactionUser {
        @Override
        public void onProvisional(SipResponse response) {
            if (response.status() >= 180 && customerRingingAt == null) {
                customerRingingAt = dialer.now();
            }
        }

        @Override
        public void onFinal(SipResponse response) {
            if (response.isSuccess()) {
                customerLeg.finalSeen = true;
                customerAnswered(response);
                return;
            }
            if ((response.status() == 401 || response.status() == 407) && retryWithCredentials(response)) {
                return;
            }
            customerLeg.finalSeen = true;
            customerFailed(customerLeg.cancelled ? LegResult.NO_ANSWER : resultOf(response.status()));
        }

        @Override
        public void onTimeout() {
            customerLeg.finalSeen = true;
            customerFailed(LegResult.NO_ANSWER);
        }

        @Override
        public void onTransportError() {
            customerLeg.finalSeen = true;
            customerFailed(LegResult.FAILED);
        }

        @Override
        public void onAdditional2xx(SipResponse response) {
            if (customerLeg.dialog != null) {
                dialer.layer().sendAck(customerLeg.dialog.ack(customerLeg.invite.cseq().number(),
                        dialer.sipLoop().via(customerLeg.destination)), customerLeg.destination);
            }
        }
    }

    /** A trunk's 401/407: answered once with its credentials (RFC 3261 §22.2), after the transaction's ACK. */
    private boolean retryWithCredentials(SipResponse challenge) {
        var trunk = dialer.sip().outboundTrunk();
        if (customerLeg.authRetried || trunk.isEmpty() || trunk.get().username() == null) {
            return false;
        }
        boolean proxy = challenge.status() == 407;
        Optional<String> answer = DigestClient.answer(
                challenge.headers().all(proxy ? "Proxy-Authenticate" : "WWW-Authenticate"), trunk.get().username(),
                trunk.get().password(), "INVITE", customerLeg.invite.requestUri().toString(), 1);
        if (answer.isEmpty()) {
            return false;
        }
        customerLeg.authRetried = true;
        long cseq = customerLeg.invite.cseq().number() + 1;
        customerLeg.invite = customerLeg.invite.withoutTopVia().withTopVia(dialer.sipLoop().via(customerLeg.destination))
                .withReplacedHeader(HeaderNames.CSEQ, cseq + " INVITE")
                .withHeader(proxy ? "Proxy-Authorization" : "Authorization", answer.get());
        dialer.sipLoop().later(() -> {
            if (phase == Phase.RINGING_CUSTOMER && !customerLeg.finalSeen && !customerLeg.cancelled) {
                startCustomerInvite();
            }
        });
        return true;
    }

    private void customerAnswered(SipResponse ok) {
        Uri target = ok.contacts().isEmpty() ? customerLeg.invite.requestUri() : ok.contacts().get(0).uri();
        customerLeg.answer = ok;
        customerLeg.dialog = new Dialog(customerLeg.invite.callId(), customerLeg.invite.from(), ok.to(), target,
                customerLeg.destination, customerLeg.invite.cseq().number());
        dialer.layer().sendAck(customerLeg.dialog.ack(customerLeg.invite.cseq().number(),
                dialer.sipLoop().via(customerLeg.destination)), customerLeg.destination);
        if (phase != Phase.RINGING_CUSTOMER) {
            bye(customerLeg.dialog); // the agent hung up, or the ring time ran out as it answered
            return;
        }
        cancelRingTimer();
        customerAnsweredAt = dialer.now();
        customerResult = LegResult.ANSWERED;
        ackAgent(ok);
        phase = Phase.CONNECTED;
        log.info("event=callback_connected callId={} task={} agent={}", callId, task.id(), agentId);
        dialer.connected(this, task, attempt("answered"));
    }

    private void customerFailed(LegResult result) {
        if (phase != Phase.RINGING_CUSTOMER) {
            return;
        }
        cancelRingTimer();
        customerResult = result;
        phase = Phase.ENDED;
        ackAgent(null);
        bye(agentLeg.dialog);
        AgentRelease.release(dialer.presence(), callId, agentId, AgentState.WRAP_UP);
        log.info("event=callback_customer_unreached callId={} task={} result={}", callId, task.id(), result);
        end(AttemptResult.CUSTOMER_UNREACHED, "customer_unreached");
    }

    // ------------------------------------------------------------------------------------- in dialog

    /** A request inside the agent's or the customer's dialog. */
    void onInDialog(ServerTransaction tx) {
        SipRequest req = tx.request();
        boolean fromAgent = agentLeg != null && agentLeg.invite != null && req.callId().equals(agentLeg.invite.callId());
        Dialog other = fromAgent ? (customerLeg == null ? null : customerLeg.dialog) : agentLeg.dialog;
        if (req.isMethod("BYE")) {
            tx.respond(RequestScreen.respond(req, 200, "OK"));
            if (phase == Phase.CONNECTED) {
                if (other != null) {
                    bye(other);
                }
                phase = Phase.ENDED;
                AgentRelease.release(dialer.presence(), callId, agentId, AgentState.WRAP_UP);
                writeRecord(CallOutcome.ANSWERED, "callback " + task.id() + ": talked");
                dialer.forget(this);
            } else if (fromAgent && phase == Phase.RINGING_CUSTOMER) {
                // The agent gave up while the customer rang: stop ringing; the customer keeps their attempt.
                agentAcked = true; // a BYE ends the dialog; no ACK is owed any more
                cancelRingTimer();
                customerResult = LegResult.CANCELLED;
                phase = Phase.ENDED;
                if (customerLeg.transaction != null && !customerLeg.finalSeen) {
                    customerLeg.cancelled = true;
                    dialer.layer().cancel(customerLeg.transaction, B2bua.IGNORE_RESPONSES);
                }
                AgentRelease.release(dialer.presence(), callId, agentId, AgentState.WRAP_UP);
                end(AttemptResult.NO_AGENT, "agent_unreached");
            }
            return;
        }
        if (phase != Phase.CONNECTED || other == null) {
            DialogRelay.refuse(tx);
            return;
        }
        DialogRelay.relay(tx, other, dialer.layer(), dialer.sipLoop());
    }


    // -------------------------------------------------------------------------------------- the end

    private void end(AttemptResult result, String attemptResult) {
        CallOutcome outcome = CallOutcome.MISSED;
        writeRecord(outcome, "callback " + task.id() + ": " + attemptResult.replace('_', ' '));
        dialer.ended(this, task, Optional.of(attempt(attemptResult)), result);
    }

    private CallbackTasks.Attempt attempt(String result) {
        return new CallbackTasks.Attempt(callId, agentId, result, startedAt, dialer.now());
    }

    private void writeRecord(CallOutcome outcome, String reason) {
        Instant end = dialer.now();
        List<Leg> legs = new ArrayList<>();
        if (agentLeg != null) {
            legs.add(new Leg(agentLeg.legId, 0, LegKind.AGENT, agentId, agentAddress, false, startedAt,
                    agentRingingAt, agentAnsweredAt, end, agentResult == null ? LegResult.CANCELLED : agentResult));
        }
        if (customerLeg != null) {
            legs.add(new Leg(customerLeg.legId, 0, LegKind.NUMBER, null, task.phone(), false, customerStartedAt,
                    customerRingingAt, customerAnsweredAt, end,
                    customerResult == null ? LegResult.CANCELLED : customerResult));
        }
        boolean talked = outcome == CallOutcome.ANSWERED;
        Duration wait = Duration.between(startedAt, talked ? customerAnsweredAt : end);
        Duration talk = talked ? Duration.between(customerAnsweredAt, end) : Duration.ZERO;
        CallRecord call = new CallRecord(callId, agentId, task.phone(), task.groupId(), startedAt, agentRingingAt,
                customerAnsweredAt, end, outcome, talked ? agentId : null, wait, talk, false, null, reason,
                null, CallDirection.OUTBOUND);
        dialer.record(new CallCommand.Record(call, legs, List.of()));
    }

    private void bye(Dialog d) {
        if (d == null) {
            return;
        }
        SipRequest bye = d.request("BYE", dialer.sipLoop().via(d.destination), dialer.sipLoop().contact(d.destination));
        dialer.layer().sendRequest(bye, d.destination, B2bua.IGNORE_RESPONSES);
    }

    private void cancelRingTimer() {
        if (ringTimer >= 0) {
            dialer.sipLoop().cancelTimer(ringTimer);
            ringTimer = -1;
        }
    }

    private static LegResult resultOf(int status) {
        return LegResponses.failureOf(status).result();
    }

    List<String> sipCallIds() {
        List<String> ids = new ArrayList<>();
        if (agentLeg != null && agentLeg.invite != null) {
            ids.add(agentLeg.invite.callId());
        }
        if (customerLeg != null && customerLeg.invite != null) {
            ids.add(customerLeg.invite.callId());
        }
        return ids;
    }
}
