-- Tier schemes (every saved version), evaluation batches and each customer's tier history.
CREATE TABLE schemes (
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (key, version)
);

CREATE TABLE batches (
    id             INTEGER PRIMARY KEY,
    scheme_key     TEXT NOT NULL,
    scheme_version INTEGER NOT NULL,
    period         TEXT NOT NULL,
    as_of          TEXT NOT NULL,
    applied_at     TEXT NOT NULL,
    applied_by     TEXT NOT NULL,
    customers      INTEGER NOT NULL,
    moved          INTEGER NOT NULL,
    undone_at      TEXT,
    FOREIGN KEY (scheme_key, scheme_version) REFERENCES schemes(key, version)
);

CREATE TABLE tier_history (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    batch_id            INTEGER REFERENCES batches(id),
    from_tier           TEXT,
    to_tier             TEXT,
    score               REAL,
    reason              TEXT NOT NULL,
    who                 TEXT NOT NULL,
    at                  TEXT NOT NULL,
    prev_last_rated_on  TEXT,
    prev_next_rating_on TEXT
);
CREATE INDEX tier_history_customer ON tier_history(customer_id, id);
CREATE INDEX tier_history_batch ON tier_history(batch_id);
