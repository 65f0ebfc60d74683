-- Points given by the rules (opening balances, the first-purchase and
-- reach-a-tier bonuses) and the 即将过期 to-dos.
--
-- `bonus` names what a rule row is for, once per customer while it stands:
-- 'first_purchase', or 'reach:<tier key>'. Such a row is given again only
-- after it was reversed (its import or rating undone), so the look-up is
-- by customer and bonus, and the reversal's NOT EXISTS decides.
-- `batch_id` is the rating whose reach bonuses a row holds: undoing the
-- rating reverses exactly those rows.
ALTER TABLE points_ledger ADD COLUMN bonus TEXT;
ALTER TABLE points_ledger ADD COLUMN batch_id INTEGER;
CREATE INDEX points_ledger_bonus ON points_ledger(customer_id, bonus) WHERE bonus IS NOT NULL;
CREATE INDEX points_ledger_batch ON points_ledger(batch_id) WHERE batch_id IS NOT NULL;
-- An opening balance per customer: the look-up of "has one in effect".
CREATE INDEX points_ledger_opening ON points_ledger(customer_id) WHERE kind = 'opening';
-- The 即将过期 rule reads the lots that run out within the next days.
CREATE INDEX points_ledger_expires ON points_ledger(expires_on) WHERE expires_on IS NOT NULL;

-- A fifth rule-born kind of to-do, 'points' (积分即将过期). SQLite cannot
-- change a CHECK, so `todos` is rebuilt with the same columns and ids (the
-- migration runs with foreign keys off; nothing points at a to-do), and the
-- sequence keeps the largest id ever given, so no id is reused.
CREATE TABLE todos_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id  INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL
                 CHECK (kind IN ('followup', 'date', 'rating', 'case', 'benefit', 'custom', 'points')),
    title        TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    due_on       TEXT NOT NULL,
    due_time     TEXT,
    owner        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'done', 'cancelled', 'postponed')),
    repeat_unit  TEXT CHECK (repeat_unit IN ('day', 'week', 'month', 'year')),
    repeat_every INTEGER,
    repeat_from  TEXT,
    source_kind  TEXT,
    source_id    INTEGER,
    rule_key     TEXT UNIQUE,
    who          TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    done_at      TEXT,
    done_by      TEXT
);
INSERT INTO todos_new (id, customer_id, kind, title, note, due_on, due_time, owner, status,
        repeat_unit, repeat_every, repeat_from, source_kind, source_id, rule_key, who,
        created_at, updated_at, done_at, done_by)
    SELECT id, customer_id, kind, title, note, due_on, due_time, owner, status,
        repeat_unit, repeat_every, repeat_from, source_kind, source_id, rule_key, who,
        created_at, updated_at, done_at, done_by
    FROM todos;
DELETE FROM sqlite_sequence WHERE name = 'todos_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'todos_new', max(
        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'todos'), 0),
        (SELECT COALESCE(MAX(id), 0) FROM todos_new));
DROP TABLE todos;
ALTER TABLE todos_new RENAME TO todos;
CREATE INDEX todos_active_due ON todos(due_on, due_time)
    WHERE status IN ('open', 'postponed');
CREATE INDEX todos_active_owner ON todos(owner, due_on)
    WHERE status IN ('open', 'postponed');
CREATE INDEX todos_active_kind ON todos(kind, due_on)
    WHERE status IN ('open', 'postponed');
CREATE INDEX todos_customer ON todos(customer_id, due_on);
CREATE INDEX todos_customer_kind ON todos(customer_id, kind, status, done_at);
CREATE INDEX todos_source ON todos(source_kind, source_id) WHERE source_kind IS NOT NULL;
