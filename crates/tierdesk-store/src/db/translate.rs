//! SQLite statement text into PostgreSQL's, once per statement text (the
//! result is cached with its prepared statement).
//!
//! Only what differs in spelling is rewritten; meaning that differs (JSON,
//! date arithmetic, PRAGMA, rowid, integer flags used as conditions) is
//! written portably or branched on the dialect where the statement is.
//! Strings, quoted names and comments are copied untouched.
//!
//! - `?N` → `$N`, a bare `?` → the next number (SQLite's rule: one more than
//!   the largest number used so far);
//! - `IFNULL(` → `COALESCE(`;
//! - `CAST(x AS REAL)` → `DOUBLE PRECISION`, `AS INTEGER)` → `BIGINT`;
//! - `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING`
//!   (the clause goes before a `RETURNING` or at the statement's end).
//!   Not the same meaning: PostgreSQL's clause skips only a row that breaks
//!   a unique or primary key constraint, while SQLite's OR IGNORE also skips
//!   a row that breaks NOT NULL or CHECK (and a foreign key) — PostgreSQL
//!   fails the statement there. It matters only for a statement that may
//!   insert such a row, and none does: no store statement uses OR IGNORE
//!   today (the upserts name their conflict, `ON CONFLICT (key) DO NOTHING`,
//!   which both backends read alike); a new one that relies on skipping a
//!   NULL or a failed CHECK must check the values itself;
//! - `LIKE` → `ILIKE` (SQLite's LIKE ignores ASCII case);
//! - scalar `MAX(a, b)` / `MIN(a, b)` → `GREATEST` / `LEAST` (beware:
//!   PostgreSQL's skip NULLs where SQLite's return NULL).

/// The PostgreSQL text of a SQLite statement (or of several, `;`-separated).
pub(crate) fn to_postgres(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 16);
    let mut i = 0;
    let mut max_param = 0u32;
    let mut depth = 0i32;
    // Whether the statement being copied needs `ON CONFLICT DO NOTHING`.
    let mut conflict = false;
    let mut prev_word = String::new();
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' => {
                let end = quoted_end(b, i);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                let end = sql[i..].find('\n').map_or(b.len(), |n| i + n);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = sql[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                out.push_str(&sql[i..end]);
                i = end;
            }
            b'?' => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                let n = if end > start {
                    sql[start..end].parse().unwrap_or(u32::MAX)
                } else {
                    max_param + 1
                };
                max_param = max_param.max(n);
                out.push('$');
                out.push_str(&n.to_string());
                i = end;
            }
            b'(' => {
                depth += 1;
                out.push('(');
                i += 1;
            }
            b')' => {
                depth -= 1;
                out.push(')');
                i += 1;
            }
            b';' => {
                if std::mem::take(&mut conflict) {
                    trim_end(&mut out);
                    out.push_str(" ON CONFLICT DO NOTHING");
                }
                depth = 0;
                out.push(';');
                i += 1;
            }
            c if is_word_start(c) => {
                let end = word_end(b, i);
                let word = &sql[i..end];
                let upper = word.to_ascii_uppercase();
                let next = next_significant(b, end);
                let replaced: Option<&str> = match upper.as_str() {
                    "IFNULL" if next == Some(b'(') => Some("COALESCE"),
                    "LIKE" => Some("ILIKE"),
                    "REAL" if prev_word == "AS" && next == Some(b')') => Some("DOUBLE PRECISION"),
                    "INTEGER" if prev_word == "AS" && next == Some(b')') => Some("BIGINT"),
                    "MAX" | "MIN" if next == Some(b'(') && has_two_args(b, end) => {
                        Some(if upper == "MAX" { "GREATEST" } else { "LEAST" })
                    }
                    "RETURNING" if conflict && depth == 0 => {
                        conflict = false;
                        trim_end(&mut out);
                        out.push_str(" ON CONFLICT DO NOTHING ");
                        None
                    }
                    _ => None,
                };
                if upper == "OR" && prev_word == "INSERT" {
                    if let Some(after) = or_ignore_end(sql, end) {
                        conflict = true;
                        // Drop `OR IGNORE` and the space before `INTO`.
                        trim_end(&mut out);
                        i = after;
                        prev_word = "IGNORE".into();
                        continue;
                    }
                }
                out.push_str(replaced.unwrap_or(word));
                prev_word = upper;
                i = end;
            }
            _ => {
                // Copy a run of other bytes (spaces, operators, text in any
                // script) as it is; every byte that starts a token above is
                // ASCII, so a run never splits a character.
                let mut end = i + 1;
                while end < b.len() && !is_special(b[end]) {
                    end += 1;
                }
                out.push_str(&sql[i..end]);
                i = end;
            }
        }
    }
    if conflict {
        trim_end(&mut out);
        out.push_str(" ON CONFLICT DO NOTHING");
    }
    out
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_special(c: u8) -> bool {
    matches!(c, b'\'' | b'"' | b'-' | b'/' | b'?' | b'(' | b')' | b';') || is_word_start(c)
}

fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    i
}

