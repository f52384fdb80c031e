package dozvon.core.notify;

import java.util.Objects;

/** One place a notification goes: a webhook URL or an e-mail address. */
public record DeliveryTarget(Channel channel, String target) {

    public DeliveryTarget {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(target, "target");
    }
}
