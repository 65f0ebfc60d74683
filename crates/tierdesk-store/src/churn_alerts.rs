//! Churn alerts as work: the status steps, the lists and the customer's
//! alerts (the refresh that raises and merges them is `churn_refresh.rs`).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use tierdesk_churn::alert::{
    AlertFilter, AlertLevel, AlertMove, AlertStatus, AlertStep, ChurnAlert, ChurnScore, Finding,
    FitRecord, Reason, ScoreFigures,
};
use tierdesk_domain::audit::{customer_ref, NewEntry};
use tierdesk_domain::Page;

use crate::db::{AsDb, Db, Dialect, OptionalExt, Row, Val};
use crate::todos::close_todos_for_in;
use crate::{args, audit, now_text, Result, Store, StoreError};

/// The source of an alert's to-do (`todos.source_kind`).
pub const TODO_SOURCE: &str = "churn";

/// Who raises alerts in their status steps: the refresh, not a person.
pub const REFRESH_WHO: &str = "流失预警刷新";

/// What the refresh's pipeline says about one customer: the scores, and the
/// finding with the owner its to-do falls to when there are signals.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub score: ScoreFigures,
    pub finding: Option<(Finding, String)>,
}

/// Every read of alerts names the alert `a` and the customer `c`.
const COLUMNS: &str = "a.id, a.customer_id, c.code, c.name, c.tier, a.level, a.reasons,
    a.raised_at, a.updated_at, a.raised_on, a.owner, a.status, a.note, a.value_at_risk,
    a.closed_at, a.signals_gone_on";

pub(crate) fn bad(i: usize, what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("unknown {what} {text:?}").into(),
    )
}

pub(crate) fn reasons_from(i: usize, text: &str) -> rusqlite::Result<Vec<Reason>> {
    serde_json::from_str(text).map_err(|_| bad(i, "reasons", text))
}

fn from_row(r: &Row<'_>) -> Result<ChurnAlert> {
    let level: String = r.get(5)?;
    let status: String = r.get(11)?;
    let reasons: String = r.get(6)?;
    Ok(ChurnAlert {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_code: r.get(2)?,
        customer_name: r.get(3)?,
        tier: r.get(4)?,
        level: AlertLevel::parse(&level).ok_or_else(|| bad(5, "level", &level))?,
        reasons: reasons_from(6, &reasons)?,
        raised_at: r.get(7)?,
        updated_at: r.get(8)?,
        raised_on: r.get(9)?,
        owner: r.get(10)?,
        status: AlertStatus::parse(&status).ok_or_else(|| bad(11, "status", &status))?,
        note: r.get(12)?,
        value_at_risk: r.get(13)?,
        closed_at: r.get(14)?,
        signals_gone_on: r.get(15)?,
    })
}

/// A fingerprint of reasons, to tell a refresh's reasons from the stored
/// ones without keeping every open alert's text in memory.
pub(crate) fn reasons_key(reasons: &[Reason]) -> u64 {
    let mut h = DefaultHasher::new();
    for r in reasons {
        r.rule.hash(&mut h);
        r.reason.hash(&mut h);
    }
    h.finish()
}

pub(crate) fn insert_step(
    db: &Db<'_>,
    alert_id: i64,
    from: Option<AlertStatus>,
    to: AlertStatus,
    note: &str,
    who: &str,
    at: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO churn_alert_steps(alert_id, from_status, to_status, note, who, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            alert_id,
            from.map(AlertStatus::key),
            to.key(),
            note,
            who,
            at
        ],
    )?;
    Ok(())
}

