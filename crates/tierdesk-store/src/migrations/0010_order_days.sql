-- Each customer's orders per day: what an order's lines of one day add up
-- to. A rating totals every customer's purchases over a window of days; read
-- from the order lines, that grouped query took 0.5 s of the 0.65 s an
-- `rfm10` rating of the Online Retail data needed (406,829 lines), and a
-- covering index on the lines still 0.4 s. The same data has 22,190 rows
-- here, read in a few milliseconds. Rows are by order and not by day alone
-- because a window counts distinct order numbers, and an order can have
-- lines on more than one day.
--
-- The table holds nothing the lines do not: the store keeps it (purchases.rs)
-- when an order import adds lines (in the import's transaction), when the
-- undo of an import removes them (the rows of the customers concerned are
-- rebuilt from their remaining lines), and through the trigger below when a
-- customer is deleted for good. The program fills it from the lines of an
-- existing file right after this migration (migrate.rs), because the sums
-- keep the error term SQLite's sum() keeps internally, which SQL cannot
-- hand out: a total made of these rows is then the same number as sum()
-- over the lines. A later migration that rebuilds `customers` must create
-- the trigger again, as 0009 did for the lines' trigger.
--
-- `day` is the first ten characters of the lines' `occurred_at`; a purchase
-- is a 'purchase' line with a quantity and an amount above 0 (`purchases`
-- counts them, `spend` + `spend_err` is the sum of their amounts, `first_at`
-- and `last_at` the first and last of their `occurred_at`); `returned` +
-- `returned_err` sums the amounts of returns and cancellations without
-- their sign. A sum that is not a number is NULL.
CREATE TABLE order_days (
    customer_id  INTEGER NOT NULL,
    day          TEXT NOT NULL,
    order_no     TEXT NOT NULL,
    lines        INTEGER NOT NULL,
    purchases    INTEGER NOT NULL,
    spend        REAL,
    spend_err    REAL,
    returned     REAL,
    returned_err REAL,
    first_at     TEXT,
    last_at      TEXT,
    PRIMARY KEY (customer_id, day, order_no)
) WITHOUT ROWID;

CREATE TRIGGER order_days_follow_customer AFTER DELETE ON customers BEGIN
    DELETE FROM order_days WHERE customer_id = old.id;
END;
