-- The customer archive, user-defined fields and settings.
CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT UNIQUE,
    name               TEXT NOT NULL,
    name_initials      TEXT NOT NULL DEFAULT '',
    name_key           TEXT NOT NULL DEFAULT '',
    phone              TEXT,
    phone_key          TEXT,
    spend              REAL,
    frequency          REAL,
    tenure_years       REAL,
    influence          REAL,
    tier               TEXT,
    last_rated_on      TEXT,
    next_rating_on     TEXT,
    gender             TEXT,
    birth_date         TEXT,
    email              TEXT,
    address            TEXT,
    registered_on      TEXT,
    last_contact_on    TEXT,
    preferred_category TEXT,
    notes              TEXT,
    manager            TEXT,
    tags               TEXT NOT NULL DEFAULT '[]',
    fields             TEXT NOT NULL DEFAULT '{}',
    search_text        TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);

-- Sorting and prefix search on the live archive; the recycle bin is small and needs none.
CREATE INDEX customers_live_name ON customers(name) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_initials ON customers(name_initials) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_phone ON customers(phone) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_spend ON customers(spend) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_frequency ON customers(frequency) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_tenure ON customers(tenure_years) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_influence ON customers(influence) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_tier ON customers(tier, spend) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_last_rated ON customers(last_rated_on) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_next_rating ON customers(next_rating_on) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_updated ON customers(updated_at) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_manager ON customers(manager) WHERE deleted_at IS NULL;
CREATE INDEX customers_name_key ON customers(name_key);
CREATE INDEX customers_phone_key ON customers(phone_key);
CREATE INDEX customers_deleted ON customers(deleted_at) WHERE deleted_at IS NOT NULL;

-- Substring search (three characters or more) over name, initials, code and phone.
CREATE VIRTUAL TABLE customers_fts USING fts5(
    search_text, content='customers', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO customers_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE field_defs (
    key      TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
    choices  TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
