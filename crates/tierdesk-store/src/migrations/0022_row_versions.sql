-- Row versions: no silent overwrite on a team database (issue 19).
--
-- Customers, follow-ups and cases carry a `version` that every write to the
-- row raises by one in the same statement (an edit, an import, a rating and
-- its undo, the recycle bin, an erase, a follow-up moving the contact dates),
-- and `updated_by`, the person whose write it was (the signed-in user on a
-- team database, 我的名字 on a file). `updated_at` already exists. A save
-- names the version the person opened; when the row has moved on since, the
-- store merges field by field against what was opened and refuses only
-- when both changed the same field (crates/tierdesk-domain/src/merge.rs).
--
-- Schemes already keep every saved version as its own row, keyed
-- (key, version), with `created_at`: only `updated_by` is new there (who
-- saved that version); a save based on an older version than the newest is
-- merged the same way. Rows written before this migration have version 1 and
-- no `updated_by`.
ALTER TABLE customers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN updated_by TEXT;
ALTER TABLE followups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE followups ADD COLUMN updated_by TEXT;
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN updated_by TEXT;
ALTER TABLE schemes ADD COLUMN updated_by TEXT;
