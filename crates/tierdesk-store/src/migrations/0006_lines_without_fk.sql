-- Order lines are stored by the hundred thousand; checking each line's
-- customer through a foreign key cost SQLite as much again as storing the
-- line. The import code links every line to a customer it has checked (and
-- checks again before it commits), so the key goes; a trigger keeps what the
-- key's ON DELETE CASCADE did. Lines are found by import with a scan (only
-- undo does that), so that index goes too.
DROP TRIGGER IF EXISTS transactions_follow_customer;
CREATE TABLE transactions_new (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    import_id   INTEGER,
    order_no    TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    product     TEXT,
    quantity    REAL NOT NULL,
    unit_price  REAL,
    amount      REAL NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('purchase', 'return', 'cancellation'))
);
INSERT INTO transactions_new (id, customer_id, import_id, order_no, occurred_at, product, quantity,
                              unit_price, amount, kind)
    SELECT id, customer_id, import_id, order_no, occurred_at, product, quantity, unit_price, amount, kind
    FROM transactions;
DROP TABLE transactions;
ALTER TABLE transactions_new RENAME TO transactions;
CREATE INDEX IF NOT EXISTS transactions_customer ON transactions(customer_id, occurred_at);
CREATE TRIGGER IF NOT EXISTS transactions_follow_customer AFTER DELETE ON customers BEGIN
    DELETE FROM transactions WHERE customer_id = old.id;
END;
