package dozvon.edge.sip.b2bua;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallEvent;
import dozvon.core.chain.CallState;
import dozvon.core.chain.LegFailure;
import dozvon.core.chain.LegKind;
import dozvon.core.chain.Transition;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimResult;
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
import dozvon.edge.sip.message.Via;
import dozvon.edge.sip.transaction.ClientTransactionUser;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.InviteClientTransaction;
import dozvon.edge.sip.transaction.InviteServerTransaction;
import dozvon.edge.sip.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One inbound call on the SIP side: it feeds the call's events to the pure state machine and carries out
 * the commands that come back — claims, legs, CANCELs, the answer to the caller, BYEs, timers, records.
 * Runs on the SIP event loop only; results of store calls are brought back to it before they touch state.
 */
final class CallSession {

    private static final Logger log = LoggerFactory.getLogger(CallSession.class);
    private static final Duration T1 = Duration.ofMillis(500);
    private static final Duration T2 = Duration.ofSeconds(4);
    private static final long SLOW_CLAIM_NANOS = 100_000_000L;

    private final B2bua b2bua;
    final String callId;
    private final InviteServerTransaction inbound;
    private final String callerNumber;
    private final String callerDisplay;
    private final Instant receivedAt;
    private final String ourTag = Tags.newTag();
    private final Map<String, OutboundLeg> legs = new HashMap<>();
    /** The legs' transaction users, cut loose from this session when it finishes. */
    private final List<LegUser> legUsers = new ArrayList<>();
    private CallState state;
    /** The caller's INVITE, kept here: its transaction lets go of it once answered, and the call outlives that. */
    private final SipRequest callerInvite;
    private Dialog callerDialog;
    private OutboundLeg winner;
    private boolean setupRecorded;
    private boolean callerAcked;
    private long answerRetransmitTimer = -1;
    private boolean finished;
    private final java.util.ArrayDeque<CallEvent> inbox = new java.util.ArrayDeque<>();
    private boolean applying;

    CallSession(B2bua b2bua, String callId, InviteServerTransaction inbound, CallState initial, String callerNumber,
                String callerDisplay, Instant receivedAt) {
        this.b2bua = b2bua;
        this.callId = callId;
        this.inbound = inbound;
        this.callerInvite = inbound.request();
        this.state = initial;
        this.callerNumber = callerNumber;
        this.callerDisplay = callerDisplay;
        this.receivedAt = receivedAt;
    }

    String inboundCallId() {
        return callerInvite.callId();
    }

    boolean finished() {
        return finished;
    }

    // ------------------------------------------------------------------------------------ machine plumbing

    /**
     * Feeds one event to the machine. Executing a command can report an event at once (a send that fails
     * immediately, an unreachable phone); such events wait in the inbox until the current transition's
     * commands are all done, so commands never run against a state they were not computed from.
     */
    void apply(CallEvent event) {
        inbox.add(event);
        drain();
    }

    /**
     * Starts the machine of a session admitted before its caller card was known; events that arrived meanwhile
     * (a CANCEL) follow the first one.
     */
    void begin(CallState initial, CallEvent first) {
        if (state != null) {
            throw new IllegalStateException("call " + callId + " began twice");
        }
        state = initial;
        inbox.addFirst(first);
        drain();
    }

    private void drain() {
        if (applying || state == null) {
            return;
        }
        applying = true;
        try {
            CallEvent next;
            while ((next = inbox.poll()) != null) {
                applyOne(next);
            }
        } finally {
            applying = false;
        }
    }

    private void applyOne(CallEvent event) {
        if (finished && !(event instanceof CallEvent.CallEnded)) {
            return;
        }
        MDC.put("callId", callId);
        try {
            Transition t = b2bua.machine().next(state, event);
            state = t.state();
            for (CallCommand c : t.commands()) {
                execute(c);
            }
            if (state.ended()) {
                finish();
            }
        } catch (RuntimeException e) {
            log.error("event=call_session_error error=\"{}\"", e.toString(), e);
        } finally {
            MDC.remove("callId");
        }
    }

    private Instant now() {
        return b2bua.clock().instant();
    }

