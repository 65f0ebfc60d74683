-- PostgreSQL twin of migrations/0020_points_rules.sql: points given by the
-- rules (opening balances, first-purchase and reach-a-tier bonuses) and a
-- fifth rule-born kind of to-do, 'points' (积分即将过期).
ALTER TABLE points_ledger ADD COLUMN bonus TEXT COLLATE "C";
ALTER TABLE points_ledger ADD COLUMN batch_id BIGINT;
CREATE INDEX points_ledger_bonus ON points_ledger(customer_id, bonus) WHERE bonus IS NOT NULL;
CREATE INDEX points_ledger_batch ON points_ledger(batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX points_ledger_opening ON points_ledger(customer_id) WHERE kind = 'opening';
CREATE INDEX points_ledger_expires ON points_ledger(expires_on) WHERE expires_on IS NOT NULL;

-- SQLite rebuilt `todos` to change its CHECK; PostgreSQL replaces the check
-- (ids and their sequence are untouched).
ALTER TABLE todos DROP CONSTRAINT todos_kind_check;
ALTER TABLE todos ADD CONSTRAINT todos_kind_check
    CHECK (kind IN ('followup', 'date', 'rating', 'case', 'benefit', 'custom', 'points'));
