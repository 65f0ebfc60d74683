-- Complaints and feedback (投诉与反馈) and the steps each one went through.
--
-- A case's number is what people quote on the phone: TS, the day it was
-- received (YYYYMMDD) and that day's sequence, TS202611300001. The
-- sequence comes from `case_numbers`, not from the cases there are, so a
-- number is never given twice, even after its customer was deleted for good
-- (the cases go with the customer, the counter stays).
--
-- `respond_by` and `resolve_by` are fixed when the case is received, from
-- the complaint limits of the tier the customer held then (`tier_at`; the
-- active scheme's `[tiers.care]`), so a later rating or scheme edit does not
-- move a case's deadlines. Whether a case is overdue is never stored: it
-- follows from these and the clock.
--
-- `status` is new, in_progress, awaiting_customer, closed or rejected
-- (新建/处理中/待客户确认/已关闭/驳回); the allowed steps are in the domain's
-- `case.rs`. Every step is one row of `case_steps`, written with the status
-- change; receiving the case is the first (from_status NULL).
--
-- Times are local text, `YYYY-MM-DD HH:MM:SS`, which sorts as time.
CREATE TABLE case_numbers (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE cases (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    number            TEXT NOT NULL UNIQUE,
    customer_id       INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    received_at       TEXT NOT NULL,
    channel           TEXT NOT NULL
                      CHECK (channel IN ('phone', 'wechat', 'email', 'visit', 'web', 'other')),
    type              TEXT NOT NULL
                      CHECK (type IN ('quality', 'service', 'logistics', 'price', 'suggestion',
                                      'praise', 'other')),
    severity          TEXT NOT NULL CHECK (severity IN ('normal', 'major', 'critical')),
    description       TEXT NOT NULL DEFAULT '',
    owner             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'new'
                      CHECK (status IN ('new', 'in_progress', 'awaiting_customer', 'closed',
                                        'rejected')),
    tier_at           TEXT,
    respond_by        TEXT NOT NULL,
    resolve_by        TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at       TEXT,
    closed_at         TEXT,
    resolution        TEXT NOT NULL DEFAULT '',
    satisfaction      INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
-- A customer's cases in time order (the record page, the timeline).
CREATE INDEX cases_customer ON cases(customer_id, received_at);
-- The open cases by deadline: the list's default and 今日待办.
CREATE INDEX cases_open ON cases(status, resolve_by);
CREATE INDEX cases_received ON cases(received_at);

CREATE TABLE case_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    who         TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX case_steps_case ON case_steps(case_id, at);
