//! Points the rules write inside another feature's transaction: opening
//! balances of a customer import, the first-purchase bonus of an order
//! import, reach-a-tier bonuses of a rating or a hand change of tier, and
//! their reversal when the rating is undone (an import's undo reverses its
//! rows by `import_id`, see `points_import`).
//!
//! A bonus row carries a `bonus` word (`first_purchase`, `reach:<tier>`,
//! migration 0020) and is given again only once the row giving it was
//! reversed, so a re-import, a rating run twice, or an undo and a redo never
//! give a bonus twice while one stands. An opening row is written only for
//! a customer without an opening row in effect: a sheet never overwrites the
//! ledger.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tierdesk_domain::points::{EarnPlan, EntryKind, SourceKind};
use tierdesk_domain::points_rules::{
    reach_bonus_key, reach_reason, OpeningCounts, OpeningFor, OpeningPlan, ReachPlan,
    FIRST_PURCHASE, FIRST_PURCHASE_REASON,
};

use crate::db::{AsDb, Db, Dialect, OptionalExt};
use crate::points::{append_in, balance_in, NewRow};
use crate::points_import::Earning;
use crate::{args, Result, Store};

/// Whether a row for `customer_id` matching `filter` (over `l`) is in
/// effect: written and not reversed.
fn in_effect(db: &Db<'_>, customer_id: i64, filter: &str, arg: &str) -> Result<bool> {
    let sql = format!(
        "SELECT EXISTS(SELECT 1 FROM points_ledger l WHERE l.customer_id = ?1 AND {filter}
             AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id))"
    );
    db.query_row(&sql, args![customer_id, arg], |r| r.get(0))
}

fn opening_in_effect(db: &Db<'_>, customer_id: i64) -> Result<bool> {
    in_effect(db, customer_id, "l.kind = 'opening' AND ?2 = ''", "")
}

fn bonus_in_effect(db: &Db<'_>, customer_id: i64, bonus: &str) -> Result<bool> {
    in_effect(db, customer_id, "l.bonus = ?2", bonus)
}

/// Writes the opening rows of a customer import; `ids[n]` is the customer
/// of the import's n-th write. A customer with an opening row in effect
/// gets none: the sheet's figure is counted as kept (and as differing when
/// the balance is not that figure).
pub(crate) fn opening_in(
    conn: &impl AsDb,
    import_id: i64,
    ids: &[i64],
    plan: &OpeningPlan,
    who: &str,
) -> Result<OpeningCounts> {
    let conn = &conn.as_db();
    let mut counts = OpeningCounts::default();
    let reason = format!("导入期初积分（导入 #{import_id}）");
    for o in &plan.points {
        let id = match o.target {
            OpeningFor::Write(n) => match ids.get(n) {
                Some(id) => *id,
                None => continue,
            },
            OpeningFor::Customer(id) => id,
        };
        if opening_in_effect(conn, id)? {
            counts.kept += 1;
            if balance_in(conn, id)? != o.points {
                counts.differ += 1;
            }
            continue;
        }
        if o.points <= 0 {
            continue;
        }
        let mut row = NewRow::new(
            id,
            plan.on_day,
            EntryKind::Opening,
            o.points,
            SourceKind::Import,
            who,
        );
        row.import_id = Some(import_id);
        row.reason = &reason;
        row.expires_on = plan.expiry.expires_on(plan.on_day);
        append_in(conn, &row)?;
        counts.written += 1;
    }
    Ok(counts)
}

/// Gives the first-purchase bonus to each customer whose first purchase
/// ever is in this import (no purchase day before its earliest purchase
/// order here, across imports) and who holds no such bonus in effect. A
/// customer already in the archive whose record shows 消费金额 or 消费频次
/// (a customer sheet, orders never imported) has bought before: no bonus.
/// Runs after the import's order days are stored and before the archived
/// customers' figures follow them; `new_ids` are the customers this import
/// adds. Returns how many were given.
pub(crate) fn first_purchase_in(
    conn: &impl AsDb,
    import_id: i64,
    earned: &[Earning],
    plan: &EarnPlan,
    new_ids: std::ops::Range<i64>,
    who: &str,
) -> Result<usize> {
    if plan.first_purchase_bonus <= 0 {
        return Ok(0);
    }
    let conn = &conn.as_db();
    let mut first: BTreeMap<i64, &str> = BTreeMap::new();
    for e in earned.iter().filter(|e| e.amount > 0.0) {
        let day = first.entry(e.customer_id).or_insert(e.day.as_str());
        *day = (*day).min(e.day.as_str());
    }
    let mut given = 0;
    for (id, day) in first {
        let Ok(on) = NaiveDate::parse_from_str(day.get(..10).unwrap_or(day), "%Y-%m-%d") else {
            continue;
        };
        let bought_before: Option<bool> = conn
            .query_row(
                "SELECT coalesce(spend, 0) > 0 OR coalesce(frequency, 0) > 0
                 FROM customers WHERE id = ?1",
                args![id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(bought_before) = bought_before else {
            continue;
        };
        if (bought_before && !new_ids.contains(&id))
            || conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM order_days WHERE customer_id = ?1 AND day < ?2
                     AND purchases > 0)",
                args![id, day],
                |r| r.get::<bool>(0),
            )?
            || bonus_in_effect(conn, id, FIRST_PURCHASE)?
        {
            continue;
        }
        let mut row = NewRow::new(
            id,
            on,
            EntryKind::Earn,
            plan.first_purchase_bonus,
            SourceKind::Rule,
            who,
        );
        row.import_id = Some(import_id);
        row.reason = FIRST_PURCHASE_REASON;
        row.bonus = Some(FIRST_PURCHASE);
        row.expires_on = plan.expiry.expires_on(on);
        append_in(conn, &row)?;
        given += 1;
    }
    Ok(given)
}

