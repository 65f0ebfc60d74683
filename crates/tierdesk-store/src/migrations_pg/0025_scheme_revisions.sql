-- PostgreSQL twin of migrations/0025_scheme_revisions.sql: every save of a
-- scheme's key raises its revision (a version no rating used is overwritten
-- in place, so the version number alone does not move), and says when it
-- was made.
ALTER TABLE schemes ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE schemes ADD COLUMN updated_at TEXT COLLATE "C";
UPDATE schemes SET updated_at = created_at;
