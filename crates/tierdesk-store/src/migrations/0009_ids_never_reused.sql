-- Customer ids are never given out twice. Before this migration `id` was a
-- plain INTEGER PRIMARY KEY, which SQLite fills with the largest id + 1: once
-- the newest customer was deleted for good, the next customer added got its
-- id, and the import that had created the first one then deleted the second
-- on undo. AUTOINCREMENT keeps the largest id ever used in `sqlite_sequence`.
-- SQLite cannot add AUTOINCREMENT to a table, so `customers` is rebuilt with
-- the same columns, ids, indexes and triggers (the migration runs with
-- foreign keys off, so dropping the old table does not cascade into the
-- history, overrides and benefit uses that point at it).
--
-- `revision` counts the changes made to a customer by hand or by an import
-- (ratings and the recycle bin leave it alone); each import records the
-- revision it left, so undo can tell a customer changed since and refuse
-- instead of deleting or overwriting that change.
DROP TRIGGER IF EXISTS customers_fts_insert;
DROP TRIGGER IF EXISTS customers_fts_delete;
DROP TRIGGER IF EXISTS customers_fts_update;
DROP TRIGGER IF EXISTS transactions_follow_customer;

CREATE TABLE customers_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
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
    deleted_at         TEXT,
    imported_tier      TEXT,
    revision           INTEGER NOT NULL DEFAULT 0
);
INSERT INTO customers_new (id, code, name, name_initials, name_key, phone, phone_key, spend,
        frequency, tenure_years, influence, tier, last_rated_on, next_rating_on, gender,
        birth_date, email, address, registered_on, last_contact_on, preferred_category, notes,
        manager, tags, fields, search_text, created_at, updated_at, deleted_at, imported_tier)
    SELECT id, code, name, name_initials, name_key, phone, phone_key, spend,
        frequency, tenure_years, influence, tier, last_rated_on, next_rating_on, gender,
        birth_date, email, address, registered_on, last_contact_on, preferred_category, notes,
        manager, tags, fields, search_text, created_at, updated_at, deleted_at, imported_tier
    FROM customers;
DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;

-- The largest id ever recorded anywhere, not only among customers still
-- here: an id an import, a rating, a benefit or an order line remembers must
-- not be given to someone else either. (Copying the rows may already have
-- left a row for the table under its new name.)
DELETE FROM sqlite_sequence WHERE name = 'customers';
INSERT INTO sqlite_sequence (name, seq) SELECT 'customers', max(
        (SELECT COALESCE(MAX(id), 0) FROM customers),
        (SELECT COALESCE(MAX(customer_id), 0) FROM import_changes),
        (SELECT COALESCE(MAX(customer_id), 0) FROM tier_history),
        (SELECT COALESCE(MAX(customer_id), 0) FROM tier_overrides),
        (SELECT COALESCE(MAX(customer_id), 0) FROM benefit_uses),
        (SELECT COALESCE(MAX(customer_id), 0) FROM transactions));

-- The indexes of 0001 and 0008, as they were.
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
CREATE INDEX customers_live_tier_name ON customers(tier, name) WHERE deleted_at IS NULL;

-- The search index keeps its rows: ids and texts are unchanged, and it
-- names its content table by name. Its triggers and the order lines'
-- trigger went with the old table and come back as they were.
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
CREATE TRIGGER transactions_follow_customer AFTER DELETE ON customers BEGIN
    DELETE FROM transactions WHERE customer_id = old.id;
END;

-- A deleted customer's text leaves the search index's pages at once
-- (FTS5's secure-delete), like the table's rows under `secure_delete`;
-- otherwise the name and phone stay in old index segments until a merge.
INSERT INTO customers_fts(customers_fts, rank) VALUES ('secure-delete', 1);

-- What an import left each customer at: `revision_after` is the customer's
-- revision once the import had written it, `revision_before` the one it
-- had before (NULL for a customer the import created). Imports made before
-- this migration kept no revisions, so their rows are judged by the dates:
-- an import writes its record first and its customers within the same
-- transaction, so a customer it created was created at or a little after
-- the import's time. A customer "created" by an import whose own creation
-- lies outside that window holds an id given out again, and one changed
-- well after the import (by hand, or by a rating) has changes undo would
-- lose. Both get -1, which no customer's revision equals, so undo refuses
-- and names them rather than delete or overwrite what it did not make.
-- Ten minutes is far longer than any import takes and far shorter than the
-- time a person needs to delete a customer for good and add another.
ALTER TABLE import_changes ADD COLUMN revision_before INTEGER;
ALTER TABLE import_changes ADD COLUMN revision_after INTEGER;
UPDATE import_changes SET revision_before = CASE WHEN action = 'updated' THEN 0 END,
    revision_after = CASE
        WHEN action = 'inserted' AND NOT EXISTS (
            SELECT 1 FROM customers c, imports i
            WHERE c.id = import_changes.customer_id AND i.id = import_changes.import_id
              AND c.created_at >= i.created_at
              AND c.created_at <= datetime(i.created_at, '+10 minutes')) THEN -1
        WHEN EXISTS (
            SELECT 1 FROM customers c, imports i
            WHERE c.id = import_changes.customer_id AND i.id = import_changes.import_id
              AND c.updated_at > datetime(i.created_at, '+10 minutes')) THEN -1
        ELSE 0 END;
