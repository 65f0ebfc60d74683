-- The people who sign in to a team database, and each customer's owner
-- (客户经理).
--
-- Users are TierDesk's own rows, not server logins: the four roles are the
-- app's own, granted by a 管理员 inside the app without rights on the server
-- (docs/decisions.md). A local file has no users; the table stays empty
-- there. `password_hash` is an argon2id PHC string (salt and parameters
-- inside it). A user is never deleted, only turned off (`active` 0): the
-- audit log and customers keep naming who they were.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'sales', 'viewer')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- A customer's owner; NULL is a shared customer (every 业务员 may edit it).
-- The index serves 「我的客户」 in id order and the 业务员's edit check.
ALTER TABLE customers ADD COLUMN owner_id INTEGER REFERENCES users(id);
CREATE INDEX customers_owner ON customers(owner_id, id);
