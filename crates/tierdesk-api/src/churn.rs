//! Churn early warning as work (流失预警): the refresh, the alert list, one
//! alert with its steps, a customer's alerts and the status steps.
//!
//! A refresh reads every customer's purchase days once, in one ordered pass
//! (`Store::purchase_days`), fits the MBG/NBD model on all customers'
//! histories (when the model rule is on), then assesses each customer with the active
//! scheme's churn settings (`Signaller`) and the model's P(alive), while
//! the store writes the scores and the alerts in the same transaction
//! (`Store::churn_refresh`). The as-of day is always a parameter.

use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use tierdesk_churn::alert::{
    check_move, AlertFilter, AlertLevel, AlertMove, AlertStatus, AlertStep, ChurnAlert, ChurnScore,
    FitRecord, RefreshCounts, ScoreFigures,
};
use tierdesk_churn::history::{History, HistoryCounts};
use tierdesk_churn::model::{fit, MbgParams};
use tierdesk_churn::{CustomerFacts, LowAnswer, Rule, ServiceFacts, Signaller};
use tierdesk_domain::{manager_or, Page, TierLabel};
use tierdesk_store::Assessed;
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

/// The fewest customers with a purchase the model is fitted on.
pub const MODEL_MIN_CUSTOMERS: u64 = 100;

/// The most customers the model is fitted on: beyond this a systematic
/// sample (every k-th customer by id) is as good an estimate of four
/// parameters, and a fit over a million customers' distinct histories took
/// a minute (P(alive) is still computed for every customer).
pub const MODEL_SAMPLE: usize = 50_000;

/// The model as a refresh uses it: fitted once on every customer's history.
struct Model(MbgParams);

impl Model {
    /// Fits the model on the distinct histories; `None` (the reason said on
    /// stderr) when there is nothing to fit or the fit fails: the refresh
    /// then goes on without P(alive), as when the model rule is off.
    fn fit(counts: HistoryCounts, as_of: NaiveDate) -> Option<(Model, FitRecord)> {
        let customers = counts.customers();
        // On a handful of customers the likelihood is flat and the fit
        // lands anywhere (a regular buyer of two came out at P(alive) 0%):
        // below this many the model rule waits for more data.
        if customers < MODEL_MIN_CUSTOMERS {
            return None;
        }
        match fit(&counts.into_rows()) {
            Ok(f) => {
                let record = FitRecord {
                    as_of: as_of.to_string(),
                    r: f.params.r,
                    alpha: f.params.alpha,
                    a: f.params.a,
                    b: f.params.b,
                    log_likelihood: f.log_likelihood,
                    customers,
                    computed_at: String::new(),
                };
                Some((Model(f.params), record))
            }
            Err(e) => {
                eprintln!("流失模型没有拟合：{e}");
                None
            }
        }
    }

    fn p_alive(&self, h: &History) -> f64 {
        self.0.p_alive(h)
    }

    fn expected_90(&self, h: &History) -> f64 {
        self.0.expected_purchases(90.0, h)
    }
}

