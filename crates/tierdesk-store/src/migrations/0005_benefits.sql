-- The tier each customer's old sheet gave it, kept apart from `tier` so that
-- ratings never overwrite it (calibration compares a scheme with it), and
-- the record of benefits used.
ALTER TABLE customers ADD COLUMN imported_tier TEXT;

-- Customers no batch has rated still carry the tier their sheet gave them.
UPDATE customers SET imported_tier = tier
WHERE tier IS NOT NULL AND tier <> ''
  AND id NOT IN (SELECT customer_id FROM tier_history WHERE batch_id IS NOT NULL);

-- Whether an import set a customer's imported tier, so undoing it clears the tier again.
ALTER TABLE import_changes ADD COLUMN imported_tier_set INTEGER NOT NULL DEFAULT 0;

CREATE TABLE benefit_uses (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    -- The benefit's name in the scheme (names are what people see and say).
    benefit     TEXT NOT NULL,
    -- The tier and scheme the customer held when the benefit was used.
    tier        TEXT NOT NULL,
    scheme_key  TEXT NOT NULL,
    used_on     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    who         TEXT NOT NULL DEFAULT '',
    -- Why a use beyond the quota was allowed; NULL for uses within it.
    over_quota_reason TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX benefit_uses_customer ON benefit_uses(customer_id, used_on);
CREATE INDEX benefit_uses_day ON benefit_uses(used_on);
