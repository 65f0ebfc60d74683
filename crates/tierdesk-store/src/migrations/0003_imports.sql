-- Imports of customer and order sheets: what was read, what changed (for undo),
-- saved column mappings, and the order lines themselves.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('customers', 'transactions')),
    file        TEXT NOT NULL,
    sheet       TEXT NOT NULL,
    mapping     TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    lines       INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    who         TEXT NOT NULL,
    undone_at   TEXT
);

-- One row per customer an import created or changed; `previous` holds the
-- customer's values before the import (JSON), so undo can put them back.
CREATE TABLE import_changes (
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    customer_id INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('inserted', 'updated')),
    previous    TEXT
);
CREATE INDEX import_changes_import ON import_changes(import_id);

-- A confirmed column mapping, recognised again by the signature of the header.
CREATE TABLE import_profiles (
    signature  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    mapping    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE transactions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    import_id   INTEGER REFERENCES imports(id),
    order_no    TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    product     TEXT,
    quantity    REAL NOT NULL,
    unit_price  REAL,
    amount      REAL NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('purchase', 'return', 'cancellation'))
);
CREATE INDEX transactions_customer ON transactions(customer_id, occurred_at);
CREATE INDEX transactions_import ON transactions(import_id);
