-- One row per call (inbound or, later, auto-dialer outbound), one per ring attempt (leg).
-- Call ids are ours (not SIP Call-IDs): inserts use them as keys, so replays from the spool are idempotent.

CREATE TABLE calls (
    id             text PRIMARY KEY,
    direction      text        NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
    sip_call_id    text,
    caller         text        NOT NULL,
    dialed         text        NOT NULL,
    group_id       text,
    outcome        text        CHECK (outcome IN ('answered', 'missed', 'abandoned', 'rejected', 'off_hours')),
    reject_code    integer,
    reason         text,
    answered_by    text,
    arrived_at     timestamptz NOT NULL,
    first_ring_at  timestamptz,
    answered_at    timestamptz,
    ended_at       timestamptz,
    wait_seconds   double precision,
    talk_seconds   double precision,
    tracking       jsonb,
    trace          jsonb       NOT NULL DEFAULT '[]'::jsonb,
    disposition    jsonb,
    replica        text,
    written_at     timestamptz NOT NULL DEFAULT now()
);

-- Reports scan by period, per group, per caller (history on the screen pop) and per agent.
CREATE INDEX calls_arrived_idx        ON calls (arrived_at DESC);
CREATE INDEX calls_group_arrived_idx  ON calls (group_id, arrived_at DESC);
CREATE INDEX calls_caller_arrived_idx ON calls (caller, arrived_at DESC);
CREATE INDEX calls_agent_arrived_idx  ON calls (answered_by, arrived_at DESC) WHERE answered_by IS NOT NULL;

CREATE TABLE call_legs (
    call_id      text        NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    leg_no       integer     NOT NULL,
    step_no      integer     NOT NULL,
    target       text        NOT NULL,
    agent_id     text,
    uri          text,
    started_at   timestamptz NOT NULL,
    ringing_at   timestamptz,
    answered_at  timestamptz,
    ended_at     timestamptz,
    result       text        CHECK (result IN ('answered', 'no_answer', 'busy', 'declined', 'failed', 'cancelled')),
    sip_status   integer,
    PRIMARY KEY (call_id, leg_no)
);

CREATE INDEX call_legs_agent_started_idx ON call_legs (agent_id, started_at DESC) WHERE agent_id IS NOT NULL;
CREATE INDEX call_legs_started_idx       ON call_legs (started_at DESC);
