//! The churn refresh's writes, one range of customer ids at a time: each
//! part is its own short transaction that replaces the range's scores and
//! raises, merges or marks its customers' alerts (with the owners' to-dos)
//! as the churn crate's `alert::decide` says; the last part also keeps the
//! fit and records the refresh's audit entry (`churn.refresh`, the totals).
//! An earlier part that changed alerts records its own entry
//! (`churn.refresh_part`) in its own transaction, so a refresh stopped half
//! way leaves no alert, step or to-do that the 操作日志 does not account for.
//!
//! A part is complete on its own: a refresh stopped after some parts (the
//! app killed) leaves those ranges refreshed and the others as the previous
//! refresh left them, and running the refresh again finishes the work
//! without writing anything twice (`decide` keeps an alert that already
//! says the same, and the open-alert index and the to-dos' rule keys hold
//! one of each).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use tierdesk_churn::alert::{
    decide, Action, AlertLevel, AlertStatus, Finding, FitRecord, PriorAlert, RefreshCounts,
};
use tierdesk_domain::audit::NewEntry;
use tierdesk_domain::{NewTodo, TodoKind};

use crate::churn::cell_day;
use crate::churn_alerts::{bad, insert_step, reasons_from, reasons_key, Assessed};
use crate::db::{Db, Param, Val};
use crate::todos::{add_todo_in, date_text};
use crate::{args, audit, now_text, Result, Store};
use crate::{REFRESH_WHO, TODO_SOURCE};

/// A refresh being written part by part: its as-of day, its time, and what
/// the parts written so far did.
#[derive(Debug, Clone)]
pub struct RefreshWrite {
    as_of: NaiveDate,
    now: String,
    counts: RefreshCounts,
}

impl RefreshWrite {
    pub fn new(as_of: NaiveDate) -> Self {
        RefreshWrite {
            as_of,
            now: now_text(),
            counts: RefreshCounts {
                as_of: date_text(as_of),
                ..RefreshCounts::default()
            },
        }
    }

    /// What the parts written so far did (after the last part, with the
    /// open alerts counted).
    pub fn counts(&self) -> &RefreshCounts {
        &self.counts
    }
}

/// Each live customer's latest alert with an id in `lo..=hi` (the open one
/// if any: an alert is raised only when none is open, so the open one is
/// the latest). Customers in the recycle bin are left out: a refresh does
/// not touch their alerts.
fn priors(db: &Db<'_>, lo: i64, hi: i64) -> Result<HashMap<i64, (PriorAlert, u64)>> {
    let mut out = HashMap::new();
    db.for_each(
        "SELECT a.customer_id, a.id, a.status, a.level, a.reasons, a.value_at_risk,
                a.signals_gone_on, a.closed_at
         FROM churn_alerts a
         WHERE a.id IN (SELECT max(id) FROM churn_alerts
                        WHERE customer_id BETWEEN ?1 AND ?2 GROUP BY customer_id)
           AND a.customer_id NOT IN (SELECT id FROM customers WHERE deleted_at IS NOT NULL)",
        args![lo, hi],
        |r| {
            let status: String = r.get(2)?;
            let level: String = r.get(3)?;
            let reasons: String = r.get(4)?;
            let reasons = reasons_from(4, &reasons)?;
            let prior = PriorAlert {
                id: r.get(1)?,
                status: AlertStatus::parse(&status).ok_or_else(|| bad(2, "status", &status))?,
                level: AlertLevel::parse(&level).ok_or_else(|| bad(3, "level", &level))?,
                reasons: Vec::new(),
                value_at_risk: r.get(5)?,
                signals_gone_on: cell_day(r, 6)?,
                closed_on: cell_day(r, 7)?,
            };
            out.insert(r.get(0)?, (prior, reasons_key(&reasons)));
            Ok(())
        },
    )?;
    Ok(out)
}

/// The words of an alert's to-do.
fn todo_title(level: AlertLevel) -> String {
    format!("流失预警（{}）：联系客户", level.label())
}

