//! Customers: writes, reads and the list's query (search, filters, order) on either backend.
//! Over 600 lines: the list's query builder (about 150 lines) is kept beside the statements it feeds.

use chrono::NaiveDate;
use rusqlite::{params_from_iter, types::Value as SqlValue};
use tierdesk_domain::{
    pinyin_initials, text, Customer, CustomerDraft, CustomerQuery, Gender, Page, SortKey,
};

use tierdesk_domain::audit::{action_label as audit_label, customer_ref, NewEntry};

use crate::db::{AsDb, Dialect, OptionalExt, Row, Val};
use crate::{args, audit, now_text, Result, Store, StoreError};

/// A customer as stored, read on `conn` (a transaction's view).
pub(crate) fn customer_in(conn: &impl AsDb, id: i64) -> Result<Customer> {
    let sql = format!("SELECT {COLUMNS} FROM customers WHERE id = ?1");
    conn.as_db()
        .query_row(&sql, args![id], customer_from)
        .optional()?
        .ok_or_else(|| StoreError::CustomerNotFound(id.to_string()))
}

// The owner's name is named: PostgreSQL would call the CASE after its ELSE
// (`name`), and `ORDER BY name` would then be ambiguous there.
pub(crate) const COLUMNS: &str = "id, code, name, phone, spend, frequency, tenure_years, influence, tier,
    last_rated_on, next_rating_on, gender, birth_date, email, address, registered_on,
    last_contact_on, preferred_category, notes, manager, tags, fields, created_at, updated_at, deleted_at,
    next_contact_on, owner_id,
    CASE WHEN owner_id IS NULL THEN NULL ELSE (SELECT u.name FROM users u WHERE u.id = customers.owner_id) END
        AS owner_name,
    version, updated_by";

pub(crate) fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| parse_day(&s))
}

/// A stored day read as `NaiveDate::parse_from_str(text, "%Y-%m-%d")`
/// reads it, with the format read once rather than for every value (a
/// rating reads a million).
pub(crate) fn parse_day(text: &str) -> Option<NaiveDate> {
    use chrono::format::{parse, Item, Parsed, StrftimeItems};
    static DAY: std::sync::LazyLock<Vec<Item<'static>>> = std::sync::LazyLock::new(|| {
        StrftimeItems::new("%Y-%m-%d")
            .parse_to_owned()
            .unwrap_or_default()
    });
    let mut parsed = Parsed::new();
    parse(&mut parsed, text, DAY.iter()).ok()?;
    parsed.to_naive_date().ok()
}

/// [`customer_from`] for the modules that still read rusqlite's rows.
pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    customer_from(&Row::Lite(r)).map_err(|e| match e {
        StoreError::Sqlite(e) => e,
        other => rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Null,
            Box::new(other),
        ),
    })
}

/// A customer from a row of [`COLUMNS`], on either backend.
pub(crate) fn customer_from(r: &Row<'_>) -> Result<Customer> {
    let tags: String = r.get(20)?;
    let fields: String = r.get(21)?;
    Ok(Customer {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        phone: r.get(3)?,
        spend: r.get(4)?,
        frequency: r.get(5)?,
        tenure_years: r.get(6)?,
        influence: r.get(7)?,
        tier: r.get(8)?,
        last_rated_on: parse_date(r.get(9)?),
        next_rating_on: parse_date(r.get(10)?),
        gender: r
            .get::<Option<String>>(11)?
            .as_deref()
            .and_then(Gender::parse),
        birth_date: parse_date(r.get(12)?),
        email: r.get(13)?,
        address: r.get(14)?,
        registered_on: parse_date(r.get(15)?),
        last_contact_on: parse_date(r.get(16)?),
        preferred_category: r.get(17)?,
        notes: r.get(18)?,
        manager: r.get(19)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        fields: serde_json::from_str(&fields).unwrap_or_default(),
        created_at: r.get(22)?,
        updated_at: r.get(23)?,
        deleted_at: r.get(24)?,
        next_contact_on: parse_date(r.get(25)?),
        owner_id: r.get(26)?,
        owner_name: r.get(27)?,
        version: r.get(28)?,
        updated_by: r.get(29)?,
    })
}

/// The text the substring index holds for a customer: everything a person
/// might type into the search box to find them.
fn search_text(d: &CustomerDraft, initials: &str) -> String {
    let mut s = String::with_capacity(64);
    s.push_str(&d.name);
    s.push(' ');
    s.push_str(initials);
    for part in [&d.code, &d.phone].into_iter().flatten() {
        s.push(' ');
        s.push_str(part);
    }
    s
}

