-- Points (积分): the catalogue people redeem from and the ledger of every
-- change to a customer's points.
--
-- Points are whole numbers (INTEGER): programmes give and price them so,
-- and a balance people check by hand adds up with no fractions.
--
-- Nothing here is updated in place except a catalogue item's stock and its
-- `active` switch: a ledger row is never changed or deleted (other than with
-- its customer, deleted for good or erased); undoing one is a new row of
-- kind 'reverse' naming it in `reverses_id`, and a row is reversed at most
-- once (the unique index). `balance_after` is the customer's balance after
-- the row, so a balance is the latest row's, one index step away.
CREATE TABLE points_catalogue (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('gift', 'coupon', 'service')),
    price      INTEGER NOT NULL CHECK (price > 0),
    stock      INTEGER CHECK (stock IS NULL OR stock >= 0),
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

-- `on_day` is the day the row counts for (the order's day, the import's,
-- the expiry's); `at` when it was written (local time). `source_kind`:
-- order (earned from order lines), rule (a bonus rule or expiry), person
-- (by hand) or import (an opening balance). `expires_on` is set on rows
-- that add points and can run out. `reason` is free text about the person:
-- in their copy, wiped by an erase.
CREATE TABLE points_ledger (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id   INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,
    on_day        TEXT NOT NULL,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('earn', 'redeem', 'adjust', 'expire', 'reverse', 'opening')),
    points        INTEGER NOT NULL,
    balance_after INTEGER NOT NULL,
    source_kind   TEXT NOT NULL CHECK (source_kind IN ('order', 'rule', 'person', 'import')),
    order_no      TEXT,
    import_id     INTEGER,
    item_id       INTEGER REFERENCES points_catalogue(id),
    qty           INTEGER,
    reason        TEXT NOT NULL DEFAULT '',
    who           TEXT NOT NULL DEFAULT '',
    expires_on    TEXT,
    reverses_id   INTEGER REFERENCES points_ledger(id)
);

-- A customer's rows in order: the balance is the last one's balance_after.
CREATE INDEX points_ledger_customer ON points_ledger(customer_id, id);
-- A row is undone at most once.
CREATE UNIQUE INDEX points_ledger_reversal ON points_ledger(reverses_id)
    WHERE reverses_id IS NOT NULL;
-- One earn per customer, order and import: importing the same lines again
-- (the import skips lines it already holds) never earns twice.
CREATE UNIQUE INDEX points_ledger_order_earn ON points_ledger(customer_id, order_no, import_id)
    WHERE kind = 'earn' AND source_kind = 'order';
-- The rows an import wrote, for its undo.
CREATE INDEX points_ledger_import ON points_ledger(import_id) WHERE import_id IS NOT NULL;
