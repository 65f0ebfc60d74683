-- Tiers chosen by a person at review instead of the one the rules proposed.
-- Each belongs to the batch that applied it and goes with it on undo.
ALTER TABLE batches ADD COLUMN overrides INTEGER NOT NULL DEFAULT 0;

CREATE TABLE tier_overrides (
    id            INTEGER PRIMARY KEY,
    batch_id      INTEGER NOT NULL REFERENCES batches(id),
    customer_id   INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    proposed_tier TEXT NOT NULL,
    tier          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    -- Last day the choice still holds for later ratings; NULL for this batch only.
    expires_on    TEXT,
    who           TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX tier_overrides_batch ON tier_overrides(batch_id);
CREATE INDEX tier_overrides_customer ON tier_overrides(customer_id, id);