/// The tiers of a reach plan as JSON, for the set-based statement.
fn plan_json(plan: &ReachPlan) -> String {
    serde_json::to_string(&plan.tiers).unwrap_or_else(|_| "[]".into())
}

/// Gives the reach bonuses of a rating in one statement: every customer the
/// batch moved up into a tier with a bonus they hold no bonus for yet gets
/// one `earn` row dated the rating's as-of day, naming the batch. Returns
/// how many customers and points.
pub(crate) fn reach_batch_in(
    conn: &impl AsDb,
    batch_id: i64,
    on_day: NaiveDate,
    plan: &ReachPlan,
    who: &str,
) -> Result<(u64, i64)> {
    // `from` missing or blank: below every tier; a tier the plan does not
    // know has no rank, so the comparison is NULL and gives nothing (as
    // `ReachPlan::reached` says). Each customer is in a batch once, so the
    // balance read per row is the one before its bonus.
    let db = conn.as_db();
    // The plan's tiers as rows: SQLite's json_each, PostgreSQL's
    // json_array_elements (numbers cast, so ranks compare as numbers).
    let tiers = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT json_extract(value, '$.key') AS key, json_extract(value, '$.name') AS name,
                          json_extract(value, '$.rank') AS rank, json_extract(value, '$.bonus') AS bonus
                   FROM json_each(?5)"
        }
        Dialect::Postgres => {
            "SELECT e->>'key' AS key, e->>'name' AS name,
                    CAST(e->>'rank' AS BIGINT) AS rank, CAST(e->>'bonus' AS BIGINT) AS bonus
             FROM json_array_elements(CAST(CAST(?5 AS TEXT) AS JSON)) AS e"
        }
    };
    let sql = format!(
        "WITH t AS MATERIALIZED (
                   {tiers})
               INSERT INTO points_ledger(customer_id, at, on_day, kind, points, balance_after,
                   source_kind, reason, who, expires_on, bonus, batch_id)
               SELECT h.customer_id, ?2, ?3, 'earn', t.bonus,
                      coalesce((SELECT l.balance_after FROM points_ledger l
                                WHERE l.customer_id = h.customer_id ORDER BY l.id DESC LIMIT 1), 0)
                          + t.bonus,
                      'rule', '升级至 ' || t.name || ' 奖励', ?4, ?6, 'reach:' || t.key, ?1
               FROM tier_history h
               JOIN t ON t.key = h.to_tier AND t.bonus > 0
               LEFT JOIN t f ON f.key = h.from_tier
               WHERE h.batch_id = ?1
                 AND (nullif(trim(h.from_tier), '') IS NULL OR f.rank > t.rank)
                 AND NOT EXISTS (
                     SELECT 1 FROM points_ledger b
                     WHERE b.customer_id = h.customer_id AND b.bonus = 'reach:' || t.key
                       AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = b.id))
               ORDER BY h.customer_id"
    );
    let n = db.execute(
        &sql,
        args![
            batch_id,
            crate::now_text(),
            on_day.to_string(),
            who,
            plan_json(plan),
            plan.expiry.expires_on(on_day).map(|d| d.to_string())
        ],
    )?;
    let points: i64 = db.query_row(
        "SELECT coalesce(sum(points), 0) FROM points_ledger WHERE batch_id = ?1 AND kind = 'earn'",
        args![batch_id],
        |r| r.get(0),
    )?;
    Ok((n, points))
}

/// The reach bonus of a tier changed by hand from `from` to `to`, if it
/// earns one the customer does not hold; returns the points given.
pub(crate) fn reach_hand_in(
    conn: &impl AsDb,
    customer_id: i64,
    (from, to): (Option<&str>, Option<&str>),
    on_day: NaiveDate,
    plan: &ReachPlan,
    who: &str,
) -> Result<i64> {
    let Some(tier) = plan.reached(from, to) else {
        return Ok(0);
    };
    let conn = &conn.as_db();
    let key = reach_bonus_key(&tier.key);
    if bonus_in_effect(conn, customer_id, &key)? {
        return Ok(0);
    }
    let reason = reach_reason(&tier.name);
    let mut row = NewRow::new(
        customer_id,
        on_day,
        EntryKind::Earn,
        tier.bonus,
        SourceKind::Rule,
        who,
    );
    row.reason = &reason;
    row.bonus = Some(&key);
    row.expires_on = plan.expiry.expires_on(on_day);
    append_in(conn, &row)?;
    Ok(tier.bonus)
}

/// A customer sheet's figure against the ledger: the row, the sheet's
/// points and the customer's balance, for a customer who already has an
/// opening balance (the figure will change nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningKept {
    pub row: usize,
    pub points: i64,
    pub balance: i64,
}

impl Store {
    /// For the preview of a customer import: of `(row, customer, points)`,
    /// the rows whose customer already holds an opening balance, with the
    /// balance now (an opening row is written for every other).
    pub fn points_opening_kept(&self, rows: &[(usize, i64, i64)]) -> Result<Vec<OpeningKept>> {
        let db = self.db();
        let mut out = Vec::new();
        for (row, id, points) in rows {
            if opening_in_effect(&db, *id)? {
                out.push(OpeningKept {
                    row: *row,
                    points: *points,
                    balance: balance_in(&db, *id)?,
                });
            }
        }
        Ok(out)
    }
}
