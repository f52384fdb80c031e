-- Blacklist patterns added over the API (config patterns live in the config). Each replica caches them in
-- memory and reloads when blacklist_version.version moves, so the call path never queries this table.
CREATE TABLE blacklist (
    pattern    text PRIMARY KEY,
    note       text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blacklist_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint  NOT NULL
);
INSERT INTO blacklist_version (id, version) VALUES (true, 0);
