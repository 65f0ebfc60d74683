-- PostgreSQL twin of migrations/0006_lines_without_fk.sql. Order lines lose
-- their foreign keys (the import code links every line to a customer it has
-- checked), and the index by import goes (only undo looks lines up by
-- import, with a scan). SQLite rebuilt the table; PostgreSQL drops the keys.
--
-- A trigger keeps what the key's ON DELETE CASCADE did. It runs once per
-- statement over the customers that statement deleted (a transition table),
-- so emptying a recycle bin of thousands deletes their lines in one pass.
-- Its function serves every table that follows a customer without a
-- foreign key (0010's order days, 0017's churn scores): the table is the
-- trigger's argument.
ALTER TABLE transactions DROP CONSTRAINT transactions_customer_id_fkey;
ALTER TABLE transactions DROP CONSTRAINT transactions_import_id_fkey;
DROP INDEX transactions_import;

CREATE FUNCTION follow_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DELETE FROM %I WHERE customer_id IN (SELECT id FROM gone)', TG_ARGV[0]);
    RETURN NULL;
END;
$$;
CREATE TRIGGER transactions_follow_customer AFTER DELETE ON customers
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION follow_customer('transactions');
