-- PostgreSQL twin of migrations/0022_row_versions.sql: each customer's,
-- follow-up's and case's version (raised by every write in the same
-- statement) and who wrote it last; who saved each scheme version.
ALTER TABLE customers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN updated_by TEXT COLLATE "C";
ALTER TABLE followups ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE followups ADD COLUMN updated_by TEXT COLLATE "C";
ALTER TABLE cases ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN updated_by TEXT COLLATE "C";
ALTER TABLE schemes ADD COLUMN updated_by TEXT COLLATE "C";