    private void execute(CallCommand c) {
        if (c instanceof CallCommand.ClaimTargets claim) {
            long asked = System.nanoTime();
            b2bua.claimSent();
            TimedClaim.send(b2bua.presence(), b2bua.sipLoop(), claim,
                    (result, err) -> claimed(claim, result, err, asked));
        } else if (c instanceof CallCommand.RingLeg ring) {
            ring(ring);
        } else if (c instanceof CallCommand.CancelLeg cancel) {
            OutboundLeg leg = legs.get(cancel.legId());
            if (leg != null) {
                leg.cancelled = true;
            }
            if (leg != null && leg.transaction != null && !leg.finalSeen) {
                b2bua.layer().cancel(leg.transaction, B2bua.IGNORE_RESPONSES);
            }
        } else if (c instanceof CallCommand.HangUpLeg hangUp) {
            OutboundLeg leg = legs.get(hangUp.legId());
            if (leg != null && leg.dialog != null) {
                bye(leg.dialog);
                b2bua.forgetDialog(leg.dialog.callId);
            }
        } else if (c instanceof CallCommand.Connect connect) {
            connect(legs.get(connect.legId()));
        } else if (c instanceof CallCommand.SendRinging) {
            inbound.respond(withOurTag(SipResponse.forRequest(callerInvite, 180, "Ringing")));
        } else if (c instanceof CallCommand.Reject reject) {
            inbound.respond(withOurTag(SipResponse.forRequest(callerInvite, reject.sipCode(), reject.reason())));
        } else if (c instanceof CallCommand.StartTimer timer) {
            b2bua.sipLoop().setTimer(timer.after(), () -> apply(new CallEvent.TimerFired(timer.timerId(), timer.generation(), now())));
        } else if (c instanceof CallCommand.ReleaseAgent release) {
            AgentRelease.release(b2bua.presence(), callId, release.agentId(), release.to());
        } else if (c instanceof CallCommand.MarkOnCall mark) {
            b2bua.presence().markOnCall(callId, mark.agentId()).whenComplete((v, err) -> logStoreError("on_call", err));
        } else if (c instanceof CallCommand.Record record) {
            b2bua.recordEnded(record);
        } else if (c instanceof CallCommand.Publish publish) {
            b2bua.publish(publish.event());
        }
    }

    private void claimed(CallCommand.ClaimTargets claim, ClaimResult result, Throwable err, long asked) {
        b2bua.claimAnswered();
        long tookNanos = System.nanoTime() - asked;
        if (err == null && tookNanos > SLOW_CLAIM_NANOS) {
            // A slow claim delays the next manager's ring: SREs should see it before it turns into timeouts.
            log.warn("event=claim_slow callId={} took_ms={}", callId, tookNanos / 1_000_000);
        }
        if (err instanceof java.util.concurrent.TimeoutException) {
            b2bua.claimTimedOut();
        }
        if (err != null) {
            log.warn("event=claim_failed callId={} error=\"{}\"", callId, err.toString());
        }
        ClaimResult r = err == null && result != null ? result : ClaimResult.none();
        if (finished) {
            // The call ended (its step ran out, the caller hung up) before Redis answered: a finished session
            // takes no events, so what the late claim took goes back here, or those managers stay "ringing"
            // for a call that is gone.
            r.claimed().forEach(a -> AgentRelease.release(b2bua.presence(), callId, a.agentId(), AgentState.AVAILABLE));
            return;
        }
        apply(new CallEvent.TargetsClaimed(claim.stepIndex(), claim.attempt(), r.claimed(), r.skipped(), now()));
    }

    private void logStoreError(String what, Throwable err) {
        if (err != null) {
            log.warn("event=presence_{}_failed callId={} error=\"{}\"", what, callId, err.toString());
        }
    }

    private SipResponse withOurTag(SipResponse r) {
        return r.withToTag(ourTag);
    }

    // ------------------------------------------------------------------------------------------- legs out

