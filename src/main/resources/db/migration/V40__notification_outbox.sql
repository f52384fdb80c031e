-- The notification outbox. A notification is stored once per idempotency key (call.missed:<callId>, ...), so a
-- replayed call record or a retried enqueue never notifies twice; each of its deliveries (one webhook, or the
-- e-mail to a group head) is a row of its own, retried on its own schedule and claimed with a lease so that two
-- replicas never send the same delivery at the same time.

CREATE TABLE notifications (
    id               bigserial   PRIMARY KEY,
    idempotency_key  text        NOT NULL UNIQUE,
    event            text        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    data             jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- the hourly digest reads a group's missed calls of one hour
CREATE INDEX notifications_event_occurred_idx ON notifications (event, occurred_at);
-- old, finished notifications are purged after notifications.keepDays
CREATE INDEX notifications_created_idx ON notifications (created_at);

CREATE TABLE notification_deliveries (
    id               bigserial   PRIMARY KEY,
    notification_id  bigint      NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel          text        NOT NULL CHECK (channel IN ('webhook', 'email')),
    target           text        NOT NULL,                       -- the webhook URL or the e-mail address
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    lease_until      timestamptz,                                -- set while a replica is sending it
    last_error       text,
    delivered_at     timestamptz,
    UNIQUE (notification_id, channel, target)
);

CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
