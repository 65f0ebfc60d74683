//! Churn early warning as work (流失预警): the refresh, the alert list, one
//! alert with its steps, a customer's alerts and the status steps.
//!
//! The refresh itself, in steps, is in `churn_run.rs`. The as-of day is
//! always a parameter.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_churn::alert::{
    check_move, AlertFilter, AlertLevel, AlertMove, AlertStatus, AlertStep, ChurnAlert, ChurnScore,
    FitRecord,
};
use tierdesk_churn::Rule;
use tierdesk_domain::{Page, TierLabel};
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// An alert as the list shows it: with its customer's tier as the active
/// scheme shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChurnLine {
    #[serde(flatten)]
    pub alert: ChurnAlert,
    /// `None`: no tier, or one the active scheme does not know.
    pub tier_label: Option<TierLabel>,
}

/// One alert with its steps, what may be done next and the customer's scores.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChurnDetail {
    pub line: ChurnLine,
    pub steps: Vec<AlertStep>,
    /// The statuses it may move to now, in button order.
    pub next: Vec<AlertStatus>,
    pub score: Option<ChurnScore>,
}

/// A customer's alerts (newest first), the open one, and their scores.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerChurn {
    pub open: Option<ChurnLine>,
    pub alerts: Vec<ChurnLine>,
    pub score: Option<ChurnScore>,
}

/// Open alerts (新 and 已跟进) of live customers, and of them 高.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpenAlerts {
    #[ts(type = "number")]
    pub open: u64,
    #[ts(type = "number")]
    pub high: u64,
}

/// The choices of the list's filters with their Chinese labels.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChurnChoices {
    pub levels: Vec<(AlertLevel, String)>,
    pub statuses: Vec<(AlertStatus, String)>,
    /// Rule keys with their labels.
    pub rules: Vec<(String, String)>,
    pub owners: Vec<String>,
    pub tiers: Vec<TierLabel>,
    /// The last refresh's as-of day and time, if any refresh ran.
    pub last_refresh: Option<FitRecord>,
}

impl Api {
    /// Alerts matching `f`, by value at risk (highest first).
    pub fn churn_list(&self, f: &AlertFilter) -> Result<Page<ChurnLine>> {
        self.allow(crate::domain::Perm::View)?;
        if let Some(rule) = f.rule.as_deref().filter(|r| !r.trim().is_empty()) {
            if Rule::parse(rule).is_none() {
                return Err(ApiError::invalid(format!(
                    "没有「{rule}」这条预警规则，可选：{}。",
                    rule_names()
                )));
            }
        }
        let mut f = f.clone();
        f.rule = f
            .rule
            .as_deref()
            .and_then(Rule::parse)
            .map(|r| r.key().into());
        let page = self.store.churn_list(&f)?;
        let labels = self.tier_labels()?;
        Ok(Page {
            total: page.total,
            items: page.items.into_iter().map(|a| line(a, &labels)).collect(),
        })
    }

    /// One alert with its steps, next statuses and the customer's scores.
    pub fn churn_get(&self, id: i64) -> Result<ChurnDetail> {
        self.allow(crate::domain::Perm::View)?;
        let alert = self.alert_by_id(id)?;
        let labels = self.tier_labels()?;
        Ok(ChurnDetail {
            next: alert.status.next().to_vec(),
            steps: self.store.churn_alert_steps(id)?,
            score: self.store.churn_score(alert.customer_id)?,
            line: line(alert, &labels),
        })
    }

    /// A customer's alerts, the open one first in `open`, and their scores.
    pub fn churn_for_customer(&self, customer_id: i64) -> Result<CustomerChurn> {
        self.allow(crate::domain::Perm::View)?;
        self.store.customer(customer_id)?;
        let labels = self.tier_labels()?;
        let alerts: Vec<ChurnLine> = self
            .store
            .churn_alerts_of(customer_id)?
            .into_iter()
            .map(|a| line(a, &labels))
            .collect();
        Ok(CustomerChurn {
            open: alerts.iter().find(|l| l.alert.status.is_open()).cloned(),
            alerts,
            score: self.store.churn_score(customer_id)?,
        })
    }

