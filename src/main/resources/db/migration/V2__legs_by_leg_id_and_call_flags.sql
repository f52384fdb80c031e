-- Fit the tables to the call machine's records (core.chain.CallRecord, Leg).
-- Legs are keyed by the machine's own leg id, so a replayed record finds its legs already there; leg_no stays
-- as the leg's position in the call. Each leg says what it rang (an agent's phone or a number) and whether
-- it asked the phone to answer by itself (a take from the screen pop).

ALTER TABLE call_legs DROP CONSTRAINT call_legs_pkey;
ALTER TABLE call_legs ADD COLUMN leg_id text;
UPDATE call_legs SET leg_id = leg_no::text WHERE leg_id IS NULL;
ALTER TABLE call_legs ALTER COLUMN leg_id SET NOT NULL;
ALTER TABLE call_legs ADD PRIMARY KEY (call_id, leg_id);
ALTER TABLE call_legs ADD COLUMN kind text NOT NULL DEFAULT 'agent' CHECK (kind IN ('agent', 'number'));
ALTER TABLE call_legs ADD COLUMN auto_answer boolean NOT NULL DEFAULT false;
-- the agent's SIP contact or the E.164 number dialled, not always a URI
ALTER TABLE call_legs RENAME COLUMN uri TO address;

-- The final response the caller got is not only a rejection's (480 for a missed or off-hours call too).
ALTER TABLE calls RENAME COLUMN reject_code TO final_code;
-- Calls outside working hours are told apart even when answered (outcome says answered then).
ALTER TABLE calls ADD COLUMN off_hours boolean NOT NULL DEFAULT false;