    private void ring(CallCommand.RingLeg ring) {
        OutboundLeg leg = new OutboundLeg(ring.legId(), ring.kind() == LegKind.NUMBER);
        legs.put(ring.legId(), leg);
        if (leg.isNumber) {
            Optional<String> outbound = b2bua.settings().outboundTrunk().map(t -> t.outbound());
            Optional<Destination> dest = outbound.flatMap(SipAddressing::destinationOf);
            if (dest.isEmpty()) {
                failSoon(leg, "no trunk with an outbound address for number legs");
                return;
            }
            SipUri trunkUri = (SipUri) Uri.parse(outbound.get());
            SipUri target = SipUri.of(ring.address(), trunkUri.host(), trunkUri.port());
            send(leg, ring, target, dest.get());
            return;
        }
        Optional<Destination> direct = SipAddressing.destinationOf(ring.address());
        boolean addressOfRecord = direct.isPresent() && Uri.parse(ring.address()) instanceof SipUri u
                && b2bua.settings().domain().equalsIgnoreCase(u.host());
        if (direct.isPresent() && !addressOfRecord) {
            send(leg, ring, Uri.parse(ring.address()), direct.get());
            return;
        }
        // A registered phone: ring its freshest binding, at the address its REGISTER came from (NAT).
        b2bua.registrations().live(ring.agentId(), now()).whenComplete((bindings, err) -> b2bua.sipLoop().onLoop(() -> {
            Optional<ContactBinding> best = bindings == null ? Optional.empty()
                    : bindings.stream().max(Comparator.comparing(ContactBinding::expiresAt));
            Optional<Destination> dest = best.flatMap(b -> SipAddressing.destinationOfSource(b.receivedFrom())
                    .or(() -> SipAddressing.destinationOf(b.contact())));
            if (dest.isEmpty()) {
                failSoon(leg, "agent has no live registration");
                return;
            }
            send(leg, ring, Uri.parse(best.get().contact()), dest.get());
        }));
    }

    private void failSoon(OutboundLeg leg, String why) {
        log.info("event=leg_unreachable callId={} leg={} why=\"{}\"", callId, leg.legId, why);
        leg.finalSeen = true;
        b2bua.sipLoop().onLoop(() -> apply(new CallEvent.LegFailed(leg.legId, LegFailure.FAILED, now())));
    }

    private void send(OutboundLeg leg, CallCommand.RingLeg ring, Uri target, Destination dest) {
        if (state.ended() || finished) {
            return; // the call ended while we looked the phone up
        }
        SipRequest caller = callerInvite;
        NameAddr from = new NameAddr(callerDisplay, callerDisplay != null,
                SipUri.of(callerNumber.isEmpty() ? "anonymous" : callerNumber, b2bua.settings().advertisedHost(), -1),
                true, null).withTag(Tags.newTag());
        SipRequest invite = SipRequest.create("INVITE", target, b2bua.sipLoop().via(dest), from, NameAddr.of(target),
                        Tags.newTag() + "@" + b2bua.settings().advertisedHost(), 1)
                .withHeader(HeaderNames.CONTACT, b2bua.sipLoop().contact(dest))
                .withHeader("Allow", RequestScreen.ALLOW_HEADER);
        int maxForwards = caller.maxForwards().isPresent() ? Math.max(1, caller.maxForwards().getAsInt() - 1) : 69;
        invite = invite.withReplacedHeader(HeaderNames.MAX_FORWARDS, String.valueOf(maxForwards));
        if (ring.autoAnswer()) {
            invite = invite.withHeader("Call-Info", "<sip:dozvon>;answer-after=0");
        }
        if (caller.body().length > 0) {
            invite = invite.withBody(caller.contentType().orElse("application/sdp"), caller.body());
        }
        leg.invite = invite;
        leg.destination = dest;
        b2bua.indexLeg(invite.callId(), this);
        startInvite(leg);
        if (!setupRecorded) {
            setupRecorded = true;
            b2bua.setupTime(Duration.between(receivedAt, now()));
        }
    }

    private void startInvite(OutboundLeg leg) {
        LegUser user = new LegUser(this, leg);
        legUsers.add(user);
        leg.transaction = (InviteClientTransaction) b2bua.layer().sendRequest(leg.invite, leg.destination, user);
    }

    /**
     * Reports what a leg's INVITE transaction hears back to the machine. A transaction outlives its call (RFC
     * 3261's Timer D and RFC 6026's Timer M keep it 32 s to absorb retransmissions), so once the call is over
     * the user is cut loose from the session ({@link #finish()}): it keeps only the leg, and the whole call (its
     * caller's INVITE, its trace, its other legs) is not held 32 s per leg. Cut loose, it still does what a
     * finished call did: a late 200 gets ACK and BYE, a retransmitted 200 its ACK again; the rest is ignored.
     */
    private static final class LegUser implements ClientTransactionUser {
        private final OutboundLeg leg;
        private final B2bua b2bua;
        private CallSession session;

        LegUser(CallSession session, OutboundLeg leg) {
            this.session = session;
            this.b2bua = session.b2bua;
            this.leg = leg;
        }

        @Override
        public void onProvisional(SipResponse response) {
            if (session != null && response.status() >= 180 && !leg.ringingReported) {
                leg.ringingReported = true;
                session.apply(new CallEvent.LegRinging(leg.legId, session.now()));
            }
        }

