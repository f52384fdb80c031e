-- Dispositions from the agent console ({category, value, note}). An agent may file one while the call is still
-- in progress, before its calls row exists: they land here first, are copied onto calls.disposition when the
-- row exists, and a trigger copies them onto a calls row inserted later.

CREATE TABLE call_dispositions (
    call_id   text        PRIMARY KEY,
    agent_id  text        NOT NULL,
    category  text        NOT NULL,
    value     text        NOT NULL DEFAULT '',
    note      text        NOT NULL DEFAULT '',
    saved_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION call_disposition_json(d call_dispositions) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('category', d.category, 'value', d.value, 'note', d.note,
                              'agent', d.agent_id, 'savedAt', d.saved_at)
$$;

CREATE FUNCTION calls_disposition_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.disposition IS NULL THEN
        SELECT call_disposition_json(d) INTO NEW.disposition FROM call_dispositions d WHERE d.call_id = NEW.id;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER calls_disposition_from_console BEFORE INSERT ON calls
    FOR EACH ROW EXECUTE FUNCTION calls_disposition_on_insert();
