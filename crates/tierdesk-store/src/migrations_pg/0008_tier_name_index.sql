-- PostgreSQL twin of migrations/0008_tier_name_index.sql: the archive
-- filtered to one tier and sorted by name, read directly.
CREATE INDEX IF NOT EXISTS customers_live_tier_name ON customers(tier NULLS FIRST, name, id) WHERE deleted_at IS NULL;