        @Override
        public void onFinal(SipResponse response) {
            if (response.isSuccess()) {
                if (session != null) {
                    session.answered(leg, response);
                } else {
                    bye(b2bua, acknowledge(b2bua, leg, response)); // nobody to bridge this late answer to
                }
                return;
            }
            if (session == null) {
                leg.finalSeen = true;
                return;
            }
            if ((response.status() == 401 || response.status() == 407) && session.retryWithCredentials(leg, response)) {
                return;
            }
            failed(LegResponses.failureOf(response.status()));
        }

        @Override
        public void onTimeout() {
            failed(LegFailure.NO_ANSWER);
        }

        @Override
        public void onTransportError() {
            failed(LegFailure.FAILED);
        }

        private void failed(LegFailure failure) {
            leg.finalSeen = true;
            if (session != null) {
                session.apply(new CallEvent.LegFailed(leg.legId, failure, session.now()));
            }
        }

        @Override
        public void onAdditional2xx(SipResponse response) {
            if (leg.dialog != null && response.to() != null
                    && response.to().tag().equals(leg.dialog.remote.tag())) {
                b2bua.layer().sendAck(leg.dialog.ack(leg.answeredCseq, b2bua.sipLoop().via(leg.destination)),
                        leg.destination); // our ACK was lost: send it again
            }
        }
    }

    /** A trunk's 401/407: answer once with its credentials (RFC 3261 §22.2), new CSeq and branch. */
    private boolean retryWithCredentials(OutboundLeg leg, SipResponse challenge) {
        var trunk = b2bua.settings().outboundTrunk();
        if (!leg.isNumber || leg.authRetried || trunk.isEmpty() || trunk.get().username() == null) {
            return false;
        }
        boolean proxy = challenge.status() == 407;
        List<String> challenges = challenge.headers().all(proxy ? "Proxy-Authenticate" : "WWW-Authenticate");
        Optional<String> answer = DigestClient.answer(challenges, trunk.get().username(), trunk.get().password(),
                "INVITE", leg.invite.requestUri().toString(), 1);
        if (answer.isEmpty()) {
            return false;
        }
        leg.authRetried = true;
        long cseq = leg.invite.cseq().number() + 1;
        leg.invite = leg.invite.replacingTopVia(b2bua.sipLoop().via(leg.destination))
                .withReplacedHeader(HeaderNames.CSEQ, cseq + " INVITE")
                .withHeader(proxy ? "Proxy-Authorization" : "Authorization", answer.get());
        // After this callback returns the transaction ACKs the 401/407; the new INVITE goes out after that ACK.
        b2bua.sipLoop().later(() -> {
            if (!finished && !leg.finalSeen && !leg.cancelled) {
                startInvite(leg);
            }
        });
        return true;
    }

    /** Only while the call goes on: once it has finished, its legs' users no longer reach it (see LegUser). */
    private void answered(OutboundLeg leg, SipResponse ok) {
        acknowledge(b2bua, leg, ok);
        apply(new CallEvent.LegAnswered(leg.legId, now()));
    }

    /** A leg's 2xx: its dialog is set up and ACKed. */
    private static Dialog acknowledge(B2bua b2bua, OutboundLeg leg, SipResponse ok) {
        leg.finalSeen = true;
        leg.answer = ok;
        Uri target = ok.contacts().isEmpty() ? leg.invite.requestUri() : ok.contacts().get(0).uri();
        leg.answeredCseq = leg.invite.cseq().number();
        leg.dialog = new Dialog(leg.invite.callId(), leg.invite.from(), ok.to(), target, leg.destination,
                leg.answeredCseq);
        b2bua.layer().sendAck(leg.dialog.ack(leg.answeredCseq, b2bua.sipLoop().via(leg.destination)), leg.destination);
        return leg.dialog;
    }

    // --------------------------------------------------------------------------------------- the caller

    private void connect(OutboundLeg leg) {
        if (leg == null || leg.answer == null) {
            return;
        }
        winner = leg;
        SipRequest req = callerInvite;
        SipResponse ok = withOurTag(SipResponse.forRequest(req, 200, "OK"))
                .withHeader(HeaderNames.CONTACT, b2bua.sipLoop().contact(inbound.source()));
        if (leg.answer.body().length > 0) {
            ok = ok.withBody(leg.answer.contentType().orElse("application/sdp"), leg.answer.body());
        }
        NameAddr callerContact = req.contacts().isEmpty() ? req.from() : req.contacts().get(0);
        callerDialog = new Dialog(req.callId(), req.to().withTag(ourTag), req.from(), callerContact.uri(),
                inbound.source(), 0);
        inbound.respond(ok);
        b2bua.answerWait(Duration.between(receivedAt, now()));
        if (!inbound.source().isReliable()) {
            retransmitAnswer(ok, T1, Duration.ZERO);
        }
    }

