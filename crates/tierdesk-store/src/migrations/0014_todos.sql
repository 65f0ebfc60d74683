-- To-dos (待办): things a person must do, about a customer or about no one.
-- Staff add their own (`custom`); the program's rules add the rest
-- (`followup` visits by tier, `date` birthdays and anniversaries, `rating`
-- due dates), and follow-ups, complaints and surveys add theirs through
-- `todos::add_todo_in` inside their own transaction.
--
-- `status` is open, done, cancelled or postponed (待办/已完成/已取消/已延期);
-- a postponed to-do is still to be done, on its new `due_on`. Whether a
-- to-do is overdue is never stored: it follows from `due_on` (and
-- `due_time`, `HH:MM`, when the to-do has an hour) and the clock.
--
-- A repeating to-do (`repeat_unit` day/week/month/year, every
-- `repeat_every`) makes its next one when it is done. The next dates count
-- from `repeat_from`, the first due date, so a to-do of 31 January monthly
-- falls on 28/29 February and is back on 31 March, and one of 29 February
-- yearly is on 28 February in other years and on 29 February again in leap years.
--
-- `rule_key` makes a rule's creation idempotent (`visit:123:2026-12-30`,
-- `birthday:123:2026`): a second run finds the key and adds nothing, even
-- when the first to-do was done or cancelled since. `source_kind` and
-- `source_id` name the record a to-do is about (`case`, 17), so closing the
-- record closes its to-dos.
CREATE TABLE todos (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id  INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL
                 CHECK (kind IN ('followup', 'date', 'rating', 'case', 'benefit', 'custom')),
    title        TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    due_on       TEXT NOT NULL,
    due_time     TEXT,
    owner        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'done', 'cancelled', 'postponed')),
    repeat_unit  TEXT CHECK (repeat_unit IN ('day', 'week', 'month', 'year')),
    repeat_every INTEGER,
    repeat_from  TEXT,
    source_kind  TEXT,
    source_id    INTEGER,
    rule_key     TEXT UNIQUE,
    who          TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    done_at      TEXT,
    done_by      TEXT
);

-- 今日待办 and the dashboard's counts read the to-dos still to do by due
-- date (today, overdue, the next 7 days); done and cancelled ones, the bulk
-- of a file after a few years, are not in these indexes.
CREATE INDEX todos_active_due ON todos(due_on, due_time)
    WHERE status IN ('open', 'postponed');
CREATE INDEX todos_active_owner ON todos(owner, due_on)
    WHERE status IN ('open', 'postponed');
CREATE INDEX todos_active_kind ON todos(kind, due_on)
    WHERE status IN ('open', 'postponed');
-- A customer's to-dos (their tab, the rules' "one open at a time") and the
-- done ones in their timeline.
CREATE INDEX todos_customer ON todos(customer_id, due_on);
-- The visit rule asks, for each customer of a tier, whether a `followup`
-- to-do is still to do and when one was last done: answered from this
-- index alone.
CREATE INDEX todos_customer_kind ON todos(customer_id, kind, status, done_at);
CREATE INDEX todos_source ON todos(source_kind, source_id) WHERE source_kind IS NOT NULL;

-- The rules' look-ups over a million customers: regular visits by tier and
-- last contact, birthdays by month and day.
CREATE INDEX customers_live_tier_contact ON customers(tier, last_contact_on)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_birthday ON customers(substr(birth_date, 6, 5))
    WHERE deleted_at IS NULL AND birth_date IS NOT NULL;