/// Values of a draft in the column order of the INSERT/UPDATE statements.
pub(crate) fn draft_values(d: &CustomerDraft) -> Vec<SqlValue> {
    let initials = pinyin_initials(&d.name);
    let search = search_text(d, &initials);
    let text_opt = |s: &Option<String>| s.clone().map(SqlValue::Text).unwrap_or(SqlValue::Null);
    let num_opt = |v: Option<f64>| v.map(SqlValue::Real).unwrap_or(SqlValue::Null);
    let date_opt =
        |v: Option<NaiveDate>| date_text(v).map(SqlValue::Text).unwrap_or(SqlValue::Null);
    vec![
        text_opt(&d.code),
        SqlValue::Text(d.name.clone()),
        SqlValue::Text(initials),
        SqlValue::Text(text::match_key_name(&d.name)),
        text_opt(&d.phone),
        d.phone
            .as_deref()
            .and_then(text::match_key_phone)
            .map(SqlValue::Text)
            .unwrap_or(SqlValue::Null),
        num_opt(d.spend),
        num_opt(d.frequency),
        num_opt(d.tenure_years),
        num_opt(d.influence),
        text_opt(&d.tier),
        date_opt(d.last_rated_on),
        date_opt(d.next_rating_on),
        d.gender
            .map(|g| SqlValue::Text(if g == Gender::Male { "male" } else { "female" }.into()))
            .unwrap_or(SqlValue::Null),
        date_opt(d.birth_date),
        text_opt(&d.email),
        text_opt(&d.address),
        date_opt(d.registered_on),
        date_opt(d.last_contact_on),
        text_opt(&d.preferred_category),
        text_opt(&d.notes),
        text_opt(&d.manager),
        SqlValue::Text(serde_json::to_string(&d.tags).expect("strings serialise")),
        SqlValue::Text(serde_json::to_string(&d.fields).expect("JSON values serialise")),
        SqlValue::Text(search),
    ]
}

/// The values of [`draft_values`] as the neutral layer binds them.
fn draft_vals(d: &CustomerDraft) -> Vec<Val<'static>> {
    draft_values(d).into_iter().map(Val::from).collect()
}

macro_rules! insert_sql {
    () => {
        "INSERT INTO customers(code, name, name_initials, name_key, phone, phone_key,
    spend, frequency, tenure_years, influence, tier, last_rated_on, next_rating_on, gender,
    birth_date, email, address, registered_on, last_contact_on, preferred_category, notes,
    manager, tags, fields, search_text, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?26)"
    };
}
const INSERT: &str = insert_sql!();
/// PostgreSQL gives the new id back through `RETURNING` (SQLite through
/// `last_insert_rowid`, as the import path always has).
const INSERT_RETURNING: &str = concat!(insert_sql!(), " RETURNING id");

/// Every change of a customer by hand or by an import goes through this
/// statement, which counts it in `revision` (see `Store::undo_import`) and
/// raises its `version`, naming who wrote it (`?28`; migration 0022).
pub(crate) const UPDATE: &str =
    "UPDATE customers SET code = ?1, name = ?2, name_initials = ?3, name_key = ?4,
    phone = ?5, phone_key = ?6, spend = ?7, frequency = ?8, tenure_years = ?9, influence = ?10,
    tier = ?11, last_rated_on = ?12, next_rating_on = ?13, gender = ?14, birth_date = ?15,
    email = ?16, address = ?17, registered_on = ?18, last_contact_on = ?19,
    preferred_category = ?20, notes = ?21, manager = ?22, tags = ?23, fields = ?24,
    search_text = ?25, updated_at = ?26, revision = revision + 1,
    version = version + 1, updated_by = ?28
    WHERE id = ?27";

/// The smallest string greater than every string that starts with `prefix`,
/// so `col >= prefix AND col < upper` is an index range.
fn prefix_upper(prefix: &str) -> String {
    let mut s = prefix.to_owned();
    s.push(char::MAX);
    s
}

/// The live customers of a tier (`__none__`: without one) as a team
/// database keeps them (migration 0023).
fn team_tier_count(db: &crate::db::Db<'_>, tier: &str) -> Result<i64> {
    let (sql, args) = if tier == "__none__" {
        (
            "SELECT CAST(COALESCE(SUM(live), 0) AS BIGINT) FROM customer_counts WHERE tier IS NULL",
            vec![],
        )
    } else {
        (
            "SELECT CAST(COALESCE(SUM(live), 0) AS BIGINT) FROM customer_counts WHERE tier = ?1",
            vec![Val::Text(tier.to_owned().into())],
        )
    };
    db.query_row(sql, &args, |r| r.get(0))
}

