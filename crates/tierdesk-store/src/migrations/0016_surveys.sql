-- Satisfaction surveys (满意度调查). `surveys` names a questionnaire and its
-- questions (a JSON list of labels); `survey_answers` holds one customer's
-- answer. An answer carries NPS (推荐意愿, 0–10), CSAT (满意度, 1–5) and
-- scores per question (JSON object: label → number), each optional, but at
-- least one of them (the store refuses an empty answer before this CHECK
-- would). `tier_at` is the tier the customer held when answering, so the
-- figures per tier stay what they were when the customer moves on.
-- `import_id` names the survey import that brought the answer in: undoing
-- that import deletes exactly its answers. `comment` is free text and is
-- wiped by an erase; the numbers are not personal and stay.
CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    questions   TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL
);

CREATE TABLE survey_answers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    survey_id   INTEGER REFERENCES surveys(id),
    answered_on TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '',
    nps         INTEGER CHECK (nps BETWEEN 0 AND 10),
    csat        INTEGER CHECK (csat BETWEEN 1 AND 5),
    scores      TEXT,
    comment     TEXT NOT NULL DEFAULT '',
    tier_at     TEXT,
    import_id   INTEGER REFERENCES imports(id),
    who         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (nps IS NOT NULL OR csat IS NOT NULL OR scores IS NOT NULL)
);
-- The customer's answers and timeline; the figures per period; an import's answers.
CREATE INDEX survey_answers_customer ON survey_answers(customer_id, answered_on);
CREATE INDEX survey_answers_day ON survey_answers(answered_on);
CREATE INDEX survey_answers_import ON survey_answers(import_id) WHERE import_id IS NOT NULL;

-- Survey sheets are a third kind of import. `imports.kind` was checked
-- against the first two, and SQLite cannot change a CHECK, so the table is
-- rebuilt with the same columns and ids (the migration runs with foreign
-- keys off, so the rows of `import_changes` pointing here are untouched).
CREATE TABLE imports_new (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('customers', 'transactions', 'surveys')),
    file        TEXT NOT NULL,
    sheet       TEXT NOT NULL,
    mapping     TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    lines       INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    who         TEXT NOT NULL,
    undone_at   TEXT
);
INSERT INTO imports_new (id, kind, file, sheet, mapping, rows_read, inserted, updated, unchanged,
        skipped, rejected, lines, created_at, who, undone_at)
    SELECT id, kind, file, sheet, mapping, rows_read, inserted, updated, unchanged,
        skipped, rejected, lines, created_at, who, undone_at
    FROM imports;
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
