-- PostgreSQL twin of migrations/0023_customer_counts.sql: the number of live
-- customers (not in the recycle bin), in all and per tier, kept by the server
-- in the same transaction as every change of it, so that the list's
-- 「共 N 位客户」 is read from a small table instead of counted (35–60 ms at a
-- million customers even from an index alone, and as long for a large
-- tier). SQLite counts its b-tree quickly and keeps nothing.
--
-- A tier's live count is the sum of `live` over its rows (`tier` NULL: the
-- customers without a tier); the live count in all, the sum over the table.
-- At rest the table holds one base row per tier ever seen (none on an empty
-- database). A statement that adds or removes live customers — an insert of
-- any number of rows, a COPY, a delete — appends a row per tier with its
-- difference; a row that moves to or from the recycle bin or to another
-- tier appends one or two. When the transaction commits, a deferred trigger
-- folds those rows into the base rows, so a base row is written once per
-- transaction, never once per statement: a row updated many times in one
-- transaction leaves a chain of versions that each later update walks
-- (20,000 updates of one row in a transaction took 13.8 s; an import
-- inserts its customers one statement each). A transaction reads its own
-- differences before they are folded, and no other transaction sees them
-- before the commit: the sums are exact in every view, as count(*) is.
CREATE TABLE customer_counts (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    base BOOLEAN NOT NULL DEFAULT false,
    tier TEXT COLLATE "C",
    live BIGINT NOT NULL
);
-- One base row per tier, the customers without a tier included.
CREATE UNIQUE INDEX customer_counts_base ON customer_counts ((tier IS NULL), (COALESCE(tier, '')))
    WHERE base;

INSERT INTO customer_counts(base, tier, live)
SELECT true, tier, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY tier;

-- At commit, once per transaction: the first of its difference rows to fire
-- folds them all; each later one finds its row gone and stops at once.
CREATE FUNCTION customer_counts_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM customer_counts WHERE id = NEW.id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    WITH folded AS (DELETE FROM customer_counts WHERE NOT base RETURNING tier, live)
    INSERT INTO customer_counts(base, tier, live)
    SELECT true, tier, SUM(live) FROM folded GROUP BY tier
    ON CONFLICT ((tier IS NULL), (COALESCE(tier, ''))) WHERE base
    DO UPDATE SET live = customer_counts.live + excluded.live;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER customer_counts_fold AFTER INSERT ON customer_counts
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NOT NEW.base) EXECUTE FUNCTION customer_counts_fold();

-- Inserted and deleted customers, once per statement (transition tables).
CREATE FUNCTION customer_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO customer_counts(tier, live)
    SELECT tier, count(*) FROM added WHERE deleted_at IS NULL GROUP BY tier;
    RETURN NULL;
END;
$$;
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_added();

CREATE FUNCTION customer_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO customer_counts(tier, live)
    SELECT tier, -count(*) FROM removed WHERE deleted_at IS NULL GROUP BY tier;
    RETURN NULL;
END;
$$;
CREATE TRIGGER customers_count_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_removed();

-- Into or out of the recycle bin, or to another tier while live. Only a
-- statement that sets deleted_at or tier queues this trigger, and only for
-- the rows whose place in the counts really changed (a rating: the
-- customers who moved).
CREATE FUNCTION customer_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL THEN
        INSERT INTO customer_counts(tier, live) VALUES (OLD.tier, -1), (NEW.tier, 1);
    ELSIF OLD.deleted_at IS NULL THEN
        INSERT INTO customer_counts(tier, live) VALUES (OLD.tier, -1);
    ELSE
        INSERT INTO customer_counts(tier, live) VALUES (NEW.tier, 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER customers_count_move AFTER UPDATE OF deleted_at, tier ON customers
    FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
                       OR (NEW.deleted_at IS NULL AND OLD.tier IS DISTINCT FROM NEW.tier))
    EXECUTE FUNCTION customer_counts_moved();

-- TRUNCATE fires no delete trigger: it empties the counts too.
CREATE FUNCTION customer_counts_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM customer_counts;
    RETURN NULL;
END;
$$;
CREATE TRIGGER customers_count_truncate AFTER TRUNCATE ON customers
    FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_emptied();
