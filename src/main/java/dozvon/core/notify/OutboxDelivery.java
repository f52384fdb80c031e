package dozvon.core.notify;

import dozvon.core.port.Notification;

/**
 * A delivery claimed from the outbox for one try.
 *
 * @param attempt this try's number, 1 for the first
 */
public record OutboxDelivery(long id, DeliveryTarget target, int attempt, Notification notification) {}
