-- Whether an ended call's callback work ran (a task opened, merged or closed, or nothing to do). A record is
-- written first and its callback work after it, so a replica that stops between the two leaves a missed call
-- with no task; the catch-up finds those by this flag. Only calls that may open a task (missed, abandoned,
-- off hours) are written with it unset; rows from before this column: done.
ALTER TABLE calls ADD COLUMN callbacks_done boolean NOT NULL DEFAULT true;
CREATE INDEX calls_callbacks_pending_idx ON calls (ended_at) WHERE NOT callbacks_done;
