package dozvon.edge.sip.b2bua;

import dozvon.core.customer.CallerCard;
import dozvon.core.customer.Phones;
import dozvon.core.port.CallerCards;
import dozvon.core.port.TrackingSessions;
import dozvon.core.tracking.Attribution;
import dozvon.core.tracking.NumberPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The one lookup per arriving call: the caller's card (customer, personal manager, last calls) and, for a pool
 * number, the visitor session holding it. Both run at once; whatever has not come back within {@code timeout}
 * is given up on, so a slow database delays the first ring by the timeout at most and never blocks the SIP loop.
 */
final class ArrivalLookup {

    private static final Logger log = LoggerFactory.getLogger(ArrivalLookup.class);

    /** What the call starts with. */
    record Arrival(CallerCard card, Attribution tracking) {}

    /**
     * The caller's personal manager if they work in {@code groupId}: a customer's sales manager is not rung
     * for their call to the support line (nor would {@code next} of that group ever ring them).
     */
    String personalManagerIn(Arrival arrival, String groupId) {
        String pm = arrival.card().personalManagerId();
        return pm != null && groupId != null && groupId.equals(agentGroups.get(pm)) ? pm : null;
    }

    /** The SIP loop's timers and hand-over (the B2BUA's), so tests can run the timeout on virtual time. */
    interface Loop {
        long setTimer(Duration after, Runnable r);

        void cancelTimer(long id);

        void onLoop(Runnable r);
    }

    private final CallerCards cards;
    private final TrackingSessions sessions;
    private final Duration timeout;
    private final int historySize;
    private final Map<String, String> agentGroups;
    private final Runnable late;

    /**
     * @param agentGroups each configured agent's group
     * @param late        told each time a call went on without (part of) its lookup: the stores are slow
     */
    ArrivalLookup(CallerCards cards, TrackingSessions sessions, Duration timeout, int historySize,
                  Map<String, String> agentGroups, Runnable late) {
        this.late = late;
        this.cards = cards;
        this.sessions = sessions;
        this.timeout = timeout;
        this.historySize = historySize;
        this.agentGroups = Map.copyOf(agentGroups);
    }

    /** Calls {@code done} once, on the SIP loop, with what was found in time. */
    void lookup(Loop b2bua, String callId, String caller, NumberPlan.Entry number, Instant at,
                Consumer<Arrival> done) {
        Attribution configured = number.attribution();
        CompletionStage<CallerCard> card = Phones.canonical(caller)
                .map(phone -> guard(() -> cards.card(phone, historySize)))
                .orElse(CompletableFuture.completedFuture(CallerCard.UNKNOWN));
        CompletionStage<Optional<Attribution>> visit = number.pool() == null || sessions == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : guard(() -> sessions.holderOf(number.pool(), number.number(), at));
        CompletableFuture<Arrival> both = card.toCompletableFuture()
                .thenCombine(visit.toCompletableFuture(), (c, v) -> new Arrival(c, v.orElse(configured)));
        boolean[] finished = {false};
        long timer = b2bua.setTimer(timeout, () -> {
            if (!finished[0]) {
                finished[0] = true;
                log.warn("event=arrival_lookup_late callId={} timeout_ms={}", callId, timeout.toMillis());
                late.run();
                done.accept(new Arrival(cardNow(card), visitNow(visit).orElse(configured)));
            }
        });
        both.whenComplete((arrival, err) -> b2bua.onLoop(() -> {
            if (finished[0]) {
                return;
            }
            finished[0] = true;
            b2bua.cancelTimer(timer);
            if (err != null) {
                log.warn("event=arrival_lookup_failed callId={} error=\"{}\"", callId, err.toString());
                done.accept(new Arrival(cardNow(card), visitNow(visit).orElse(configured)));
            } else {
                done.accept(arrival);
            }
        }));
    }

    /** A part that did come back in time is still used when the other is late or failed. */
    private static CallerCard cardNow(CompletionStage<CallerCard> card) {
        try {
            CallerCard c = card.toCompletableFuture().getNow(null);
            return c == null ? CallerCard.UNKNOWN : c;
        } catch (RuntimeException e) {
            return CallerCard.UNKNOWN;
        }
    }

    private static Optional<Attribution> visitNow(CompletionStage<Optional<Attribution>> visit) {
        try {
            Optional<Attribution> v = visit.toCompletableFuture().getNow(null);
            return v == null ? Optional.empty() : v;
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static <T> CompletionStage<T> guard(java.util.function.Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