    /** RFC 3261 §13.3.1.4: the UAS core resends its 2xx until the ACK comes, T1 doubling to T2, for 64*T1. */
    private void retransmitAnswer(SipResponse ok, Duration interval, Duration elapsed) {
        answerRetransmitTimer = b2bua.sipLoop().setTimer(interval, () -> {
            if (callerAcked || finished) {
                return;
            }
            Duration total = elapsed.plus(interval);
            if (total.compareTo(T1.multipliedBy(64)) >= 0) {
                log.info("event=caller_never_acked callId={}", callId);
                hangUpBoth();
                return;
            }
            inbound.respond(ok);
            Duration next = interval.multipliedBy(2);
            retransmitAnswer(ok, next.compareTo(T2) > 0 ? T2 : next, total);
        });
    }

    void onCallerAck() {
        callerAcked = true;
    }

    /** The caller's CANCEL: answer the INVITE 487 and let the machine stop every leg. */
    void onCallerCancel() {
        inbound.respond(withOurTag(SipResponse.forRequest(callerInvite, 487, "Request Terminated")));
        apply(new CallEvent.CallerHungUp(now()));
    }

    /** A request inside the caller's dialog or a leg's dialog. */
    void onInDialog(ServerTransaction tx, String dialogCallId) {
        SipRequest req = tx.request();
        boolean fromCaller = dialogCallId.equals(inboundCallId());
        OutboundLeg fromLeg = fromCaller ? null : legByCallId(dialogCallId);
        if (req.isMethod("BYE")) {
            tx.respond(RequestScreen.respond(req, 200, "OK"));
            if (fromCaller) {
                if (winner != null && winner.dialog != null) {
                    bye(winner.dialog);
                }
                apply(new CallEvent.CallEnded(now()));
            } else if (fromLeg != null && fromLeg == winner) {
                if (callerDialog != null) {
                    bye(callerDialog);
                }
                apply(new CallEvent.CallEnded(now()));
            }
            return;
        }
        // re-INVITE, UPDATE, INFO: relay to the other side of the bridge (hold, unhold, codec changes, DTMF).
        Dialog other = fromCaller ? (winner == null ? null : winner.dialog) : (fromLeg == winner ? callerDialog : null);
        if (other == null) {
            DialogRelay.refuse(tx);
            return;
        }
        DialogRelay.relay(tx, other, b2bua.layer(), b2bua.sipLoop());
    }


    private OutboundLeg legByCallId(String sipCallId) {
        for (OutboundLeg l : legs.values()) {
            if (l.invite != null && l.invite.callId().equals(sipCallId)) {
                return l;
            }
        }
        return null;
    }

    private void bye(Dialog d) {
        bye(b2bua, d);
    }

    private static void bye(B2bua b2bua, Dialog d) {
        SipRequest bye = d.request("BYE", b2bua.sipLoop().via(d.destination), b2bua.sipLoop().contact(d.destination));
        b2bua.layer().sendRequest(bye, d.destination, B2bua.IGNORE_RESPONSES);
    }

    private void hangUpBoth() {
        if (winner != null && winner.dialog != null) {
            bye(winner.dialog);
        }
        if (callerDialog != null) {
            bye(callerDialog);
        }
        apply(new CallEvent.CallEnded(now()));
    }

    /** Drops every index the B2BUA keeps for this call. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (answerRetransmitTimer >= 0) {
            b2bua.sipLoop().cancelTimer(answerRetransmitTimer);
        }
        legUsers.forEach(u -> u.session = null);
        b2bua.forget(this, legs.values().stream().filter(l -> l.invite != null).map(l -> l.invite.callId()).toList());
        // Each leg's transaction holds its user, and so the leg, for 32 s more. A leg that had its final response
        // needs no INVITE or answer for what may still come (see LegUser): let them go with the call.
        for (OutboundLeg l : legs.values()) {
            if (l.finalSeen) { // an answered leg too: acknowledge() marks it
                l.invite = null;
                l.answer = null;
            }
        }
    }
}