impl Store {
    pub(crate) fn check_code_free(
        tx: &impl AsDb,
        code: Option<&str>,
        except: Option<i64>,
    ) -> Result<()> {
        let Some(code) = code else { return Ok(()) };
        let holder: Option<(i64, String)> = tx
            .as_db()
            .query_row(
                "SELECT id, name FROM customers WHERE code = ?1",
                args![code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match holder {
            Some((id, name)) if Some(id) != except => Err(StoreError::DuplicateCode {
                code: code.to_owned(),
                holder: name,
            }),
            _ => Ok(()),
        }
    }

    /// Adds one customer and returns it as stored.
    pub fn insert_customer(&mut self, d: &CustomerDraft) -> Result<Customer> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        let id = insert_in(&tx, d)?;
        // On a team database a customer a 业务员 creates by hand is his
        // (负责人; users.rs): 「我的客户」 lists it. A 主管's or 管理员's
        // stays shared. The row is new: its version stays 1.
        let me = self.signed_in();
        if let Some(me) = me.filter(|u| !u.role.can(tierdesk_domain::Perm::EditAll)) {
            tx.execute(
                "UPDATE customers SET owner_id = ?1 WHERE id = ?2",
                crate::args![me.id, id],
            )?;
        }
        let after = customer_in(&tx, id)?;
        if let Some(entry) = audit::customer_entry(&tx, "customer.add", None, &after)? {
            audit::record(&tx, &actor, &entry)?;
        }
        tx.commit()?;
        Ok(after)
    }

    /// Adds many customers in one transaction; all or none.
    pub fn insert_customers<'a>(
        &mut self,
        drafts: impl IntoIterator<Item = &'a CustomerDraft>,
    ) -> Result<usize> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        let mut n = 0;
        for d in drafts {
            insert_in(&tx, d)?;
            n += 1;
        }
        // One entry for the lot (demo data, scripts), as for an import.
        if n > 0 {
            let entry = NewEntry::new(
                "customer.add",
                "customers",
                "",
                format!("批量新增客户 {n} 位"),
            )
            .fact("新增", n);
            audit::record(&tx, &actor, &entry)?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Replaces every field of a customer with the draft's values.
    pub fn update_customer(&mut self, id: i64, d: &CustomerDraft) -> Result<Customer> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        Self::check_code_free(&tx, d.code.as_deref(), Some(id))?;
        let before = customer_in(&tx, id)?;
        let mut values = draft_vals(d);
        values.push(Val::Text(now_text().into()));
        values.push(Val::Int(id));
        values.push(Val::Text(actor.user.clone().into()));
        tx.execute(UPDATE, &values)?;
        crate::followups::keep_contact_dates_in(&tx, id, &actor.user)?;
        let after = customer_in(&tx, id)?;
        if let Some(entry) = audit::customer_entry(&tx, "customer.edit", Some(&before), &after)? {
            audit::record(&tx, &actor, &entry)?;
        }
        tx.commit()?;
        Ok(after)
    }

    /// A customer by id, live or in the recycle bin.
    pub fn customer(&self, id: i64) -> Result<Customer> {
        customer_in(&self.db(), id)
    }

    pub fn customer_by_code(&self, code: &str) -> Result<Option<Customer>> {
        let sql = format!("SELECT {COLUMNS} FROM customers WHERE code = ?1");
        self.db()
            .query_row(&sql, args![code], customer_from)
            .optional()
    }

    /// Moves customers to the recycle bin. Returns how many moved.
    pub fn delete_customers(&mut self, ids: &[i64]) -> Result<usize> {
        self.set_deleted(ids, Some(now_text()))
    }

    /// Brings customers back from the recycle bin.
    pub fn restore_customers(&mut self, ids: &[i64]) -> Result<usize> {
        self.set_deleted(ids, None)
    }

