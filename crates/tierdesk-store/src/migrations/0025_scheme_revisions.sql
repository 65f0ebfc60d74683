-- Scheme saves merged field by field on a team database (no silent
-- overwrite for 等级方案).
--
-- A scheme keeps every version a rating used as its own row, but a version
-- no rating used yet is overwritten in place, so its number alone cannot
-- tell whether someone saved it since the editor opened it. `revision`
-- counts every save of a scheme's key: each save writes the newest row with
-- the key's highest revision plus one (a new version row, or the same row
-- overwritten). The editor sends the revision it opened; a different one
-- now means someone else saved in between, and the save is merged against
-- what the editor showed. `updated_at` is when that save was made
-- (`created_at` stays the first save of the version); `updated_by` (0022)
-- who made it. Rows written before take revision 1 and their `created_at`.
ALTER TABLE schemes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE schemes ADD COLUMN updated_at TEXT;
UPDATE schemes SET updated_at = created_at;
