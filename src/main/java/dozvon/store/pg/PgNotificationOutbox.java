package dozvon.store.pg;

import dozvon.core.notify.Channel;
import dozvon.core.notify.DeliveryLog;
import dozvon.core.notify.DeliveryView;
import dozvon.core.notify.DeliveryTarget;
import dozvon.core.notify.OutboxDelivery;
import dozvon.core.port.Notification;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The notification outbox tables ({@code notifications}, {@code notification_deliveries}) as named operations. */
public final class PgNotificationOutbox implements DeliveryLog {

    /** A hung database counts as a down one: the caller spools, and a late insert is harmless (idempotent). */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** last_error is for people reading the table, not an archive of response bodies. */
    private static final int MAX_ERROR_CHARS = 500;

    private final Pool pool;

    public PgNotificationOutbox(Pool pool) {
        this.pool = pool;
    }

    /** Stores the notification with one pending delivery per target, due at {@code now}; a known key is a no-op. */
    public Future<Void> enqueue(Notification n, List<DeliveryTarget> targets, Instant now) {
        Tuple params;
        try {
            String[] channels = targets.stream().map(t -> t.channel().wire()).toArray(String[]::new);
            String[] addresses = targets.stream().map(DeliveryTarget::target).toArray(String[]::new);
            params = Tuple.of(n.idempotencyKey(), n.event(), utc(n.occurredAt()), NotificationJson.data(n), utc(now),
                    channels, addresses);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return pool.preparedQuery(OutboxSql.ENQUEUE).execute(params)
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .mapEmpty();
    }

    /** Takes up to {@code limit} due deliveries for one try each, leased until {@code leaseUntil}. */
    public Future<List<OutboxDelivery>> claimDue(Instant now, Instant leaseUntil, int limit) {
        return pool.preparedQuery(OutboxSql.CLAIM_DUE).execute(Tuple.of(utc(now), utc(leaseUntil), limit))
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(rows -> {
                    List<OutboxDelivery> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(delivery(r));
                    }
                    return out;
                });
    }

    public Future<Void> delivered(long id, Instant at) {
        return update(OutboxSql.MARK_DELIVERED, Tuple.of(id, utc(at)));
    }

    public Future<Void> retryAt(long id, Instant next, String error) {
        return update(OutboxSql.MARK_RETRY, Tuple.of(id, utc(next), clip(error)));
    }

    public Future<Void> failed(long id, String error) {
        return update(OutboxSql.MARK_FAILED, Tuple.of(id, clip(error)));
    }

    @Override
    public java.util.concurrent.CompletionStage<List<DeliveryView>> recent(String status, int limit) {
        return pool.preparedQuery(OutboxSql.RECENT).execute(Tuple.of(status, limit))
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(rows -> {
                    List<DeliveryView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new DeliveryView(r.getLong("id"), r.getString("idempotency_key"), r.getString("event"),
                                Channel.fromWire(r.getString("channel")), r.getString("target"), r.getString("status"),
                                r.getInteger("attempts"), instant(r.getOffsetDateTime("next_attempt_at")),
                                r.getString("last_error"), instant(r.getOffsetDateTime("delivered_at")),
                                instant(r.getOffsetDateTime("created_at"))));
                    }
                    return out;
                }).toCompletionStage();
    }

    @Override
    public java.util.concurrent.CompletionStage<Requeue> requeue(long deliveryId, Instant now) {
        return pool.preparedQuery(OutboxSql.REQUEUE).execute(Tuple.of(deliveryId, utc(now)))
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Requeue.UNKNOWN;
                    }
                    return rows.iterator().next().getLong("requeued") > 0 ? Requeue.REQUEUED : Requeue.NOT_FAILED;
                }).toCompletionStage();
    }

    /** A group's missed calls of one window, for the digest: their data (at most {@code limit}) and how many. */
    public record GroupMissed(List<java.util.Map<String, Object>> calls, int total) {}

    public Future<java.util.Map<String, GroupMissed>> missedCalls(Instant from, Instant to, int limit) {
        return pool.preparedQuery(OutboxSql.MISSED_IN_WINDOW).execute(Tuple.of(utc(from), utc(to), limit))
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(rows -> {
                    java.util.Map<String, GroupMissed> out = new java.util.LinkedHashMap<>();
                    for (Row r : rows) {
                        GroupMissed g = out.computeIfAbsent(r.getString("grp"),
                                k -> new GroupMissed(new ArrayList<>(), r.getLong("total").intValue()));
                        g.calls().add(NotificationJson.plainMap(r.getJsonObject("data")));
                    }
                    return out;
                });
    }

    /**
     * Forgets notifications queued before {@code before} whose deliveries are all delivered or failed, so the
     * outbox does not grow forever. Their keys are forgotten too: the same event told again after that would be
     * sent again, which is why the horizon is days, far beyond any spool replay.
     *
     * @return how many notifications went
     */
    public Future<Integer> purge(Instant before) {
        return pool.preparedQuery(OutboxSql.PURGE).execute(Tuple.of(utc(before)))
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(io.vertx.sqlclient.SqlResult::rowCount);
    }

    public Future<Long> countPending() {
        return pool.query(OutboxSql.COUNT_PENDING).execute()
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private Future<Void> update(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
    }

    private static OutboxDelivery delivery(Row r) {
        JsonObject data = r.getJsonObject("data");
        Notification n = new Notification(r.getString("event"), r.getString("idempotency_key"),
                r.getOffsetDateTime("occurred_at").toInstant(),
                data == null ? java.util.Map.of() : NotificationJson.plainMap(data));
        return new OutboxDelivery(r.getLong("id"),
                new DeliveryTarget(Channel.fromWire(r.getString("channel")), r.getString("target")),
                r.getInteger("attempts"), n);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static String clip(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
    }
}