    fn set_deleted(&mut self, ids: &[i64], at: Option<String>) -> Result<usize> {
        let actor = self.actor().clone();
        let action = if at.is_some() {
            "customer.delete"
        } else {
            "customer.restore"
        };
        let tx = self.write()?;
        let mut n = 0;
        {
            let sql = if at.is_some() {
                "UPDATE customers SET deleted_at = ?1, updated_at = ?1, version = version + 1,
                     updated_by = ?3 WHERE id = ?2 AND deleted_at IS NULL"
            } else {
                "UPDATE customers SET deleted_at = NULL, updated_at = ?1, version = version + 1,
                     updated_by = ?3 WHERE id = ?2 AND deleted_at IS NOT NULL"
            };
            let stamp = at.clone().unwrap_or_else(now_text);
            for id in ids {
                let moved = tx.execute(sql, args![stamp, id, actor.user])? as usize;
                if moved > 0 {
                    let who = customer_ref(*id);
                    let summary = format!("{} {who}", audit_label(action));
                    audit::record(&tx, &actor, &NewEntry::for_customer(action, *id, summary))?;
                }
                n += moved;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// Deletes every customer in the recycle bin for good, and with them
    /// every copy of their data the file keeps: the values an import saved
    /// for undo go too (there is no one left to give them back to). With
    /// `secure_delete` the freed space is zeroed; the write-ahead log, which
    /// still holds the pages as they were written, is then emptied when no
    /// other program is reading, and otherwise when the last one closes the file.
    pub fn empty_recycle_bin(&mut self) -> Result<usize> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        // Each one leaves an entry without personal values, and the values
        // earlier entries hold about them go, as from an erase: the log
        // keeps no copy of someone deleted for good.
        let gone: Vec<i64> = tx.query_map(
            "SELECT id FROM customers WHERE deleted_at IS NOT NULL",
            args![],
            |r| r.get(0),
        )?;
        for id in &gone {
            audit::forget_customer(&tx, *id)?;
            let summary = format!("{} {}", audit_label("customer.purge"), customer_ref(*id));
            audit::record(
                &tx,
                &actor,
                &NewEntry::for_customer("customer.purge", *id, summary),
            )?;
        }
        tx.execute(
            "UPDATE import_changes SET previous = NULL
             WHERE customer_id IN (SELECT id FROM customers WHERE deleted_at IS NOT NULL)",
            args![],
        )?;
        let n = tx.execute(
            "DELETE FROM customers WHERE deleted_at IS NOT NULL",
            args![],
        )? as usize;
        tx.commit()?;
        // A team database has no log file of this desk's to empty.
        if n > 0 && self.path.is_some() && self.dialect() == Dialect::Sqlite {
            // Not waiting: another window reading is no reason to make this
            // one wait, and its close empties the log anyway.
            self.conn.busy_timeout(std::time::Duration::ZERO)?;
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            self.conn.busy_timeout(crate::BUSY_TIMEOUT)?;
        }
        Ok(n)
    }

    /// Live customers in all.
    pub fn customer_count(&self) -> Result<u64> {
        let db = self.db();
        // All rows by SQLite's fast b-tree count, less the recycle bin through
        // its own small index. A team database keeps the count (migration
        // 0023: a base row and this transaction's own differences).
        let sql = match db.dialect() {
            Dialect::Sqlite => "SELECT (SELECT count(*) FROM customers) - (SELECT count(*) FROM customers WHERE deleted_at IS NOT NULL)",
            Dialect::Postgres => "SELECT CAST(COALESCE(SUM(live), 0) AS BIGINT) FROM customer_counts",
        };
        let n: i64 = db.query_row(sql, args![], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Calls `f` for every customer the query's search and filters match, in
    /// the query's order, streaming rather than collecting (limit and offset
    /// are ignored): exports use it for lists of any size.
    pub fn for_each_matching(
        &self,
        q: &CustomerQuery,
        mut f: impl FnMut(Customer) -> Result<()>,
    ) -> Result<u64> {
        let db = self.db();
        let (wheres, args) = filter(q, db.dialect());
        let order = order_by(q, db.dialect());
        let sql = format!(
            "SELECT {COLUMNS} FROM customers WHERE {} ORDER BY {order}",
            wheres.join(" AND ")
        );
        db.for_each(&sql, &args, |r| f(customer_from(r)?))
    }

    /// A page of the archive (or of the recycle bin), searched, filtered and
    /// sorted in SQLite so it stays quick with a million customers.
    pub fn list_customers(&self, q: &CustomerQuery) -> Result<Page<Customer>> {
        let db = self.db();
        let dialect = db.dialect();
        let f = filter_with_hits(q, dialect);
        if let Some(hits) = &f.hits {
            return self.short_search_page(q, hits, &f.wheres, f.args.clone(), f.search_at);
        }
        let Filter {
            wheres, mut args, ..
        } = f;
        let arg = |v: Val<'static>, args: &mut Vec<Val<'static>>| {
            args.push(v);
            format!("?{}", args.len())
        };
        let where_sql = wheres.join(" AND ");
        let contact = q.last_contact_before.is_some() || q.next_contact_by.is_some();
        let total: i64 = if wheres.len() == 1 && !q.deleted {
            self.customer_count()? as i64
        } else if let (Some(tier), 2, false, Dialect::Postgres) = (
            q.tier.as_deref().filter(|t| !t.is_empty()),
            wheres.len(),
            q.deleted,
            dialect,
        ) {
            // The tier filter alone: a team database keeps each tier's count.
            team_tier_count(&db, tier)?
        } else if contact {
            self.count_by_contact(q, &wheres, &args)?
        } else {
            db.query_row(
                &format!("SELECT count(*) FROM customers WHERE {where_sql}"),
                &args,
                |r| r.get(0),
            )?
        };
        // With a tier filter and another sort column SQLite tends to fetch the
        // whole tier and sort it. When the tier is common, walking the sort
        // column's index and skipping other tiers reads far fewer rows, so the
        // tier condition is kept out of index selection (`+tier`).
        let mut from = "customers".to_owned();
        let only_tier_filter = q.search_text().is_none()
            && q.manager.is_none()
            && owner_filter(q).is_none()
            && !q.deleted
            && q.last_contact_before.is_none()
            && q.next_contact_by.is_none();
        // (SQLite's planner only: PostgreSQL has no INDEXED BY.)
        if only_tier_filter && q.tier.is_some() && total > 0 && dialect == Dialect::Sqlite {
            let live = self.customer_count()? as f64;
            let rows_walked = (q.offset as f64 + q.limit as f64) * live / total as f64;
            if rows_walked < 200_000.0 {
                // (tier, spend) and (tier, name) already serve spend and
                // name; codes are left to the planner.
                from = match (q.sort, sort_index(q.sort)) {
                    (SortKey::Spend | SortKey::Name | SortKey::Tier | SortKey::Code, _) => from,
                    (SortKey::Points, _) => from,
                    (_, Some(index)) => format!("customers INDEXED BY {index}"),
                    (_, None) => "customers NOT INDEXED".to_owned(),
                };
            }
        }
        let order = order_by(q, dialect);
        let limit = q.limit.clamp(1, CustomerQuery::MAX_LIMIT);
        let lp = arg(Val::Int(limit as i64), &mut args);
        let op = arg(Val::Int(q.offset as i64), &mut args);
        let sql = format!("SELECT {COLUMNS} FROM {from} WHERE {where_sql} ORDER BY {order} LIMIT {lp} OFFSET {op}");
        let items = db.query_map(&sql, &args, customer_from)?;
        Ok(Page {
            items,
            total: total as u64,
        })
    }
}

impl Store {
    /// A page of a search of one or two characters on a team database (see
    /// [`Filter::hits`]): the page's ids first, then only those customers'
    /// rows. By id, one query over the matching ids gives the page and the
    /// total. By another column, when matches are common enough the sort
    /// column's index is walked, each entry checked against the matches held
    /// in memory, until the page is full (「张」 among the 银牌 by spend: about
    /// 18,000 index entries, no customer row read); when they are rare, the
    /// matches themselves are read and sorted.
    fn short_search_page(
        &self,
        q: &CustomerQuery,
        hits: &str,
        wheres: &[String],
        mut args: Vec<Val<'static>>,
        search_at: usize,
    ) -> Result<Page<Customer>> {
        /// Index entries a page may walk before reading the matches is cheaper.
        const WALK: f64 = 50_000.0;
        let db = self.db();
        let order = order_by(q, Dialect::Postgres);
        let limit = q.limit.clamp(1, CustomerQuery::MAX_LIMIT) as i64;
        let counted = |args: &[Val<'static>]| -> Result<i64> {
            if q.last_contact_before.is_some() {
                self.count_by_contact(q, wheres, args)
            } else {
                db.query_row(
                    &format!("SELECT count(*) FROM ({hits}) AS hits"),
                    args,
                    |r| r.get(0),
                )
            }
        };
        let n = args.len();
        args.push(Val::Int(limit));
        args.push(Val::Int(q.offset as i64));
        let (lp, op) = (format!("?{}", n + 1), format!("?{}", n + 2));
        let (ids, total): (Vec<i64>, i64) =
            if q.sort == SortKey::Id && q.last_contact_before.is_none() {
                // Every condition is inside `hits`.
                let dir = if q.descending { "DESC" } else { "ASC" };
                let rows: Vec<(i64, i64)> = db.query_map(
                    &format!(
                        "SELECT id, count(*) OVER () FROM ({hits}) AS hits \
                         ORDER BY id {dir} LIMIT {lp} OFFSET {op}"
                    ),
                    &args,
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let total = match rows.first() {
                    Some(row) => row.1,
                    None => counted(&args[..n])?,
                };
                (rows.into_iter().map(|r| r.0).collect(), total)
            } else {
                let total = counted(&args[..n])?;
                let walked = if q.deleted || q.sort == SortKey::Points || total == 0 {
                    f64::INFINITY
                } else {
                    let population = match q.tier.as_deref().filter(|t| !t.is_empty()) {
                        Some(tier) => team_tier_count(&db, tier)?,
                        None => self.customer_count()? as i64,
                    };
                    (q.offset as f64 + limit as f64) * population as f64 / total as f64
                };
                let mut conds = wheres.to_vec();
                if walked <= WALK {
                    // Not a join the planner may turn around: a filter
                    // against the matches, hashed once.
                    conds[search_at] = format!("({}) IS TRUE", conds[search_at]);
                }
                let ids = if total == 0 {
                    Vec::new()
                } else {
                    db.query_map(
                        &format!(
                        "SELECT id FROM customers WHERE {} ORDER BY {order} LIMIT {lp} OFFSET {op}",
                        conds.join(" AND ")
                    ),
                        &args,
                        |r| r.get(0),
                    )?
                };
                (ids, total)
            };
        let items = if ids.is_empty() {
            Vec::new()
        } else {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            db.query_map(
                &format!(
                    "SELECT {COLUMNS} FROM customers WHERE id IN ({}) ORDER BY {order}",
                    list.join(",")
                ),
                args![],
                customer_from,
            )?
        };
        Ok(Page {
            items,
            total: total as u64,
        })
    }
}

/// The ORDER BY of a list: the sort column, then id, both in the asked
/// direction. id breaks ties so paging is stable; (col, id) is exactly the
/// order of the column's index, so SQLite walks the index instead of
/// sorting. PostgreSQL is told to put NULLs where SQLite does (first going
/// up, last going down): its default is the other way round.
fn order_by(q: &CustomerQuery, dialect: Dialect) -> String {
    let dir = if q.descending { "DESC" } else { "ASC" };
    if q.sort == SortKey::Id {
        return format!("id {dir}");
    }
    // PostgreSQL serves a sort from an index only when the NULLS placement
    // matches too; a column that is never NULL (name, updated_at) is
    // indexed without one, so its sort goes without one as well (the order
    // is the same either way). Without this, sorting by name sorted every
    // customer (the team bench: 98 ms a page over 100,000 customers).
    let never_null = matches!(q.sort, SortKey::Name | SortKey::UpdatedAt);
    let nulls = match (dialect, q.descending) {
        (Dialect::Sqlite, _) => "",
        (Dialect::Postgres, _) if never_null => "",
        (Dialect::Postgres, false) => " NULLS FIRST",
        (Dialect::Postgres, true) => " NULLS LAST",
    };
    format!("{} {dir}{nulls}, id {dir}", sort_expr(q.sort))
}

/// The WHERE conditions (joined with AND) and their arguments for a query's
/// search text and filters.
fn filter(q: &CustomerQuery, dialect: Dialect) -> (Vec<String>, Vec<Val<'static>>) {
    let f = filter_with_hits(q, dialect);
    (f.wheres, f.args)
}

/// A query's conditions as [`filter`] gives them and, for a search of one or
/// two characters on PostgreSQL, the ids that match it as a query of their own.
struct Filter {
    wheres: Vec<String>,
    args: Vec<Val<'static>>,
    /// `SELECT id … UNION SELECT id …`: the live customers whose name, initials,
    /// code or phone starts with the search text and that pass every other
    /// filter but the last contact's, each read from an index.
    hits: Option<String>,
    /// Where in `wheres` the search's condition is (with `hits`).
    search_at: usize,
}

fn filter_with_hits(q: &CustomerQuery, dialect: Dialect) -> Filter {
    let mut wheres: Vec<String> = vec![if q.deleted {
        "deleted_at IS NOT NULL"
    } else {
        "deleted_at IS NULL"
    }
    .into()];
    let mut args: Vec<Val<'static>> = Vec::new();
    let arg = |v: Val<'static>, args: &mut Vec<Val<'static>>| {
        args.push(v);
        format!("?{}", args.len())
    };
    let text = |s: String| Val::Text(s.into());
    let live = if q.deleted {
        "deleted_at IS NOT NULL"
    } else {
        "deleted_at IS NULL"
    };
    // PostgreSQL: a search too short for trigrams is built once the other
    // filters are known (below), which it repeats inside each of its parts.
    let short_on_pg = q
        .search_text()
        .map(text::to_halfwidth)
        .filter(|s| s.chars().count() < 3 && dialect == Dialect::Postgres);
    if let Some(search) = q.search_text().filter(|_| short_on_pg.is_none()) {
        let s = text::to_halfwidth(search);
        if s.chars().count() >= 3 && dialect == Dialect::Postgres {
            // pg_trgm's index on the same text (migration 0001's twin) serves
            // a LIKE anywhere in it (ILIKE once translated: case ignored, as
            // FTS5's trigrams ignore it).
            let pattern = format!("%{}%", like_escaped(&s));
            let p = arg(text(pattern), &mut args);
            wheres.push(format!("search_text LIKE {p} ESCAPE '\\'"));
        } else if s.chars().count() >= 3 {
            // The trigram index finds the text anywhere in name, initials, code or phone.
            let phrase = format!("\"{}\"", s.replace('"', "\"\""));
            let p = arg(text(phrase), &mut args);
            wheres.push(format!(
                "id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH {p})"
            ));
        } else {
            // Too short for trigrams: match the start of name, initials, code or phone.
            // One sub-select per column lets each use its own index range.
            let lo = arg(text(s.clone()), &mut args);
            let hi = arg(text(prefix_upper(&s)), &mut args);
            let lower = s.to_lowercase();
            let llo = arg(text(lower.clone()), &mut args);
            let lhi = arg(text(prefix_upper(&lower)), &mut args);
            wheres.push(format!(
                "id IN (SELECT id FROM customers WHERE {live} AND name >= {lo} AND name < {hi} \
                 UNION ALL SELECT id FROM customers WHERE {live} AND name_initials >= {llo} AND name_initials < {lhi} \
                 UNION ALL SELECT id FROM customers WHERE code >= {lo} AND code < {hi} \
                 UNION ALL SELECT id FROM customers WHERE {live} AND phone >= {lo} AND phone < {hi})"
            ));
        }
    }
    if let Some(tier) = q.tier.as_deref().filter(|t| !t.is_empty()) {
        if tier == "__none__" {
            wheres.push("tier IS NULL".into());
        } else {
            let p = arg(text(tier.to_owned()), &mut args);
            wheres.push(format!("tier = {p}"));
        }
    }
    if let Some(m) = q.manager.as_deref().filter(|t| !t.is_empty()) {
        let p = arg(text(m.to_owned()), &mut args);
        wheres.push(format!("manager = {p}"));
    }
    match owner_filter(q) {
        Some(Owner::Nobody) => wheres.push("owner_id IS NULL".into()),
        Some(Owner::User(id)) => {
            let p = arg(Val::Int(id), &mut args);
            wheres.push(format!("owner_id = {p}"));
        }
        None => {}
    }
    // 下次联系已到期: only customers with a next contact date.
    if let Some(day) = q.next_contact_by {
        let p = arg(text(day.format("%Y-%m-%d").to_string()), &mut args);
        wheres.push(format!("next_contact_on <= {p}"));
    }
    let mut hits = None;
    let mut search_at = 0;
    if let Some(s) = short_on_pg {
        // Each part reads one index range (name, initials, code, phone) with
        // the other filters beside it, so a part with a tier reads the (tier,
        // name) index alone; UNION drops a customer matched twice. Counting
        // them reads no customer row, where the form above fetched every one
        // of the 12,000 customers named 王 of a million to check it was live.
        let lo = arg(text(s.clone()), &mut args);
        let hi = arg(text(prefix_upper(&s)), &mut args);
        let lower = s.to_lowercase();
        let llo = arg(text(lower.clone()), &mut args);
        let lhi = arg(text(prefix_upper(&lower)), &mut args);
        let narrowing: String = wheres[1..].iter().map(|w| format!(" AND {w}")).collect();
        let part =
            |range: String| format!("SELECT id FROM customers WHERE {live} AND {range}{narrowing}");
        let union = [
            part(format!("name >= {lo} AND name < {hi}")),
            part(format!("name_initials >= {llo} AND name_initials < {lhi}")),
            part(format!("code >= {lo} AND code < {hi}")),
            part(format!("phone >= {lo} AND phone < {hi}")),
        ]
        .join(" UNION ");
        search_at = wheres.len();
        wheres.push(format!("id IN ({union})"));
        hits = Some(union);
    }
    // 超过 N 天未联系 counts a customer never contacted too. Kept last, with
    // the last argument: `list_customers` counts its two halves apart.
    if let Some(day) = q.last_contact_before {
        let p = arg(text(day.format("%Y-%m-%d").to_string()), &mut args);
        wheres.push(format!(
            "(last_contact_on IS NULL OR last_contact_on < {p})"
        ));
    }
    Filter {
        wheres,
        args,
        hits,
        search_at,
    }
}

/// Whose customers a list asks for (`CustomerQuery.owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// Shared customers: no owner.
    Nobody,
    User(i64),
}

/// The owner filter a query holds: `"none"` or a user's id. `"all"`, an
/// empty text and anything else filter nothing; `"mine"` is the API's to
/// turn into the signed-in user's id (the store knows no session).
fn owner_filter(q: &CustomerQuery) -> Option<Owner> {
    match q.owner.as_deref().map(str::trim)? {
        "none" => Some(Owner::Nobody),
        id => id.parse().ok().map(Owner::User),
    }
}

/// The index that holds live customers in the order of a sort column
/// (`None` for id, which is the table's own order).
fn sort_index(sort: SortKey) -> Option<&'static str> {
    Some(match sort {
        SortKey::Id => return None,
        SortKey::Code => return None,
        SortKey::Name => "customers_live_name",
        SortKey::Spend => "customers_live_spend",
        SortKey::Frequency => "customers_live_frequency",
        SortKey::TenureYears => "customers_live_tenure",
        SortKey::Influence => "customers_live_influence",
        SortKey::Tier => "customers_live_tier",
        SortKey::LastRatedOn => "customers_live_last_rated",
        SortKey::NextRatingOn => "customers_live_next_rating",
        SortKey::UpdatedAt => "customers_live_updated",
        SortKey::LastContactOn => "customers_live_last_contact",
        SortKey::NextContactOn => "customers_live_next_contact",
        SortKey::Points => return None,
    })
}

/// What a sort orders by: the column, or for 积分 the balance of the
/// customer's last ledger row (0 without one), one step of the ledger's
/// `(customer_id, id)` index per customer.
fn sort_expr(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Points => {
            "coalesce((SELECT p.balance_after FROM points_ledger p
              WHERE p.customer_id = customers.id ORDER BY p.id DESC LIMIT 1), 0)"
        }
        other => other.as_str(),
    }
}

