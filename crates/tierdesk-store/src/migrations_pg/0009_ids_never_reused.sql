-- PostgreSQL twin of migrations/0009_ids_never_reused.sql.
--
-- Customer ids are never given out twice: on SQLite that took AUTOINCREMENT
-- and a rebuild of `customers`; here the identity column of 0001 already
-- draws from a sequence that never goes back. The sequence is moved past
-- the largest id recorded anywhere, as SQLite's migration set its counter
-- (a team database is created empty, so this leaves it at 1).
SELECT setval(pg_get_serial_sequence('customers', 'id'), GREATEST(m, 1), m > 0)
FROM (SELECT GREATEST(
        (SELECT COALESCE(MAX(id), 0) FROM customers),
        (SELECT COALESCE(MAX(customer_id), 0) FROM import_changes),
        (SELECT COALESCE(MAX(customer_id), 0) FROM tier_history),
        (SELECT COALESCE(MAX(customer_id), 0) FROM tier_overrides),
        (SELECT COALESCE(MAX(customer_id), 0) FROM benefit_uses),
        (SELECT COALESCE(MAX(customer_id), 0) FROM transactions)) AS m) AS largest;

-- `revision` counts the changes made to a customer by hand or by an import
-- (ratings and the recycle bin leave it alone); each import records the
-- revision it left, so undo can tell a customer changed since and refuse
-- instead of deleting or overwriting that change.
ALTER TABLE customers ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

-- What an import left each customer at (see the SQLite migration for the
-- rule applied to imports made before revisions were kept; on an empty
-- team database it finds no rows, and is written out so both say the same).
ALTER TABLE import_changes ADD COLUMN revision_before BIGINT;
ALTER TABLE import_changes ADD COLUMN revision_after BIGINT;
UPDATE import_changes SET revision_before = CASE WHEN action = 'updated' THEN 0 END,
    revision_after = CASE
        WHEN action = 'inserted' AND NOT EXISTS (
            SELECT 1 FROM customers c, imports i
            WHERE c.id = import_changes.customer_id AND i.id = import_changes.import_id
              AND c.created_at >= i.created_at
              AND c.created_at <= to_char(i.created_at::timestamp + interval '10 minutes',
                                          'YYYY-MM-DD HH24:MI:SS')) THEN -1
        WHEN EXISTS (
            SELECT 1 FROM customers c, imports i
            WHERE c.id = import_changes.customer_id AND i.id = import_changes.import_id
              AND c.updated_at > to_char(i.created_at::timestamp + interval '10 minutes',
                                         'YYYY-MM-DD HH24:MI:SS')) THEN -1
        ELSE 0 END;
