package dozvon.core.notify;

import java.util.concurrent.CompletionStage;

/**
 * Sends one delivery (an HTTP POST, an e-mail). Completes normally once the receiver took it; fails when it
 * should be tried again later. Implementations never block the calling event loop.
 */
@FunctionalInterface
public interface DeliveryChannel {

    CompletionStage<Void> send(OutboxDelivery delivery);
}