/// Inserts customers under row ids reserved beforehand (see
/// `Store::begin_line_import`), many per statement: each statement makes the
/// search index write out what it has gathered, so one per customer costs
/// more than storing the customer. `OR FAIL` spares SQLite a statement
/// journal of the dozen index pages each row touches; a failure rolls the
/// whole import back anyway.
/// PostgreSQL: [`Store::check_code_free`] for a chunk of new customers in
/// one statement rather than a round trip each (the Online Retail import
/// makes 4,372 customers); the first of them in order whose code is taken
/// gets the same refusal.
fn codes_free(db: &crate::db::Db<'_>, chunk: &[(i64, CustomerDraft)]) -> Result<()> {
    let codes: Vec<&str> = chunk
        .iter()
        .filter_map(|(_, d)| d.code.as_deref())
        .collect();
    if codes.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT code, name FROM customers WHERE code IN ({})",
        vec!["?"; codes.len()].join(",")
    );
    let args: Vec<Val<'_>> = codes
        .iter()
        .map(|c| Val::from(SqlValue::Text((*c).to_owned())))
        .collect();
    let taken: std::collections::HashMap<String, String> = db
        .query_map(&sql, &args, |r| Ok((r.get(0)?, r.get(1)?)))?
        .into_iter()
        .collect();
    match codes
        .iter()
        .find_map(|c| taken.get(*c).map(|holder| (c, holder)))
    {
        Some((code, holder)) => Err(StoreError::DuplicateCode {
            code: (*code).to_owned(),
            holder: holder.clone(),
        }),
        None => Ok(()),
    }
}

