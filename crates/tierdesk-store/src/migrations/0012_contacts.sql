-- The customer record (客户详情): the people of a company customer
-- (联系人) and the dates that matter to a customer every year (纪念日).
--
-- A customer has at most one primary contact: the partial unique index
-- refuses a second, and the store clears the old one in the same
-- transaction when another becomes primary. `phone` is the stored form
-- (`normalize_phone`) and `phone_key` its matching key, as on customers.
-- Contacts and dates hold personal values: an erase wipes them (privacy.rs),
-- a person's copy lists them, and the lists show phones masked.
CREATE TABLE customer_contacts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    phone       TEXT,
    phone_key   TEXT,
    wechat      TEXT,
    email       TEXT,
    birth_date  TEXT,
    is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary = 0 OR is_primary = 1),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id, id);
CREATE UNIQUE INDEX customer_contacts_one_primary ON customer_contacts(customer_id)
    WHERE is_primary = 1;
-- Birthdays of contacts by month and day, for the reminders (`-MM-DD`).
CREATE INDEX customer_contacts_birthday ON customer_contacts(substr(birth_date, 6))
    WHERE birth_date IS NOT NULL;

-- `kind` is cooperation (合作纪念日), opening (开业日) or custom (a named
-- date); `label` is what it is called. The date recurs every year on
-- `month`-`day`; `year` is when it first happened, when known. `remind`:
-- whether the to-do rules make a reminder ahead of it.
CREATE TABLE customer_dates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind = 'cooperation' OR kind = 'opening' OR kind = 'custom'),
    label       TEXT NOT NULL,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day         INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    year        INTEGER,
    remind      INTEGER NOT NULL DEFAULT 1 CHECK (remind = 0 OR remind = 1),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX customer_dates_customer ON customer_dates(customer_id, month, day);
CREATE INDEX customer_dates_day ON customer_dates(month, day) WHERE remind = 1;

-- The timeline and a person's copy find the imports that touched one
-- customer; without this index that read every import's changes.
CREATE INDEX import_changes_customer ON import_changes(customer_id);
