package dozvon.edge.notify;

import dozvon.core.notify.DeliveryChannel;
import dozvon.core.notify.OutboxDelivery;
import dozvon.core.port.Notification;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * POSTs a notification as JSON {@code {id, event, occurredAt, data}} to a webhook, signed (see
 * {@link WebhookSignature}), with {@code X-Dozvon-Event} and {@code X-Dozvon-Delivery} (the idempotency key, the
 * same on every retry, for receivers to drop duplicates). A 2xx is delivered; any other status, a timeout or a
 * refused connection is tried again later. The response body is discarded unread. User info in the URL
 * ({@code https://user:key@host/path}, as SMS gateways often take) is sent as HTTP Basic authentication.
 */
public final class WebhookChannel implements DeliveryChannel {

    public static final String EVENT_HEADER = "X-Dozvon-Event";
    public static final String DELIVERY_HEADER = "X-Dozvon-Delivery";

    private final WebClient client;
    private final Map<String, String> secretsByUrl;
    private final Clock clock;
    private final Duration timeout;

    /** @param secretsByUrl each configured webhook's URL and secret */
    public WebhookChannel(WebClient client, Map<String, String> secretsByUrl, Clock clock, Duration timeout) {
        this.client = client;
        this.secretsByUrl = Map.copyOf(secretsByUrl);
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The body as sent: fields in a fixed order. */
    public static byte[] body(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", n.idempotencyKey());
        body.put("event", n.event());
        body.put("occurredAt", n.occurredAt().toString());
        body.put("data", new JsonObject(new LinkedHashMap<>(n.data())));
        return new JsonObject(body).toBuffer().getBytes();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public CompletionStage<Void> send(OutboxDelivery d) {
        String url = d.target().target();
        String secret = secretsByUrl.get(url);
        if (secret == null) {
            return Future.<Void>failedFuture("webhook " + url + " is no longer configured").toCompletionStage();
        }
        byte[] body = body(d.notification());
        String signature = WebhookSignature.header(secret, clock.instant().getEpochSecond(), body);
        URI uri = URI.create(url);
        HttpRequest<Void> request;
        if (uri.getRawUserInfo() != null) {
            // https://user:key@sms.example/send: the HTTP client ignores user info, so it becomes Basic auth
            String[] userPass = uri.getRawUserInfo().split(":", 2);
            String bare = uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawUserInfo().length() + 1)
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            request = client.postAbs(bare).as(BodyCodec.none()).basicAuthentication(decode(userPass[0]),
                    userPass.length > 1 ? decode(userPass[1]) : "");
        } else {
            request = client.postAbs(url).as(BodyCodec.none());
        }
        return request
                .timeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.HEADER, signature)
                .putHeader(EVENT_HEADER, d.notification().event())
                .putHeader(DELIVERY_HEADER, d.notification().idempotencyKey())
                .sendBuffer(Buffer.buffer(body))
                .<Void>compose(response -> response.statusCode() / 100 == 2
                        ? Future.succeededFuture()
                        : Future.failedFuture("HTTP " + response.statusCode()))
                .toCompletionStage();
    }
}