/// Writes what `decide` said for one customer.
fn apply(
    tx: &Db<'_>,
    action: &Action,
    customer_id: i64,
    finding: Option<&(Finding, String)>,
    run: &mut RefreshWrite,
) -> Result<()> {
    let (as_of, now) = (run.as_of, run.now.as_str());
    let counts = &mut run.counts;
    let reasons = |f: &Finding| serde_json::to_string(&f.reasons).unwrap_or_else(|_| "[]".into());
    match (action, finding) {
        (Action::Raise, Some((f, owner))) => {
            let id = tx.insert_id(
                "INSERT INTO churn_alerts(customer_id, level, reasons, raised_on, raised_at,
                     updated_at, owner, status, value_at_risk)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, 'new', ?7)",
                args![
                    customer_id,
                    f.level.key(),
                    reasons(f),
                    date_text(as_of),
                    now,
                    owner,
                    f.value_at_risk
                ],
            )?;
            insert_step(tx, id, None, AlertStatus::New, "", REFRESH_WHO, now)?;
            let due = as_of
                .checked_add_days(Days::new(f.level.todo_days()))
                .unwrap_or(as_of);
            let todo = NewTodo {
                customer_id: Some(customer_id),
                owner: owner.clone(),
                source_kind: Some(TODO_SOURCE.into()),
                source_id: Some(id),
                rule_key: Some(format!("churn:{id}")),
                who: REFRESH_WHO.into(),
                note: f
                    .reasons
                    .iter()
                    .map(|r| r.reason.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
                ..NewTodo::new(TodoKind::Followup, todo_title(f.level), due)
            };
            if add_todo_in(tx, &todo)?.is_some() {
                counts.todos += 1;
            }
            counts.raised += 1;
        }
        (Action::Update { id, level }, Some((f, _))) => {
            tx.execute(
                "UPDATE churn_alerts SET level = ?2, reasons = ?3, value_at_risk = ?4,
                     signals_gone_on = NULL, updated_at = ?5
                 WHERE id = ?1",
                args![id, level.key(), reasons(f), f.value_at_risk, now],
            )?;
            counts.updated += 1;
        }
        (Action::Gone { id }, _) => {
            tx.execute(
                "UPDATE churn_alerts SET signals_gone_on = ?2, updated_at = ?3 WHERE id = ?1",
                args![id, date_text(as_of), now],
            )?;
            counts.gone += 1;
        }
        _ => {}
    }
    Ok(())
}

/// `decide` with the stored reasons known by their fingerprint: the prior's
/// reasons are compared through `reasons_key`.
fn decide_keyed(
    prior: Option<&(PriorAlert, u64)>,
    found: Option<&Finding>,
    as_of: NaiveDate,
    last_purchase: Option<NaiveDate>,
) -> Action {
    let Some((p, key)) = prior else {
        return decide(None, found, as_of, last_purchase);
    };
    // The stored reasons stand in as the new ones when their fingerprints
    // agree, so `decide` sees them equal without the text kept in memory.
    let mut p = p.clone();
    if let Some(f) = found {
        if reasons_key(&f.reasons) == *key {
            p.reasons = f.reasons.clone();
        }
    }
    decide(Some(&p), found, as_of, last_purchase)
}

/// Scores rows written with one statement each (SQLite's limit of 32,766
/// parameters over 8 columns).
const SCORE_ROWS: usize = 500;

/// Writes the scores of `rows` with multi-row inserts.
fn insert_scores(tx: &Db<'_>, as_of: &str, rows: &[(i64, Assessed)]) -> Result<()> {
    for chunk in rows.chunks(SCORE_ROWS) {
        let mut sql = String::with_capacity(40 * chunk.len() + 160);
        sql.push_str(
            "INSERT INTO churn_scores(customer_id, as_of, p_alive, expected_90,
                 median_interval, days_since, spend_365, value_at_risk) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            let b = i * 7;
            sql.push_str(&format!(
                "(?{},?1,?{},?{},?{},?{},?{},?{})",
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8
            ));
        }
        let mut args: Vec<Val<'_>> = Vec::with_capacity(1 + 7 * chunk.len());
        args.push(as_of.val());
        for (id, a) in chunk {
            let s = &a.score;
            args.push(Val::Int(*id));
            args.push(s.p_alive.val().into_owned());
            args.push(s.expected_90.val().into_owned());
            args.push(s.median_interval.val().into_owned());
            args.push(s.days_since.val().into_owned());
            args.push(Val::Real(s.spend_365));
            args.push(Val::Real(s.value_at_risk));
        }
        tx.execute(&sql, &args)?;
    }
    Ok(())
}