/// The end of a quoted string or name starting at `i` (a doubled quote
/// inside is part of it); the text's end when it is never closed.
fn quoted_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        if b[j] == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

fn next_significant(b: &[u8], mut i: usize) -> Option<u8> {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    b.get(i).copied()
}

/// Whether the parentheses opening after `i` hold a comma at their own
/// level: `MAX(a, b)` is the scalar function, `MAX(a)` the aggregate.
fn has_two_args(b: &[u8], i: usize) -> bool {
    let mut j = i;
    while j < b.len() && b[j] != b'(' {
        j += 1;
    }
    let mut depth = 0;
    while j < b.len() {
        match b[j] {
            b'\'' | b'"' => {
                j = quoted_end(b, j);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return false;
                }
            }
            b',' if depth == 1 => return true,
            _ => {}
        }
        j += 1;
    }
    false
}

/// After `INSERT OR` ending at `i`: where ` IGNORE` ends, if it follows.
fn or_ignore_end(sql: &str, i: usize) -> Option<usize> {
    let rest = &sql[i..];
    let trimmed = rest.trim_start();
    let start = i + (rest.len() - trimmed.len());
    let end = word_end(sql.as_bytes(), start);
    sql[start..end]
        .eq_ignore_ascii_case("IGNORE")
        .then_some(end)
}

fn trim_end(out: &mut String) {
    let len = out.trim_end().len();
    out.truncate(len);
}

#[cfg(test)]
mod tests {
    use super::to_postgres;

    /// Each rewrite, and the text it must leave alone.
    #[test]
    fn rewrites_what_differs_and_nothing_else() {
        let cases = [
            (
                "SELECT a FROM t WHERE id = ?1",
                "SELECT a FROM t WHERE id = $1",
            ),
            ("VALUES (?, ?, ?)", "VALUES ($1, $2, $3)"),
            ("VALUES (?2, ?, ?1)", "VALUES ($2, $3, $1)"),
            ("WHERE a = ?12 AND b = ?3", "WHERE a = $12 AND b = $3"),
            ("SELECT IFNULL(a, 0) FROM t", "SELECT COALESCE(a, 0) FROM t"),
            ("SELECT ifnull (a, 0)", "SELECT COALESCE (a, 0)"),
            ("SELECT ifnull_x FROM t", "SELECT ifnull_x FROM t"),
            ("CAST(x AS REAL)", "CAST(x AS DOUBLE PRECISION)"),
            ("cast(x as integer)", "cast(x as BIGINT)"),
            ("SELECT real FROM t", "SELECT real FROM t"),
            (
                "INSERT OR IGNORE INTO t(a) VALUES (?1)",
                "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING",
            ),
            (
                "INSERT OR IGNORE INTO t(a) VALUES (?1) RETURNING id",
                "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id",
            ),
            (
                "insert or ignore into t(a) select a from u;\nDELETE FROM u;",
                "insert into t(a) select a from u ON CONFLICT DO NOTHING;\nDELETE FROM u;",
            ),
            (
                "INSERT OR FAIL INTO t VALUES (1)",
                "INSERT OR FAIL INTO t VALUES (1)",
            ),
            ("WHERE name LIKE ?1", "WHERE name ILIKE $1"),
            ("WHERE name NOT like ?1", "WHERE name NOT ILIKE $1"),
            (
                "SELECT MAX(a, b), MIN(c, 0)",
                "SELECT GREATEST(a, b), LEAST(c, 0)",
            ),
            ("SELECT MAX(a), min(f(b, c))", "SELECT MAX(a), min(f(b, c))"),
            (
                "SELECT max(coalesce(a, 0), b)",
                "SELECT GREATEST(coalesce(a, 0), b)",
            ),
            ("SELECT MAX(',')", "SELECT MAX(',')"),
            // Strings, quoted names and comments are left alone.
            (
                "SELECT '?1 IFNULL( LIKE' , ?1",
                "SELECT '?1 IFNULL( LIKE' , $1",
            ),
            ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"),
            ("SELECT \"like\" FROM t", "SELECT \"like\" FROM t"),
            (
                "SELECT a -- why? IFNULL(\nFROM t WHERE b = ?",
                "SELECT a -- why? IFNULL(\nFROM t WHERE b = $1",
            ),
            (
                "SELECT /* ? LIKE */ a LIKE ?",
                "SELECT /* ? LIKE */ a ILIKE $1",
            ),
            (
                "SELECT '张三?' || ?1 || '（客户）'",
                "SELECT '张三?' || $1 || '（客户）'",
            ),
            ("SELECT 'unclosed ?", "SELECT 'unclosed ?"),
            ("SELECT a - b / c FROM t", "SELECT a - b / c FROM t"),
        ];
        for (sqlite, want) in cases {
            assert_eq!(to_postgres(sqlite), want, "{sqlite}");
        }
    }

    #[test]
    fn text_without_anything_to_rewrite_is_unchanged() {
        let sql = "SELECT id, name FROM customers WHERE deleted_at IS NULL ORDER BY id";
        assert_eq!(to_postgres(sql), sql);
    }
}