    /// Moves an alert (新 → 已跟进 → 已挽回 / 已流失 / 忽略) with a note;
    /// closing it or following it up closes its to-do.
    pub fn churn_set_status(&mut self, id: i64, m: &AlertMove) -> Result<ChurnDetail> {
        self.allow_record(crate::users::Owned::ChurnAlert, id)?;
        let a = self.alert_by_id(id)?;
        check_move(a.status, m).map_err(ApiError::invalid)?;
        if self.store.churn_step(id, a.status, m)?.is_none() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "流失预警 {id} 刚被另一个窗口或程序改过，这次没有保存。请重新打开它再操作。"
                ),
            ));
        }
        self.churn_get(id)
    }

    /// The filters' choices, and when the last refresh ran.
    pub fn churn_choices(&self) -> Result<ChurnChoices> {
        self.allow(crate::domain::Perm::View)?;
        Ok(ChurnChoices {
            levels: AlertLevel::ALL
                .iter()
                .map(|l| (*l, l.label().to_owned()))
                .collect(),
            statuses: AlertStatus::ALL
                .iter()
                .map(|s| (*s, s.label().to_owned()))
                .collect(),
            rules: Rule::ALL
                .iter()
                .map(|r| (r.key().to_owned(), r.label().to_owned()))
                .collect(),
            owners: self.store.churn_owners()?,
            tiers: self.tier_labels()?,
            last_refresh: self.store.churn_last_fit()?,
        })
    }

    /// Whether the daily refresh is still to run for `today`: no refresh
    /// has run with that as-of day.
    pub fn churn_due(&self, today: NaiveDate) -> Result<bool> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self
            .store
            .churn_last_fit()?
            .is_none_or(|f| f.as_of != today.to_string()))
    }

    /// Open alerts of live customers, and of them 高 (the report's counts).
    pub fn churn_open_counts(&self) -> Result<(u64, u64)> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.churn_open_counts()?)
    }

    /// The same for the overview (概览).
    pub fn churn_open_alerts(&self) -> Result<OpenAlerts> {
        self.allow(crate::domain::Perm::View)?;
        let (open, high) = self.churn_open_counts()?;
        Ok(OpenAlerts { open, high })
    }

    fn alert_by_id(&self, id: i64) -> Result<ChurnAlert> {
        self.store.churn_alert(id)?.ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, format!("没有编号为 {id} 的流失预警。"))
        })
    }

    /// A customer's alerts for their copy (个人信息副本), oldest first.
    pub(crate) fn churn_section(&self, customer_id: i64) -> Result<crate::PersonSection> {
        let mut rows = Vec::new();
        let mut alerts = self.store.churn_alerts_of(customer_id)?;
        alerts.reverse();
        for a in alerts {
            let steps = self
                .store
                .churn_alert_steps(a.id)?
                .into_iter()
                .filter(|s| !s.note.is_empty())
                .map(|s| format!("{} {}：{}", s.at, s.to_status.label(), s.note))
                .collect::<Vec<_>>()
                .join("\n");
            rows.push(vec![
                a.id.to_string(),
                a.raised_at,
                a.level.label().to_owned(),
                a.reasons
                    .iter()
                    .map(|r| r.reason.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
                a.status.label().to_owned(),
                a.owner,
                a.note,
                steps,
                a.closed_at.unwrap_or_default(),
            ]);
        }
        let headers = [
            "编号",
            "预警时间",
            "等级",
            "原因",
            "状态",
            "负责人",
            "说明",
            "处理记录",
            "关闭时间",
        ];
        Ok(crate::PersonSection {
            title: "流失预警".into(),
            headers: headers.map(String::from).to_vec(),
            rows,
        })
    }
}

fn line(alert: ChurnAlert, labels: &[TierLabel]) -> ChurnLine {
    let tier_label = alert
        .tier
        .as_deref()
        .and_then(|t| labels.iter().find(|l| l.key == t))
        .cloned();
    ChurnLine { alert, tier_label }
}

/// The rules' names for a refusal: 购买节奏（rhythm）、…
fn rule_names() -> String {
    Rule::ALL
        .iter()
        .map(|r| format!("{}（{}）", r.label(), r.key()))
        .collect::<Vec<_>>()
        .join("、")
}