impl Store {
    /// Writes one part of a refresh in its own transaction: the customers
    /// with ids in `lo..=hi`, whose purchase days `days` holds (in id
    /// order; `assess` says what is found about each). Their scores are
    /// replaced, their alerts raised, merged or marked as `alert::decide`
    /// says, the owner's to-do of each new alert opened, and the open
    /// alerts of live customers in the range with no purchase day any more
    /// marked 「信号已消失」. The `last` part (the one reaching the largest id)
    /// also counts the open alerts, keeps `fit` and records the refresh's
    /// one audit entry. A second refresh on the same day with the same data
    /// writes no alert and no to-do again.
    pub fn churn_refresh_part<'d>(
        &mut self,
        run: &mut RefreshWrite,
        (lo, hi): (i64, i64),
        days: impl Iterator<Item = (i64, &'d [(NaiveDate, f64)])>,
        mut assess: impl FnMut(i64, &[(NaiveDate, f64)]) -> Option<Assessed>,
        last: Option<Option<&FitRecord>>,
    ) -> Result<()> {
        let actor = self.actor().clone();
        let before = run.counts.clone();
        let tx = self.write()?;
        let mut priors = priors(&tx, lo, hi)?;
        tx.execute(
            "DELETE FROM churn_scores WHERE customer_id BETWEEN ?1 AND ?2",
            args![lo, hi],
        )?;
        let as_of = run.as_of;
        let as_of_text = date_text(as_of);
        let mut scored: Vec<(i64, Assessed)> = Vec::new();
        for (id, days) in days {
            // Not assessed (a customer in the recycle bin): not scored.
            let Some(a) = assess(id, days) else {
                continue;
            };
            run.counts.customers += 1;
            let prior = priors.remove(&id);
            let found = a.finding.as_ref();
            if found.is_some() {
                run.counts.found += 1;
            }
            let last = days.last().map(|d| d.0);
            let action = decide_keyed(prior.as_ref(), found.map(|f| &f.0), as_of, last);
            apply(&tx, &action, id, found, run)?;
            scored.push((id, a));
        }
        insert_scores(&tx, &as_of_text, &scored)?;
        // Open alerts of live customers the pass did not reach (no purchase
        // up to the as-of day any more): their signals are gone. In id
        // order, so that a run in parts writes as one run does.
        let mut rest: Vec<_> = priors.into_iter().collect();
        rest.sort_unstable_by_key(|(id, _)| *id);
        for (id, prior) in rest {
            let action = decide_keyed(Some(&prior), None, as_of, None);
            apply(&tx, &action, id, None, run)?;
        }
        if let Some(fit) = last {
            finish(&tx, run, fit)?;
            let c = &run.counts;
            let entry = NewEntry::new(
                "churn.refresh",
                "churn",
                as_of_text.clone(),
                format!(
                    "刷新流失预警（截至 {as_of_text}）：新预警 {}，更新 {}，信号已消失 {}",
                    c.raised, c.updated, c.gone
                ),
            )
            .fact("客户数", c.customers)
            .fact("发现信号", c.found)
            .fact("新增待办", c.todos)
            .fact("未处理预警", c.open);
            audit::record(&tx, &actor, &entry)?;
        } else {
            let c = &run.counts;
            let (raised, updated, gone, todos) = (
                c.raised - before.raised,
                c.updated - before.updated,
                c.gone - before.gone,
                c.todos - before.todos,
            );
            if raised + updated + gone + todos > 0 {
                let entry = NewEntry::new(
                    "churn.refresh_part",
                    "churn",
                    as_of_text.clone(),
                    format!(
                        "刷新流失预警（截至 {as_of_text}）客户 #{lo}–#{hi}：新预警 {raised}，更新 {updated}，信号已消失 {gone}"
                    ),
                )
                .fact("新增待办", todos);
                audit::record(&tx, &actor, &entry)?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// The last part's own rows: the open alerts counted and the fit kept.
/// (Customers in the recycle bin are few and have their own index: leaving
/// them out with `NOT IN` reads no customer row, where a join read 383,297
/// of them, 5 s on a cold file.)
fn finish(tx: &Db<'_>, run: &mut RefreshWrite, fit: Option<&FitRecord>) -> Result<()> {
    let counts = &mut run.counts;
    (counts.open, counts.open_high) = tx.query_row(
        "SELECT count(*), count(*) FILTER (WHERE a.level = 'high') FROM churn_alerts a
         WHERE a.status IN ('new', 'followed') AND a.customer_id NOT IN (SELECT id FROM customers
             WHERE deleted_at IS NOT NULL)",
        args![],
        |r| Ok((r.get::<i64>(0)? as u64, r.get::<i64>(1)? as u64)),
    )?;
    tx.execute(
        "INSERT INTO churn_fits(as_of, r, alpha, a, b, log_likelihood, customers,
             alerts_raised, alerts_updated, computed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        args![
            counts.as_of,
            fit.map(|f| f.r),
            fit.map(|f| f.alpha),
            fit.map(|f| f.a),
            fit.map(|f| f.b),
            fit.map(|f| f.log_likelihood),
            counts.customers as i64,
            counts.raised as i64,
            counts.updated as i64,
            run.now
        ],
    )?;
    Ok(())
}
