-- Customers by phone (canonical: '+' and digits for international numbers, see core.customer.Phones).
-- manager_source says how personal_manager was set: 'manual' (API or console) is never replaced by the
-- automatic "first agent who talked to them" ('auto'), even when a hand-set manager was cleared.
CREATE TABLE customers (
    phone            text PRIMARY KEY,
    name             text,
    company          text,
    note             text,
    personal_manager text,
    manager_source   text CHECK (manager_source IN ('manual', 'auto')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX customers_manager_idx ON customers (personal_manager) WHERE personal_manager IS NOT NULL;
