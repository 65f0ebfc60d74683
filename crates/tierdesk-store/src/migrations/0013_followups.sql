-- Follow-ups (跟进记录): each contact with a customer, and the customer's
-- last and next contact dates that follow from them.
--
-- `contact_id` names a contact person of a company customer; it is a plain
-- INTEGER, not a foreign key, because the contacts table is its own
-- migration and a contact removed later must not take the follow-up with it:
-- `contact_name` keeps the name as it was.
--
-- `at` is local time `YYYY-MM-DD HH:MM:SS`, so text order is time order and
-- (customer_id, at) serves a customer's list and timeline newest first.
CREATE TABLE followups (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    channel         TEXT NOT NULL
                    CHECK (channel IN ('visit', 'phone', 'wechat', 'meeting', 'email', 'other')),
    at              TEXT NOT NULL,
    who             TEXT NOT NULL DEFAULT '',
    contact_id      INTEGER,
    contact_name    TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    next_step       TEXT NOT NULL DEFAULT '',
    next_contact_on TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX followups_customer_at ON followups(customer_id, at);
-- The list of all follow-ups, newest first, and its filters by day.
CREATE INDEX followups_at ON followups(at);

-- The next contact date: the latest follow-up's 下次联系日期. Follow-ups
-- alone set it.
ALTER TABLE customers ADD COLUMN next_contact_on TEXT;
-- `last_contact_on` (最近联系) can also be typed in the customer form or come
-- from a sheet. Follow-ups set it to the later of that typed date and the
-- latest follow-up's day, so an older follow-up never moves it back and
-- deleting every follow-up gives the typed date back. `contact_typed_on`
-- keeps the typed date; `contact_auto_on` the date follow-ups last wrote,
-- so a value that differs from it was typed (or imported) since.
ALTER TABLE customers ADD COLUMN contact_typed_on TEXT;
ALTER TABLE customers ADD COLUMN contact_auto_on TEXT;

-- The live list sorted by either date.
CREATE INDEX customers_live_last_contact ON customers(last_contact_on) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_next_contact ON customers(next_contact_on) WHERE deleted_at IS NULL;
