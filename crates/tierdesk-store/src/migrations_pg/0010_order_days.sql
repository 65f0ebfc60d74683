-- PostgreSQL twin of migrations/0010_order_days.sql: each customer's orders
-- per day, what a rating totals instead of the lines (see the SQLite
-- migration for what each column holds and who keeps the table).
--
-- SQLite's migration is followed by the program filling the table from an
-- existing file's lines; a team database is created empty (or copied from
-- a local file with this table as it is), so there is nothing to fill here.
CREATE TABLE order_days (
    customer_id  BIGINT NOT NULL,
    day          TEXT COLLATE "C" NOT NULL,
    order_no     TEXT COLLATE "C" NOT NULL,
    lines        BIGINT NOT NULL,
    purchases    BIGINT NOT NULL,
    spend        DOUBLE PRECISION,
    spend_err    DOUBLE PRECISION,
    returned     DOUBLE PRECISION,
    returned_err DOUBLE PRECISION,
    first_at     TEXT COLLATE "C",
    last_at      TEXT COLLATE "C",
    PRIMARY KEY (customer_id, day, order_no)
);

-- As for the lines (0006): one pass per statement over the customers it deleted.
CREATE TRIGGER order_days_follow_customer AFTER DELETE ON customers
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION follow_customer('order_days');