impl Store {
    /// Moves an alert from `from` as `m` asks (the caller has checked the
    /// step with `alert::check_move`): its status and note, a step row, its
    /// to-do closed when the alert is followed up or closed, and the audit
    /// entry, in one transaction. `None` when there is no such alert or
    /// its status is no longer `from`: nothing is written then.
    pub fn churn_step(
        &mut self,
        id: i64,
        from: AlertStatus,
        m: &AlertMove,
    ) -> Result<Option<ChurnAlert>> {
        let who = self.actor().user.clone();
        let actor = self.actor().clone();
        let tx = self.write()?;
        let Some(before) = alert_in(&tx, id)? else {
            return Ok(None);
        };
        if before.status != from {
            return Ok(None);
        }
        let now = now_text();
        let note = m.note.trim();
        tx.execute(
            "UPDATE churn_alerts SET status = ?2, note = ?3, updated_at = ?4,
                 closed_at = CASE WHEN ?2 IN ('new', 'followed') THEN NULL ELSE ?4 END
             WHERE id = ?1",
            args![id, m.to.key(), note, now],
        )?;
        insert_step(&tx, id, Some(from), m.to, note, &who, &now)?;
        // Followed up: the call the to-do asked for is made. Closed: nothing
        // is left to do either way.
        close_todos_for_in(&tx, TODO_SOURCE, id, &who)?;
        let after = alert_in(&tx, id)?
            .ok_or_else(|| StoreError::Corrupt(format!("流失预警 {id} 不见了")))?;
        let entry = NewEntry::new(
            "churn.step",
            "churn_alert",
            id.to_string(),
            format!(
                "流失预警 {id}（客户 {}）：{} → {}",
                customer_ref(after.customer_id),
                from.label(),
                m.to.label()
            ),
        )
        .customer(after.customer_id)
        .fact("说明", note);
        audit::record(&tx, &actor, &entry)?;
        tx.commit()?;
        Ok(Some(after))
    }

    /// An alert by id.
    pub fn churn_alert(&self, id: i64) -> Result<Option<ChurnAlert>> {
        alert_in(&self.db(), id)
    }

    /// An alert's steps in the order they were taken.
    pub fn churn_alert_steps(&self, alert_id: i64) -> Result<Vec<AlertStep>> {
        self.db().query_map(
            "SELECT id, alert_id, from_status, to_status, note, who, at
             FROM churn_alert_steps WHERE alert_id = ?1 ORDER BY id",
            args![alert_id],
            |r| {
                let from: Option<String> = r.get(2)?;
                let to: String = r.get(3)?;
                Ok(AlertStep {
                    id: r.get(0)?,
                    alert_id: r.get(1)?,
                    from_status: from.as_deref().and_then(AlertStatus::parse),
                    to_status: AlertStatus::parse(&to).ok_or_else(|| bad(3, "status", &to))?,
                    note: r.get(4)?,
                    who: r.get(5)?,
                    at: r.get(6)?,
                })
            },
        )
    }

