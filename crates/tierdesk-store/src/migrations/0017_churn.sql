-- Churn early warning (流失预警): the scores of the last refresh, the model
-- fit of each refresh, and alerts as work with their status steps.
--
-- `churn_scores` holds one row per customer with a purchase, as of the last
-- refresh only: a refresh replaces the whole table in its transaction (a
-- DELETE without WHERE on a table no foreign key points into is SQLite's
-- truncate, much cheaper than a million deletes). It has no foreign key, so
-- a trigger removes a customer's row when the customer is deleted for good,
-- as for `order_days`. `value_at_risk` is the last 365 days' spend ×
-- (1 − P(alive)).
CREATE TABLE churn_scores (
    customer_id     INTEGER PRIMARY KEY,
    as_of           TEXT NOT NULL,
    p_alive         REAL,
    expected_90     REAL,
    median_interval REAL,
    days_since      INTEGER,
    spend_365       REAL NOT NULL,
    value_at_risk   REAL NOT NULL
);

CREATE TRIGGER churn_scores_follow_customer AFTER DELETE ON customers BEGIN
    DELETE FROM churn_scores WHERE customer_id = old.id;
END;

-- The MBG/NBD fit of each refresh (r, α, a, b), kept for the record and
-- for the report: how the model saw the customers on that day.
CREATE TABLE churn_fits (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    as_of          TEXT NOT NULL,
    r              REAL,
    alpha          REAL,
    a              REAL,
    b              REAL,
    log_likelihood REAL,
    customers      INTEGER NOT NULL,
    alerts_raised  INTEGER NOT NULL DEFAULT 0,
    alerts_updated INTEGER NOT NULL DEFAULT 0,
    computed_at    TEXT NOT NULL
);

-- Alerts: `level` is low/medium/high (低/中/高); `status` new, followed,
-- recovered, churned or ignored (新/已跟进/已挽回/已流失/忽略; the steps are
-- in the churn crate's `alert.rs`). `reasons` is a JSON list of
-- {"rule": …, "reason": …}. An alert is open while new or followed, and a
-- customer has at most one open alert (the unique partial index): a later
-- refresh merges its signals into it. `signals_gone_on` is the as-of day of
-- the refresh that found none any more; the alert stays open until a person
-- closes it. `note` is the latest step's note (free text about the person:
-- in their copy, wiped by an erase). Times are local `YYYY-MM-DD HH:MM:SS`.
CREATE TABLE churn_alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    level           TEXT NOT NULL CHECK (level IN ('low', 'medium', 'high')),
    reasons         TEXT NOT NULL,
    raised_on       TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    owner           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'followed', 'recovered', 'churned', 'ignored')),
    note            TEXT NOT NULL DEFAULT '',
    value_at_risk   REAL NOT NULL DEFAULT 0,
    signals_gone_on TEXT,
    closed_at       TEXT
);
CREATE UNIQUE INDEX churn_alerts_open_customer ON churn_alerts(customer_id)
    WHERE status IN ('new', 'followed');
-- A customer's alerts, newest first (the record card, the refresh's look-up
-- of the latest closed alert).
CREATE INDEX churn_alerts_customer ON churn_alerts(customer_id, id);
-- The list: open alerts by value at risk.
CREATE INDEX churn_alerts_status_value ON churn_alerts(status, value_at_risk);

CREATE TABLE churn_alert_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id    INTEGER NOT NULL REFERENCES churn_alerts(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    who         TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX churn_alert_steps_alert ON churn_alert_steps(alert_id, id);