pub(crate) fn insert_many_with_ids_in(tx: &impl AsDb, rows: &[(i64, CustomerDraft)]) -> Result<()> {
    const PER_STATEMENT: usize = 64;
    let db = tx.as_db();
    let columns = &INSERT[INSERT.find('(').unwrap_or(0) + 1..INSERT.find(')').unwrap_or(0)];
    // PostgreSQL has no `OR FAIL`: a failed statement fails its transaction there anyway.
    let insert = match db.dialect() {
        Dialect::Sqlite => "INSERT OR FAIL INTO",
        Dialect::Postgres => "INSERT INTO",
    };
    let now = now_text();
    for chunk in rows.chunks(PER_STATEMENT) {
        let mut sql = format!("{insert} customers(id, {columns}) VALUES ");
        let mut values: Vec<SqlValue> = Vec::with_capacity(chunk.len() * 28);
        if db.dialect() == Dialect::Postgres {
            codes_free(&db, chunk)?;
        }
        for (n, (id, d)) in chunk.iter().enumerate() {
            if db.dialect() == Dialect::Sqlite {
                Store::check_code_free(&db, d.code.as_deref(), None)?;
            }
            if n > 0 {
                sql.push(',');
            }
            sql.push('(');
            sql.push_str(&["?"; 28].join(","));
            sql.push(')');
            values.push(SqlValue::Integer(*id));
            values.extend(draft_values(d));
            values.push(SqlValue::Text(now.clone()));
            values.push(SqlValue::Text(now.clone()));
        }
        let values: Vec<Val<'_>> = values.into_iter().map(Val::from).collect();
        db.execute(&sql, &values)?;
    }
    Ok(())
}

pub(crate) fn insert_in(tx: &impl AsDb, d: &CustomerDraft) -> Result<i64> {
    let db = tx.as_db();
    Store::check_code_free(&db, d.code.as_deref(), None)?;
    let mut values = draft_values(d);
    values.push(SqlValue::Text(now_text()));
    match db.lite() {
        Some(conn) => {
            let mut stmt = conn.prepare_cached(INSERT)?;
            stmt.execute(params_from_iter(values))?;
            Ok(conn.last_insert_rowid())
        }
        None => {
            let values: Vec<Val<'_>> = values.into_iter().map(Val::from).collect();
            db.query_row(INSERT_RETURNING, &values, |r| r.get(0))
        }
    }
}

/// A LIKE pattern's text matched as written: `%`, `_` and the escape
/// character itself are escaped with `\`.
fn like_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
