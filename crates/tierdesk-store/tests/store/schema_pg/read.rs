//! Reading a schema from each backend's catalogue into the same terms, so
//! the two can be compared: SQLite's pragmas, PostgreSQL's `pg_catalog`.

use std::collections::{BTreeMap, BTreeSet};

use postgres::Client;
use rusqlite::Connection;

#[derive(Debug, PartialEq)]
pub(super) struct Column {
    pub(super) name: String,
    /// bigint, double precision, text or bytea (SQLite's names mapped).
    pub(super) kind: String,
    pub(super) not_null: bool,
    pub(super) default: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Table {
    pub(super) columns: Vec<Column>,
    pub(super) primary_key: Vec<String>,
    /// `unique partial (col, col, …)` for every index that is not the
    /// primary key's (`<expr>` stands for an expression), sorted; a GIN
    /// index reads `gin(col)`.
    pub(super) indexes: Vec<String>,
    /// `(cols) → table(cols) ON DELETE action`, sorted.
    pub(super) foreign_keys: Vec<String>,
    pub(super) checks: usize,
    /// Ids given out by the table (SQLite: rowid-alias keys; PostgreSQL:
    /// identity columns).
    pub(super) generated: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub(super) struct Schema {
    pub(super) tables: BTreeMap<String, Table>,
    pub(super) triggers: BTreeSet<String>,
    /// PostgreSQL only: text columns that do not compare byte by byte.
    pub(super) not_c: Vec<String>,
}

/// SQLite keeps each row's id after the columns of every index of a table
/// keyed by `id`; a PostgreSQL index names it as its last column where it
/// should serve the same order (the list's `ORDER BY col, id`). Both read
/// without it, so that the two compare by the columns they were given.
fn without_row_id(table: &mut Table) {
    if table.primary_key != ["id"] {
        return;
    }
    for index in &mut table.indexes {
        if !index.starts_with("unique ") {
            if let Some(rest) = index.strip_suffix(", id)") {
                *index = format!("{rest})");
            }
        }
    }
    table.indexes.sort();
}

pub(super) fn index_text(unique: bool, partial: bool, columns: &[String]) -> String {
    format!(
        "{}{}({})",
        if unique { "unique " } else { "" },
        if partial { "partial " } else { "" },
        columns.join(", ")
    )
}

fn fk_text(from: &[String], parent: &str, to: &[String], on_delete: &str) -> String {
    format!(
        "({}) → {parent}({}) ON DELETE {on_delete}",
        from.join(", "),
        to.join(", ")
    )
}

/// Every row of a SQLite query with one text parameter.
fn lite_rows<T>(
    conn: &Connection,
    sql: &str,
    arg: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    conn.prepare(sql)
        .unwrap()
        .query_map([arg], f)
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The schema of a SQLite file, leaving out SQLite's own tables and the
/// tables whose names start with `fts_table` (FTS5's table and shadows).
pub(super) fn sqlite_schema(conn: &Connection, fts_table: &str) -> Schema {
    let tables: Vec<(String, String)> = lite_rows(
        conn,
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE ?1 || '%' ORDER BY name",
        fts_table,
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    let tables = tables
        .into_iter()
        .map(|(name, sql)| {
            let table = sqlite_table(conn, &name, &sql);
            (name, table)
        })
        .collect();
    let triggers = lite_rows(
        conn,
        "SELECT name FROM sqlite_master WHERE type = ?1",
        "trigger",
        |r| r.get(0),
    );
    Schema {
        tables,
        triggers: triggers.into_iter().collect(),
        not_c: Vec::new(),
    }
}

fn sqlite_type(declared: &str) -> String {
    match declared {
        "INTEGER" => "bigint",
        "REAL" => "double precision",
        "TEXT" => "text",
        "BLOB" => "bytea",
        other => other,
    }
    .to_owned()
}

fn sqlite_table(conn: &Connection, name: &str, sql: &str) -> Table {
    let mut table = Table::default();
    let mut pk: Vec<(i64, String)> = Vec::new();
    let columns: Vec<(String, String, bool, Option<String>, i64)> = lite_rows(
        conn,
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)",
        name,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    );
    for (column, declared, not_null, default, in_pk) in columns {
        if in_pk > 0 {
            pk.push((in_pk, column.clone()));
        }
        table.columns.push(Column {
            name: column,
            kind: sqlite_type(&declared),
            // A key column holds no NULL on PostgreSQL; SQLite lets a
            // non-integer key hold one, but the store never writes one.
            not_null: not_null || in_pk > 0,
            default,
        });
    }
    pk.sort();
    table.primary_key = pk.into_iter().map(|p| p.1).collect();
    if let [key] = table.primary_key.as_slice() {
        if table
            .columns
            .iter()
            .any(|c| &c.name == key && c.kind == "bigint")
        {
            table.generated.insert(key.clone());
        }
    }
    table.indexes = sqlite_indexes(conn, name);
    table.foreign_keys = sqlite_foreign_keys(conn, name);
    table.checks = count_checks(sql);
    without_row_id(&mut table);
    table
}

fn sqlite_indexes(conn: &Connection, table: &str) -> Vec<String> {
    let indexes: Vec<(String, bool, String, bool)> = lite_rows(
        conn,
        "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)",
        table,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    );
    let mut out: Vec<String> = indexes
        .into_iter()
        .filter(|i| i.2 != "pk")
        .map(|(index, unique, _, partial)| {
            let columns: Vec<Option<String>> = lite_rows(
                conn,
                "SELECT name FROM pragma_index_info(?1) ORDER BY seqno",
                &index,
                |r| r.get(0),
            );
            let columns: Vec<String> = columns
                .into_iter()
                .map(|c| c.unwrap_or_else(|| "<expr>".into()))
                .collect();
            index_text(unique, partial, &columns)
        })
        .collect();
    out.sort();
    out
}

fn sqlite_foreign_keys(conn: &Connection, table: &str) -> Vec<String> {
    let rows: Vec<(i64, String, String, Option<String>, String)> = lite_rows(
        conn,
        "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?1)
         ORDER BY id, seq",
        table,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    );
    let mut keys: BTreeMap<i64, (String, Vec<String>, Vec<String>, String)> = BTreeMap::new();
    for (id, parent, from, to, on_delete) in rows {
        let key = keys
            .entry(id)
            .or_insert_with(|| (parent, Vec::new(), Vec::new(), on_delete));
        key.1.push(from);
        key.2.push(to.unwrap_or_else(|| "id".into()));
    }
    let mut out: Vec<String> = keys
        .into_values()
        .map(|(parent, from, to, on_delete)| fk_text(&from, &parent, &to, &on_delete))
        .collect();
    out.sort();
    out
}

/// The CHECK constraints in a CREATE TABLE statement (comments left out).
fn count_checks(sql: &str) -> usize {
    sql.lines()
        .map(|line| line.split("--").next().unwrap_or(""))
        .map(|line| {
            line.to_ascii_uppercase()
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .filter(|w| *w == "CHECK")
                .count()
        })
        .sum()
}

/// The schema of a PostgreSQL database's `public` schema.
pub(super) fn postgres_schema(client: &mut Client) -> Schema {
    let mut schema = Schema::default();
    pg_columns(client, &mut schema);
    pg_indexes(client, &mut schema);
    pg_foreign_keys(client, &mut schema);
    let checks = client
        .query(
            "SELECT t.relname::text, count(*) FROM pg_constraint con
             JOIN pg_class t ON t.oid = con.conrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE con.contype = 'c' AND n.nspname = 'public' GROUP BY t.relname",
            &[],
        )
        .unwrap();
    for row in checks {
        schema.tables.entry(row.get(0)).or_default().checks = row.get::<_, i64>(1) as usize;
    }
    for table in schema.tables.values_mut() {
        table.indexes.sort();
        table.foreign_keys.sort();
        without_row_id(table);
    }
    schema.triggers = client
        .query(
            "SELECT tg.tgname::text FROM pg_trigger tg
             JOIN pg_class c ON c.oid = tg.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT tg.tgisinternal AND n.nspname = 'public'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    schema
}

fn pg_columns(client: &mut Client, schema: &mut Schema) {
    let rows = client
        .query(
            "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                    a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text,
                    COALESCE(co.collname::text, '')
             FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             LEFT JOIN pg_collation co ON co.oid = a.attcollation
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
               AND NOT a.attisdropped
             ORDER BY c.relname, a.attnum",
            &[],
        )
        .unwrap();
    for row in rows {
        let (table, name, kind): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        let collation: String = row.get(6);
        if kind == "text" && collation != "C" {
            schema
                .not_c
                .push(format!("{table}.{name} COLLATE \"{collation}\""));
        }
        let entry = schema.tables.entry(table).or_default();
        if !row.get::<_, String>(5).is_empty() {
            entry.generated.insert(name.clone());
        }
        entry.columns.push(Column {
            name,
            kind,
            not_null: row.get(3),
            default: row.get::<_, Option<String>>(4).map(|d| plain_default(&d)),
        });
    }
}

/// A default as SQLite writes it: `'[]'::text` → `'[]'`.
fn plain_default(d: &str) -> String {
    ["::text", "::bigint", "::double precision"]
        .iter()
        .fold(d.to_owned(), |d, cast| {
            d.strip_suffix(cast).map(str::to_owned).unwrap_or(d)
        })
}

fn pg_indexes(client: &mut Client, schema: &mut Schema) {
    let rows = client
        .query(
            "SELECT t.relname::text, ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL,
                    am.amname::text,
                    ARRAY(SELECT CASE WHEN u.k = 0 THEN '<expr>' ELSE
                                   (SELECT attname::text FROM pg_attribute
                                    WHERE attrelid = t.oid AND attnum = u.k) END
                          FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS u(k, o)
                          ORDER BY u.o)
             FROM pg_index ix
             JOIN pg_class t ON t.oid = ix.indrelid
             JOIN pg_class i ON i.oid = ix.indexrelid
             JOIN pg_am am ON am.oid = i.relam
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public'",
            &[],
        )
        .unwrap();
    for row in rows {
        let columns: Vec<String> = row.get(5);
        let entry = schema.tables.entry(row.get(0)).or_default();
        if row.get(2) {
            entry.primary_key = columns;
        } else if row.get::<_, String>(4) == "gin" {
            entry.indexes.push(format!("gin({})", columns.join(", ")));
        } else {
            entry
                .indexes
                .push(index_text(row.get(1), row.get(3), &columns));
        }
    }
}

fn pg_foreign_keys(client: &mut Client, schema: &mut Schema) {
    let rows = client
        .query(
            "SELECT t.relname::text, r.relname::text, con.confdeltype::text,
                    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS u(k, o)
                          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.k
                          ORDER BY u.o),
                    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS u(k, o)
                          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = u.k
                          ORDER BY u.o)
             FROM pg_constraint con
             JOIN pg_class t ON t.oid = con.conrelid
             JOIN pg_class r ON r.oid = con.confrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE con.contype = 'f' AND n.nspname = 'public'",
            &[],
        )
        .unwrap();
    for row in rows {
        let on_delete = match row.get::<_, String>(2).as_str() {
            "c" => "CASCADE",
            "n" => "SET NULL",
            "d" => "SET DEFAULT",
            "r" => "RESTRICT",
            _ => "NO ACTION",
        };
        let text = fk_text(
            &row.get::<_, Vec<String>>(3),
            &row.get::<_, String>(1),
            &row.get::<_, Vec<String>>(4),
            on_delete,
        );
        let entry = schema.tables.entry(row.get(0)).or_default();
        entry.foreign_keys.push(text);
    }
}
