package dozvon.edge.sip.b2bua;

import dozvon.core.customer.CallerCard;
import dozvon.core.customer.Customer;
import dozvon.core.port.CallerCards;
import dozvon.core.port.TrackingSessions;
import dozvon.core.tracking.Attribution;
import dozvon.core.tracking.Lease;
import dozvon.core.tracking.NumberPlan;
import dozvon.core.tracking.NumberPool;
import dozvon.core.tracking.VisitorSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The arrival lookup's timeout on virtual time: a slow store never holds a call beyond it. */
class ArrivalLookupTest {

    private static final Instant T = Instant.parse("2027-03-01T09:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMillis(150);
    private static final NumberPlan.Entry STATIC = new NumberPlan.Entry("+74950000000", "sales",
            new NumberPlan.Tracking("google", "cpc", "sofas"));
    private static final NumberPlan.Entry POOLED = new NumberPlan.Entry("+74950000010", "sales", null, "site");
    private static final CallerCard CARD = new CallerCard(new Customer("+79001234567", "Olga", null, null, "boris",
            null, T, T), List.of());

    private static final java.util.concurrent.atomic.AtomicInteger LATE = new java.util.concurrent.atomic.AtomicInteger();
    private static final Map<String, String> GROUPS = Map.of("boris", "sales", "rita", "desk");

    @Test
    void aPersonalManagerCountsOnlyInTheirOwnGroup() {
        ArrivalLookup lookup = new ArrivalLookup((p, n) -> null, null, TIMEOUT, 5, GROUPS, LATE::incrementAndGet);
        ArrivalLookup.Arrival arrival = new ArrivalLookup.Arrival(CARD, null);
        assertThat(lookup.personalManagerIn(arrival, "sales")).isEqualTo("boris");
        assertThat(lookup.personalManagerIn(arrival, "desk")).isNull();
        assertThat(lookup.personalManagerIn(new ArrivalLookup.Arrival(CallerCard.UNKNOWN, null), "sales")).isNull();
    }

    /** Timers that fire only when the test says so; hand-overs run at once. */
    static final class ManualLoop implements ArrivalLookup.Loop {
        final Map<Long, Runnable> timers = new HashMap<>();
        final List<Duration> asked = new ArrayList<>();
        long next = 1;

        @Override
        public long setTimer(Duration after, Runnable r) {
            asked.add(after);
            timers.put(next, r);
            return next++;
        }

        @Override
        public void cancelTimer(long id) {
            timers.remove(id);
        }

        @Override
        public void onLoop(Runnable r) {
            r.run();
        }

        void fireAll() {
            new ArrayList<>(timers.values()).forEach(Runnable::run);
            timers.clear();
        }
    }

    /** Sessions whose answers the test completes by hand. */
    static final class Sessions implements TrackingSessions {
        final CompletableFuture<Optional<Attribution>> holder = new CompletableFuture<>();

        @Override
        public CompletionStage<Optional<Lease>> lease(NumberPool pool, VisitorSession session, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Optional<Attribution>> holderOf(String pool, String number, Instant at) {
            return holder;
        }
    }

    @Test
    void aCardInTimeIsUsedAndTheTimerCancelled() {
        ManualLoop loop = new ManualLoop();
        CompletableFuture<CallerCard> card = new CompletableFuture<>();
        List<ArrivalLookup.Arrival> got = new ArrayList<>();
        new ArrivalLookup((phone, n) -> card, null, TIMEOUT, 5, GROUPS, LATE::incrementAndGet)
                .lookup(loop, "c1", "79001234567", STATIC, T, got::add);
        assertThat(loop.asked).containsExactly(TIMEOUT);
        assertThat(got).isEmpty();
        card.complete(CARD);
        assertThat(got).containsExactly(new ArrivalLookup.Arrival(CARD, Attribution.ofStatic("google", "cpc", "sofas")));
        assertThat(loop.timers).as("timer cancelled").isEmpty();
    }

    @Test
    void aSlowStoreIsGivenUpOnAtTheTimeoutAndItsLateAnswerIgnored() {
        ManualLoop loop = new ManualLoop();
        CompletableFuture<CallerCard> card = new CompletableFuture<>();
        List<ArrivalLookup.Arrival> got = new ArrayList<>();
        new ArrivalLookup((phone, n) -> card, null, TIMEOUT, 5, GROUPS, LATE::incrementAndGet)
                .lookup(loop, "c1", "+79001234567", STATIC, T, got::add);
        int lateBefore = LATE.get();
        loop.fireAll();
        assertThat(got).containsExactly(new ArrivalLookup.Arrival(CallerCard.UNKNOWN,
                Attribution.ofStatic("google", "cpc", "sofas")));
        assertThat(LATE.get()).as("counted").isEqualTo(lateBefore + 1);
        card.complete(CARD);
        assertThat(got).as("the call started once").hasSize(1);
    }

    @Test
    void aFailingStoreStartsTheCallAsUnknownAtOnce() {
        ManualLoop loop = new ManualLoop();
        List<ArrivalLookup.Arrival> got = new ArrayList<>();
        CallerCards broken = (phone, n) -> { throw new IllegalStateException("pool closed"); };
        new ArrivalLookup(broken, null, TIMEOUT, 5, GROUPS, LATE::incrementAndGet).lookup(loop, "c1", "+79001234567", STATIC, T, got::add);
        assertThat(got).containsExactly(new ArrivalLookup.Arrival(CallerCard.UNKNOWN,
                Attribution.ofStatic("google", "cpc", "sofas")));
    }

    @Test
    void aPoolNumberIsAttributedToItsVisitorAndAPartInTimeIsKeptWhenTheOtherIsLate() {
        ManualLoop loop = new ManualLoop();
        Sessions sessions = new Sessions();
        CompletableFuture<CallerCard> card = new CompletableFuture<>();
        List<ArrivalLookup.Arrival> got = new ArrayList<>();
        new ArrivalLookup((phone, n) -> card, sessions, TIMEOUT, 5, GROUPS, LATE::incrementAndGet)
                .lookup(loop, "c1", "+79001234567", POOLED, T, got::add);
        card.complete(CARD);
        assertThat(got).as("still waiting for the session").isEmpty();
        loop.fireAll();
        assertThat(got).containsExactly(new ArrivalLookup.Arrival(CARD, Attribution.ofPool("site")));

        ManualLoop loop2 = new ManualLoop();
        Sessions sessions2 = new Sessions();
        List<ArrivalLookup.Arrival> got2 = new ArrayList<>();
        Attribution visit = new Attribution("google", "cpc", "spring", "sofa", "https://shop.example/", "v-1", "site");
        new ArrivalLookup((phone, n) -> CompletableFuture.completedFuture(CallerCard.UNKNOWN), sessions2, TIMEOUT, 5, GROUPS, LATE::incrementAndGet)
                .lookup(loop2, "c2", "anonymous", POOLED, T, got2::add);
        sessions2.holder.complete(Optional.of(visit));
        assertThat(got2).containsExactly(new ArrivalLookup.Arrival(CallerCard.UNKNOWN, visit));
    }
}