    /// A customer's alerts, newest first.
    pub fn churn_alerts_of(&self, customer_id: i64) -> Result<Vec<ChurnAlert>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM churn_alerts a JOIN customers c ON c.id = a.customer_id
             WHERE a.customer_id = ?1 ORDER BY a.id DESC"
        );
        self.db().query_map(&sql, args![customer_id], from_row)
    }

    /// Alerts of live customers matching `f`, by value at risk (highest
    /// first), with how many match in all.
    pub fn churn_list(&self, f: &AlertFilter) -> Result<Page<ChurnAlert>> {
        let db = self.db();
        let mut args: Vec<Val<'static>> = Vec::new();
        let mut clause = vec!["c.deleted_at IS NULL".to_owned()];
        if f.status.is_none() && !f.include_closed {
            clause.push("a.status IN ('new', 'followed')".into());
        }
        let mut bind = |cond: &str, v: Val<'static>| {
            args.push(v);
            clause.push(cond.replace('?', &format!("?{}", args.len())));
        };
        if let Some(s) = f.status {
            bind("a.status = ?", Val::Text(s.key().into()));
        }
        if let Some(t) = f.tier.as_deref().filter(|t| !t.trim().is_empty()) {
            bind("c.tier = ?", Val::Text(t.trim().to_owned().into()));
        }
        if let Some(l) = f.level {
            bind("a.level = ?", Val::Text(l.key().into()));
        }
        if let Some(o) = f.owner.as_deref().filter(|o| !o.trim().is_empty()) {
            bind("a.owner = ?", Val::Text(o.trim().to_owned().into()));
        }
        if let Some(rule) = f.rule.as_deref().filter(|r| !r.trim().is_empty()) {
            let cond = match db.dialect() {
                Dialect::Sqlite => {
                    "EXISTS (SELECT 1 FROM json_each(a.reasons) j
                             WHERE json_extract(j.value, '$.rule') = ?)"
                }
                // The reasons are JSON kept as text, as on SQLite.
                Dialect::Postgres => {
                    "EXISTS (SELECT 1 FROM json_array_elements(a.reasons::json) j
                             WHERE j ->> 'rule' = ?)"
                }
            };
            bind(cond, Val::Text(rule.trim().to_owned().into()));
        }
        let filter = clause.join(" AND ");
        let from = "FROM churn_alerts a JOIN customers c ON c.id = a.customer_id";
        let total: i64 = db.query_row(
            &format!("SELECT count(*) {from} WHERE {filter}"),
            &args,
            |r| r.get(0),
        )?;
        args.push(Val::Int(i64::from(f.limit.unwrap_or(200).min(5000))));
        args.push(Val::Int(i64::from(f.offset.unwrap_or(0))));
        let sql = format!(
            "SELECT {COLUMNS} {from} WHERE {filter}
             ORDER BY a.value_at_risk DESC, a.id LIMIT ?{} OFFSET ?{}",
            args.len() - 1,
            args.len()
        );
        Ok(Page {
            items: db.query_map(&sql, &args, from_row)?,
            total: total as u64,
        })
    }

    /// The 客户经理 named on alerts, for the list's filter.
    pub fn churn_owners(&self) -> Result<Vec<String>> {
        self.db().query_map(
            "SELECT DISTINCT owner FROM churn_alerts WHERE owner <> '' ORDER BY owner",
            args![],
            |r| r.get(0),
        )
    }

    /// A customer's scores from the latest refresh.
    pub fn churn_score(&self, customer_id: i64) -> Result<Option<ChurnScore>> {
        self.db()
            .query_row(
                "SELECT customer_id, as_of, p_alive, expected_90, median_interval, days_since,
                        spend_365, value_at_risk
                 FROM churn_scores WHERE customer_id = ?1",
                args![customer_id],
                |r| {
                    Ok(ChurnScore {
                        customer_id: r.get(0)?,
                        as_of: r.get(1)?,
                        figures: ScoreFigures {
                            p_alive: r.get(2)?,
                            expected_90: r.get(3)?,
                            median_interval: r.get(4)?,
                            days_since: r.get(5)?,
                            spend_365: r.get(6)?,
                            value_at_risk: r.get(7)?,
                        },
                    })
                },
            )
            .optional()
    }

    /// The latest refresh's fit, if any refresh ran.
    pub fn churn_last_fit(&self) -> Result<Option<FitRecord>> {
        self.db()
            .query_row(
                "SELECT as_of, r, alpha, a, b, log_likelihood, customers, computed_at
                 FROM churn_fits ORDER BY id DESC LIMIT 1",
                args![],
                |r| {
                    Ok(FitRecord {
                        as_of: r.get(0)?,
                        r: r.get::<Option<f64>>(1)?.unwrap_or(f64::NAN),
                        alpha: r.get::<Option<f64>>(2)?.unwrap_or(f64::NAN),
                        a: r.get::<Option<f64>>(3)?.unwrap_or(f64::NAN),
                        b: r.get::<Option<f64>>(4)?.unwrap_or(f64::NAN),
                        log_likelihood: r.get::<Option<f64>>(5)?.unwrap_or(f64::NAN),
                        customers: r.get::<i64>(6)? as u64,
                        computed_at: r.get(7)?,
                    })
                },
            )
            .optional()
    }

    /// Open alerts of live customers, and of them 高 (the overview's card).
    pub fn churn_open_counts(&self) -> Result<(u64, u64)> {
        self.db().query_row(
            // Not a join: the few binned customers' index, no customer row read.
            "SELECT count(*), count(*) FILTER (WHERE a.level = 'high') FROM churn_alerts a
             WHERE a.status IN ('new', 'followed') AND a.customer_id NOT IN (SELECT id
                 FROM customers WHERE deleted_at IS NOT NULL)",
            args![],
            |r| Ok((r.get::<i64>(0)? as u64, r.get::<i64>(1)? as u64)),
        )
    }
}

fn alert_in(db: &Db<'_>, id: i64) -> Result<Option<ChurnAlert>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM churn_alerts a JOIN customers c ON c.id = a.customer_id
         WHERE a.id = ?1"
    );
    db.query_row(&sql, args![id], from_row).optional()
}

/// Wipes the notes of a customer's alerts and their steps inside an erase's
/// transaction (the reasons are the program's words about purchases, kept
/// as the statistics are). Returns how many alerts.
pub(crate) fn erase_churn_in(conn: &impl AsDb, customer_id: i64) -> Result<usize> {
    let db = conn.as_db();
    db.execute(
        "UPDATE churn_alert_steps SET note = ''
         WHERE alert_id IN (SELECT id FROM churn_alerts WHERE customer_id = ?1)",
        args![customer_id],
    )?;
    let alerts = db.execute(
        "UPDATE churn_alerts SET note = '' WHERE customer_id = ?1",
        args![customer_id],
    )?;
    Ok(alerts as usize)
}