impl Api {
    /// Refreshes the churn alerts as of `as_of` with the active scheme's
    /// churn settings: scores replaced, alerts raised or merged into the
    /// open ones, their owners' to-dos opened. Refreshing twice with the
    /// same data changes nothing the second time.
    // Over 100 lines: the refresh's phases in order (facts, read, fit,
    // assessment), each timed under TIERDESK_CHURN_TIMING.
    pub fn churn_refresh(&mut self, as_of: NaiveDate) -> Result<RefreshCounts> {
        let t0 = std::time::Instant::now();
        let lap = |what: &str| {
            if std::env::var_os("TIERDESK_CHURN_TIMING").is_some() {
                eprintln!("  {what}: {:.3} s", t0.elapsed().as_secs_f64());
            }
        };
        let scheme = self.active_scheme()?;
        let mut signaller = Signaller::new(&scheme);
        let rules = signaller.rules();
        let people = self.store.churn_people()?;
        // Complaints overdue by the end of the as-of day; answers within
        // the scheme's survey window.
        let end = as_of.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
        let since = as_of
            .checked_sub_days(Days::new(u64::from(rules.survey_days)))
            .unwrap_or(NaiveDate::MIN);
        let service = self.store.churn_service_facts(end, since)?;
        lap("people and service facts");
        let purchases = self.store.purchase_days(as_of)?;
        lap("purchase days read");
        let model = if rules.model {
            let mut counts = HistoryCounts::new();
            // Every k-th customer: at most MODEL_SAMPLE histories.
            let every = purchases.customers().div_ceil(MODEL_SAMPLE).max(1);
            for (id, days) in purchases.iter().step_by(every) {
                if people.find(id).is_some() {
                    if let Some(h) = History::from_days(days.iter().map(|d| d.0), as_of) {
                        counts.add(h);
                    }
                }
            }
            Model::fit(counts, as_of)
        } else {
            None
        };
        lap("model fit");
        let who = self.actor().user;
        let downgrade = |id: i64| -> Option<(&str, &str)> {
            let (from, to) = service.last_move.get(&id)?;
            let (from, to) = (from.as_deref()?, to.as_deref()?);
            // A downgrade is a move to a tier placed lower in the scheme.
            (scheme.rank(to)? > scheme.rank(from)?).then_some((from, to))
        };
        // Each tier's P(alive) threshold, by the tier's number in `people`.
        let p_alive_below: Vec<f64> = people
            .tiers
            .iter()
            .map(|t| scheme.churn(t.as_deref().unwrap_or_default()).p_alive_below)
            .collect();
        let counts = self.store.churn_refresh(
            as_of,
            model.as_ref().map(|m| &m.1),
            &purchases,
            |id, days| {
                let i = people.find(id)?;
                let history = History::from_days(days.iter().map(|d| d.0), as_of)?;
                let (p_alive, expected_90) = match &model {
                    Some((m, _)) => {
                        let p = m.p_alive(&history);
                        // The expected purchases cost a hypergeometric
                        // series each (most of a million-customer refresh);
                        // they are only shown in the model rule's reason,
                        // so only the customers under the threshold get them.
                        let below = p < p_alive_below[people.tier[i] as usize];
                        (Some(p), below.then(|| m.expected_90(&history)))
                    }
                    None => (None, None),
                };
                let facts = CustomerFacts {
                    tier: people.tier_of(i),
                    days,
                    p_alive,
                    expected_90,
                    service: ServiceFacts {
                        overdue_cases: service.overdue_cases.get(&id).copied().unwrap_or(0),
                        low_answer: service.unhappy_answer.get(&id).map(|a| LowAnswer {
                            on: a.0,
                            nps: a.1,
                            csat: a.2,
                        }),
                        last_contact: people.last_contact[i],
                        downgrade: downgrade(id),
                    },
                };
                let a = signaller.assess(as_of, &facts);
                let s = &a.scores;
                let finding = a
                    .finding()
                    .map(|f| (f, manager_or(people.manager_of(i), &who)));
                Some(Assessed {
                    score: ScoreFigures {
                        p_alive,
                        expected_90,
                        median_interval: s.median_interval,
                        days_since: s.days_since_last.map(i64::from),
                        spend_365: s.spend_365,
                        value_at_risk: s.value_at_risk,
                    },
                    finding,
                })
            },
        )?;
        lap("assess and write");
        Ok(counts)
    }

    /// Alerts matching `f`, by value at risk (highest first).
    pub fn churn_list(&self, f: &AlertFilter) -> Result<Page<ChurnLine>> {
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
        Ok(self
            .store
            .churn_last_fit()?
            .is_none_or(|f| f.as_of != today.to_string()))
    }

    /// Open alerts of live customers, and of them 高 (the report's counts).
    pub fn churn_open_counts(&self) -> Result<(u64, u64)> {
        Ok(self.store.churn_open_counts()?)
    }

    /// The same for the overview (概览).
    pub fn churn_open_alerts(&self) -> Result<OpenAlerts> {
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
