package dozvon.app;

import dozvon.app.config.DozvonConfig;
import dozvon.core.notify.CallNotifications;
import dozvon.core.notify.Channel;
import dozvon.core.notify.DeliveryChannel;
import dozvon.core.notify.DeliveryLog;
import dozvon.core.notify.NotificationRouting;
import dozvon.core.notify.RetrySchedule;
import dozvon.core.port.Notifier;
import dozvon.edge.notify.EmailChannel;
import dozvon.edge.notify.NotificationEmails;
import dozvon.edge.notify.WebhookChannel;
import dozvon.obs.Metrics;
import dozvon.store.pg.MissedCallDigestJob;
import dozvon.store.pg.NotificationSpool;
import dozvon.store.pg.OutboxWorker;
import dozvon.store.pg.PgDatabase;
import dozvon.store.pg.PgNotificationOutbox;
import dozvon.store.pg.PgNotifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The notification outbox wired from config: the {@link Notifier} everyone queues through, the listener that
 * turns ended calls into {@code call.*} notifications, and the delivery worker with its webhook and e-mail
 * channels. Started after migrations, stopped after the calls in flight are recorded.
 */
final class NotificationsWiring {

    private final NotificationSpool spool;
    private final PgNotifier notifier;
    private final OutboxWorker worker;
    private final WebClient webClient;
    private final MailClient mailClient;
    private final CallNotifications callListener;
    private final PgNotificationOutbox outbox;
    private final MissedCallDigestJob digestJob;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private final Vertx vertx;
    private long purgeTimer = -1;

    private NotificationsWiring(Vertx vertx, NotificationSpool spool, PgNotifier notifier, OutboxWorker worker,
                                WebClient webClient, MailClient mailClient, CallNotifications callListener, PgNotificationOutbox outbox,
                                MissedCallDigestJob digestJob) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.digestJob = digestJob;
        this.spool = spool;
        this.notifier = notifier;
        this.worker = worker;
        this.webClient = webClient;
        this.mailClient = mailClient;
        this.callListener = callListener;
    }

    static Future<NotificationsWiring> start(Vertx vertx, DozvonConfig config, PgDatabase db, Metrics metrics,
                                             Clock clock) {
        DozvonConfig.Notifications n = config.notifications();
        Duration timeout = Duration.ofSeconds(n.timeoutSeconds());
        List<NotificationRouting.Webhook> hooks = new ArrayList<>();
        Map<String, String> secrets = new HashMap<>();
        for (DozvonConfig.Webhook w : n.webhooks() == null ? List.<DozvonConfig.Webhook>of() : n.webhooks()) {
            hooks.add(new NotificationRouting.Webhook(w.url(), new HashSet<>(w.events() == null ? List.of() : w.events())));
            secrets.put(w.url(), w.secret());
        }
        boolean emailOn = n.email() != null && n.email().smtp() != null;
        boolean digest = emailOn && n.email().digest();
        NotificationRouting routing = new NotificationRouting(hooks, emailOn, headEmails(config), digest);

        Map<Channel, DeliveryChannel> channels = new EnumMap<>(Channel.class);
        WebClient web = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setUserAgent("dozvon-webhooks")
                .setFollowRedirects(false)); // a redirect would re-send the signed body somewhere unconfigured
        channels.put(Channel.WEBHOOK, new WebhookChannel(web, secrets, clock, timeout));
        MailClient mail = null;
        if (emailOn) {
            mail = EmailChannel.client(vertx, n.email().smtp(), timeout);
            channels.put(Channel.EMAIL, new EmailChannel(mail, n.email().from(), new NotificationEmails(zones(config))));
        }

        PgNotificationOutbox outbox = new PgNotificationOutbox(db.pool());
        NotificationSpool spool = new NotificationSpool(vertx, Path.of(config.data().dir()).resolve("notification-spool"),
                metrics.notificationSpoolPending());
        PgNotifier notifier = new PgNotifier(vertx, outbox, spool, routing, clock, Duration.ofSeconds(2),
                Duration.ofSeconds(30));
        DozvonConfig.Retry r = n.retry();
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(r.firstSeconds()), Duration.ofSeconds(r.maxSeconds()),
                r.maxAttempts());
        OutboxWorker worker = new OutboxWorker(vertx, outbox, channels, schedule, clock,
                () -> ThreadLocalRandom.current().nextDouble(),
                OutboxWorker.Settings.forSendTimeout(timeout.multipliedBy(3)),
                metrics::notification, metrics.notificationsPending());
        CallNotifications listener = new CallNotifications(notifier,
                Duration.ofSeconds(config.telephony().shortAbandonSeconds()), routing::keeps);
        MissedCallDigestJob digestJob = digest
                ? new MissedCallDigestJob(vertx, outbox, notifier, clock, Duration.ofMinutes(1)) : null;
        NotificationsWiring wiring = new NotificationsWiring(vertx, spool, notifier, worker, web, mail, listener,
                outbox, digestJob);
        return spool.open().map(v -> {
            notifier.start();
            worker.start();
            if (digestJob != null) {
                digestJob.start();
            }
            wiring.purgeTimer = vertx.setPeriodic(PURGE_EVERY.toMillis(), id -> outbox
                    .purge(clock.instant().minus(Duration.ofDays(n.keepDays())))
                    .onSuccess(count -> {
                        if (count > 0) {
                            LoggerFactory.getLogger(NotificationsWiring.class)
                                    .info("event=notifications_purged count={}", count);
                        }
                    }));
            return wiring;
        });
    }

    Notifier notifier() {
        return notifier;
    }

    DeliveryLog deliveryLog() {
        return outbox;
    }

    CallNotifications callListener() {
        return callListener;
    }

    /**
     * Stops sending, waits for the round under way to record its results, then closes the clients. Call it before
     * the Postgres pool closes.
     */
    Future<Void> stop() {
        notifier.stop();
        if (purgeTimer >= 0) {
            vertx.cancelTimer(purgeTimer);
        }
        if (digestJob != null) {
            digestJob.stop();
        }
        return worker.stop().transform(ar -> {
            webClient.close();
            Future<Void> mail = mailClient == null ? Future.succeededFuture() : mailClient.close();
            return Future.join(mail, spool.close()).mapEmpty();
        });
    }

    private static Map<String, String> headEmails(DozvonConfig config) {
        Map<String, String> emailById = new HashMap<>();
        config.agents().stream().filter(a -> a.email() != null).forEach(a -> emailById.put(a.id(), a.email()));
        Map<String, String> out = new LinkedHashMap<>();
        for (DozvonConfig.Group g : config.groups()) {
            if (g.head() != null && emailById.containsKey(g.head())) {
                out.put(g.id(), emailById.get(g.head()));
            }
        }
        return out;
    }

    private static Map<String, ZoneId> zones(DozvonConfig config) {
        Map<String, ZoneId> out = new HashMap<>();
        for (DozvonConfig.Group g : config.groups()) {
            if (g.hours() != null && g.hours().timezone() != null) {
                out.put(g.id(), ZoneId.of(g.hours().timezone()));
            }
        }
        return out;
    }
}
