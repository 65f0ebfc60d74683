-- PostgreSQL twin of migrations/0007_lines_lighter.sql: the kind check
-- written as three comparisons (as SQLite's now reads), and the lines'
-- index on the customer alone (every query that uses it asks for one
-- customer's lines or groups by customer). SQLite rebuilt the table;
-- PostgreSQL changes the check and the index in place.
ALTER TABLE transactions DROP CONSTRAINT transactions_kind_check;
ALTER TABLE transactions ADD CONSTRAINT transactions_kind_check
    CHECK (kind = 'purchase' OR kind = 'return' OR kind = 'cancellation');
DROP INDEX transactions_customer;
CREATE INDEX transactions_customer ON transactions(customer_id);
