-- Callback tasks: one per customer to call back (a missed, abandoned or off-hours call, or a follow-up a CRM
-- scheduled), and one row per dial attempt. Calls from the same number into the same group while a task is open
-- merge into it: merge_key (phone|group, null for scheduled tasks) is unique among open tasks, so two replicas
-- recording two calls from one customer at once still make one task.

CREATE TABLE callback_tasks (
    id            text PRIMARY KEY,
    phone         text        NOT NULL,
    group_id      text        NOT NULL,
    reason        text        NOT NULL CHECK (reason IN ('missed', 'abandoned', 'off_hours', 'scheduled')),
    note          text,
    agent_id      text,
    status        text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    merge_key     text,
    due_at        timestamptz NOT NULL,
    attempts      integer     NOT NULL DEFAULT 0,
    calls         integer     NOT NULL DEFAULT 0,
    last_call_id  text,
    close_reason  text        CHECK (close_reason IN ('reached', 'unreached', 'manual')),
    close_note    text,
    -- the replica dialing it and until when; an expired lease (a replica died mid-attempt) frees the task again
    lease_owner   text,
    lease_until   timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    closed_at     timestamptz,
    CHECK ((status = 'closed') = (close_reason IS NOT NULL))
);

CREATE UNIQUE INDEX callback_tasks_one_open_per_key ON callback_tasks (merge_key) WHERE status = 'open';
-- the dialer's poll: open tasks by due time
CREATE INDEX callback_tasks_due_idx   ON callback_tasks (due_at) WHERE status = 'open';
CREATE INDEX callback_tasks_phone_idx ON callback_tasks (phone) WHERE status = 'open';
CREATE INDEX callback_tasks_list_idx  ON callback_tasks (status, created_at DESC);

CREATE TABLE callback_attempts (
    task_id     text        NOT NULL REFERENCES callback_tasks (id) ON DELETE CASCADE,
    call_id     text        NOT NULL,
    attempt_no  integer     NOT NULL,
    agent_id    text,
    result      text        NOT NULL CHECK (result IN ('answered', 'customer_unreached', 'agent_unreached')),
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz NOT NULL,
    PRIMARY KEY (task_id, call_id)
);
