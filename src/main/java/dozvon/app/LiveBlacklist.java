package dozvon.app;

import dozvon.core.port.BlacklistStore;
import dozvon.core.tracking.Blacklist;
import dozvon.core.tracking.BlacklistEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * This replica's copy of the blacklist (config patterns plus those added over the API), read by every call
 * without touching a store. A short poll of the store's version number notices changes made on any replica;
 * a reload happens only when it moved. While the store is unreachable the last copy stays in force.
 */
final class LiveBlacklist implements Supplier<Blacklist> {

    private static final Logger log = LoggerFactory.getLogger(LiveBlacklist.class);

    private final Vertx vertx;
    private final BlacklistStore store;
    private final List<String> configured;
    private final Duration every;
    private final AtomicReference<Blacklist> current;
    private final AtomicBoolean polling = new AtomicBoolean();
    /** A refresh asked for while one ran: it runs again, so a local change is never left to the next poll. */
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile long seenVersion = -1;
    private long timer = -1;

    LiveBlacklist(Vertx vertx, BlacklistStore store, List<String> configured, Duration every) {
        this.vertx = vertx;
        this.store = store;
        this.configured = List.copyOf(configured);
        this.every = every;
        this.current = new AtomicReference<>(new Blacklist(this.configured));
    }

    @Override
    public Blacklist get() {
        return current.get();
    }

    /** Loads once (a start must not accept calls with half a blacklist), then keeps polling. */
    Future<Void> start() {
        return refresh().onComplete(ar -> timer = vertx.setPeriodic(every.toMillis(), id -> refresh()));
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Checks the version now; also called after a local change, so this replica needs no poll to see it. */
    Future<Void> refresh() {
        if (!polling.compareAndSet(false, true)) {
            again.set(true);
            return Future.succeededFuture();
        }
        return Future.fromCompletionStage(store.version())
                .compose(version -> version == seenVersion ? Future.succeededFuture()
                        : Future.fromCompletionStage(store.all()).map(entries -> {
                            current.set(Blacklist.of(configured, entries.stream().map(BlacklistEntry::pattern).toList()));
                            seenVersion = version;
                            log.info("event=blacklist_loaded version={} stored={} configured={}", version,
                                    entries.size(), configured.size());
                            return null;
                        }))
                .<Void>mapEmpty()
                .onFailure(e -> log.warn("event=blacklist_refresh_failed error=\"{}\"", e.toString()))
                .transform(ar -> {
                    polling.set(false);
                    return again.getAndSet(false) ? refresh() : Future.<Void>succeededFuture();
                });
    }
}
