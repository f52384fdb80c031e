package dozvon.edge.notify;

import dozvon.core.notify.DeliveryChannel;
import dozvon.core.notify.OutboxDelivery;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Sends a delivery's e-mail through SMTP with the Vert.x mail client ({@code smtp://[user:pass@]host:port} with
 * STARTTLS when the server offers it, or {@code smtps://} for TLS from the start). The delivery key goes into an
 * {@code X-Dozvon-Delivery} header, so a mail rule can spot the rare duplicate a crash after sending can cause.
 */
public final class EmailChannel implements DeliveryChannel {

    private final MailClient client;
    private final String from;
    private final NotificationEmails emails;

    public EmailChannel(MailClient client, String from, NotificationEmails emails) {
        this.client = client;
        this.from = from;
        this.emails = emails;
    }

    /** The client for {@code notifications.email.smtp}. */
    public static MailClient client(Vertx vertx, String smtpUrl, Duration timeout) {
        URI uri = URI.create(smtpUrl);
        boolean tls = "smtps".equalsIgnoreCase(uri.getScheme());
        MailConfig config = new MailConfig()
                .setHostname(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : (tls ? 465 : 25))
                .setSsl(tls)
                .setStarttls(tls ? StartTLSOptions.DISABLED : StartTLSOptions.OPTIONAL)
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true);
        config.setIdleTimeout((int) timeout.toSeconds());
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            config.setLogin(LoginOption.REQUIRED)
                    .setUsername(URLDecoder.decode(parts[0], StandardCharsets.UTF_8))
                    .setPassword(parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        } else {
            config.setLogin(LoginOption.DISABLED);
        }
        return MailClient.create(vertx, config);
    }

    @Override
    public CompletionStage<Void> send(OutboxDelivery d) {
        NotificationEmails.Email email = emails.render(d.notification());
        MailMessage message = new MailMessage()
                .setFrom(from)
                .setTo(d.target().target())
                .setSubject(email.subject())
                .setText(email.text());
        message.addHeader(WebhookChannel.DELIVERY_HEADER, d.notification().idempotencyKey());
        return client.sendMail(message).<Void>mapEmpty().toCompletionStage();
    }
}
