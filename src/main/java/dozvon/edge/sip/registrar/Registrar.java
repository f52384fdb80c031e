package dozvon.edge.sip.registrar;

import dozvon.core.port.Registrations;
import dozvon.core.presence.ContactBinding;
import dozvon.edge.sip.auth.DigestVerifier;
import dozvon.edge.sip.core.RequestScreen;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipSyntaxException;
import dozvon.edge.sip.message.SipUri;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The registrar (RFC 3261 §10.3): agents' phones REGISTER as {@code sip:<agentId>@<sip.domain>} with digest
 * authentication against the agent's password; bindings live in {@link Registrations} so every replica can
 * ring the agent. An agent becomes reachable with its first live binding and unreachable with its last.
 */
public final class Registrar {

    public static final int MIN_EXPIRES = 60;
    public static final int MAX_EXPIRES = 3600;
    public static final int DEFAULT_EXPIRES = 3600;

    private final Map<String, String> passwords;
    private final DigestVerifier digest;
    private final Registrations store;
    private final Clock clock;
    private final BiConsumer<String, Boolean> reachability;

    /**
     * @param passwords    agent id → digest password (agents without one cannot register)
     * @param reachability told (agentId, reachable) after each successful REGISTER
     */
    public Registrar(Map<String, String> passwords, DigestVerifier digest, Registrations store, Clock clock,
                     BiConsumer<String, Boolean> reachability) {
        this.passwords = Map.copyOf(passwords);
        this.digest = digest;
        this.store = store;
        this.clock = clock;
        this.reachability = reachability;
    }

    /** @param receivedFrom where the request came from, {@code udp:host:port} */
    public CompletionStage<SipResponse> register(SipRequest req, String receivedFrom) {
        Instant now = clock.instant();
        NameAddr to;
        try {
            to = req.to();
        } catch (SipSyntaxException e) {
            return done(RequestScreen.respond(req, 400, "Bad To"));
        }
        if (to == null || !(to.uri() instanceof SipUri aor) || aor.user() == null) {
            return done(RequestScreen.respond(req, 404, "Not Found"));
        }
        String agentId = aor.user();
        if (!passwords.containsKey(agentId)) {
            // Unknown users and agents without a password look the same from outside: nothing to enumerate.
            return done(challenge(req, now, false));
        }
        DigestVerifier.Verdict verdict = digest.verify(req.headers().firstOrNull("Authorization"), req.method(),
                agentId, passwords.get(agentId), now);
        if (verdict instanceof DigestVerifier.Verdict.Challenge c) {
            return done(challenge(req, now, c.stale()));
        }
        if (verdict instanceof DigestVerifier.Verdict.Forbidden) {
            return done(RequestScreen.respond(req, 403, "Forbidden"));
        }
        Optional<Change> change;
        try {
            change = change(req, now, receivedFrom);
        } catch (IntervalTooBrief e) {
            return done(RequestScreen.respond(req, 423, "Interval Too Brief")
                    .withHeader("Min-Expires", String.valueOf(MIN_EXPIRES)));
        } catch (SipSyntaxException | IllegalArgumentException e) {
            return done(RequestScreen.respond(req, 400, "Bad Contact"));
        }
        CompletionStage<List<ContactBinding>> result = change.isEmpty()
                ? store.live(agentId, now)
                : store.apply(agentId, change.get().removeAll(), change.get().removals(), change.get().upserts(), now);
        return result.thenApply(bindings -> {
            if (change.isPresent()) {
                reachability.accept(agentId, !bindings.isEmpty());
            }
            return ok(req, bindings, now);
        }).exceptionally(e -> RequestScreen.respond(req, 500, "Registrar Unavailable").withHeader("Retry-After", "5"));
    }

    private SipResponse challenge(SipRequest req, Instant now, boolean stale) {
        SipResponse r = RequestScreen.respond(req, 401, "Unauthorized");
        for (String c : digest.challenges(now, stale)) {
            r = r.withHeader("WWW-Authenticate", c);
        }
        return r;
    }

    private record Change(boolean removeAll, List<String> removals, List<ContactBinding> upserts) {}

    private static final class IntervalTooBrief extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntervalTooBrief() {
            super(null, null, false, false);
        }
    }

    /** Empty for a query (no Contact). */
    private Optional<Change> change(SipRequest req, Instant now, String receivedFrom) {
        List<String> contacts = req.headers().values(HeaderNames.CONTACT);
        if (contacts.isEmpty()) {
            return Optional.empty();
        }
        Integer headerExpires = parseExpires(req.headers().firstOrNull(HeaderNames.EXPIRES));
        if (contacts.size() == 1 && contacts.get(0).trim().equals("*")) {
            if (headerExpires == null || headerExpires != 0) {
                throw new IllegalArgumentException("Contact: * needs Expires: 0"); // RFC 3261 §10.3 step 6
            }
            return Optional.of(new Change(true, List.of(), List.of()));
        }
        List<String> removals = new ArrayList<>();
        List<ContactBinding> upserts = new ArrayList<>();
        for (String value : contacts) {
            if (value.trim().equals("*")) {
                throw new IllegalArgumentException("Contact: * must stand alone");
            }
            NameAddr contact = NameAddr.parse(value);
            Integer expires = parseExpires(contact.params().getOrNull("expires"));
            int seconds = expires != null ? expires : headerExpires != null ? headerExpires : DEFAULT_EXPIRES;
            String uri = contact.uri().toString();
            if (seconds == 0) {
                removals.add(uri);
            } else if (seconds < MIN_EXPIRES) {
                throw new IntervalTooBrief();
            } else {
                upserts.add(new ContactBinding(uri, now.plusSeconds(Math.min(seconds, MAX_EXPIRES)), receivedFrom));
            }
        }
        return Optional.of(new Change(false, removals, upserts));
    }

    private static Integer parseExpires(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        if (!t.matches("\\d{1,10}")) {
            throw new IllegalArgumentException("bad expires '" + v + "'");
        }
        long n = Long.parseLong(t);
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    private static SipResponse ok(SipRequest req, List<ContactBinding> bindings, Instant now) {
        SipResponse r = RequestScreen.respond(req, 200, "OK");
        for (ContactBinding b : bindings) {
            long left = Math.max(0, (Duration.between(now, b.expiresAt()).toMillis() + 999) / 1000); // stored in ms: round up
            r = r.withHeader(HeaderNames.CONTACT, "<" + b.contact() + ">;expires=" + left);
        }
        return r.withHeader(HeaderNames.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)));
    }

    private static CompletionStage<SipResponse> done(SipResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
