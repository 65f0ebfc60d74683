-- The audit log (操作日志): every change of data, and every export or print
-- that holds personal data, leaves one entry, written in the same
-- transaction as the change, so both land or neither does.
--
-- Append-only: the triggers below refuse to change or remove an entry, and
-- the program has no path that tries. Someone with the file and a SQLite
-- shell can drop the triggers, so each entry also carries the SHA-256 of
-- the previous entry's hash and its own fields (`hash`): editing, removing
-- or inserting an entry breaks the chain from there on, and `audit verify`
-- names the first entry where it breaks. Entry ids are given out one after
-- the other (the store writes last id + 1), so a gap is a removed entry.
--
-- `summary` never holds a personal value (a customer is named by its
-- internal id, #12: even a code leaves the file with the customer); it
-- stays for ever. The values before and after a change are in
-- `audit_details`, whose `body` is hashed with a random per-entry `salt`
-- into the entry's `details_digest`: the chain covers the details, and once
-- an erase has removed them the digest gives nothing away (a phone number
-- without the salt could be found by trying every number).
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    source         TEXT NOT NULL,
    action         TEXT NOT NULL,
    object_kind    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    customer_id    INTEGER,
    summary        TEXT NOT NULL,
    details_digest TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_log_customer ON audit_log(customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE audit_details (
    entry_id INTEGER PRIMARY KEY REFERENCES audit_log(id),
    salt     TEXT NOT NULL,
    body     TEXT NOT NULL
);

-- Customers whose personal data was erased (个人信息保护法 art. 47): their
-- entries' details may be, and are, deleted; no other details may.
CREATE TABLE audit_erased (
    customer_id INTEGER PRIMARY KEY,
    at          TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, '操作日志只能追加，不能修改');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, '操作日志只能追加，不能删除');
END;
CREATE TRIGGER audit_details_no_update BEFORE UPDATE ON audit_details BEGIN
    SELECT RAISE(ABORT, '操作日志的详情不能修改');
END;
CREATE TRIGGER audit_details_no_delete BEFORE DELETE ON audit_details
WHEN NOT EXISTS (
    SELECT 1 FROM audit_log l JOIN audit_erased e ON e.customer_id = l.customer_id
    WHERE l.id = old.entry_id)
BEGIN
    SELECT RAISE(ABORT, '操作日志的详情只有在删除该客户个人信息时才能删除');
END;
CREATE TRIGGER audit_erased_no_update BEFORE UPDATE ON audit_erased BEGIN
    SELECT RAISE(ABORT, '个人信息删除记录不能修改');
END;
CREATE TRIGGER audit_erased_no_delete BEFORE DELETE ON audit_erased BEGIN
    SELECT RAISE(ABORT, '个人信息删除记录不能删除');
END;
