//! Churn alerts as work (流失预警): the level and status words, the steps an
//! alert may take, and what a refresh does with a customer's new signals
//! when an alert is already open or was closed lately.
//!
//! An alert is open while it is 新 or 已跟进; at most one alert per customer
//! is open at a time. A refresh that finds signals for a customer with an
//! open alert merges them into it (reasons and level replaced by today's);
//! a customer whose signals are all gone keeps the open alert, marked
//! 「信号已消失」, until a person closes it.
//!
//! (Over 600 lines: a third are the tables of refresh decisions and status steps.)

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How urgent an alert is (高/中/低). Ordered: `Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum AlertLevel {
    Low,
    Medium,
    High,
}

impl AlertLevel {
    pub const ALL: [AlertLevel; 3] = [AlertLevel::High, AlertLevel::Medium, AlertLevel::Low];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            AlertLevel::Low => "low",
            AlertLevel::Medium => "medium",
            AlertLevel::High => "high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AlertLevel::Low => "低",
            AlertLevel::Medium => "中",
            AlertLevel::High => "高",
        }
    }

    /// The stored word or the Chinese label.
    pub fn parse(text: &str) -> Option<AlertLevel> {
        let t = text.trim();
        AlertLevel::ALL
            .into_iter()
            .find(|l| l.key().eq_ignore_ascii_case(t) || l.label() == t)
    }

    /// Days from the refresh to the due date of the owner's to-do: a 高
    /// alert is for today, a 中 one within three days, a 低 one within a week.
    pub fn todo_days(self) -> u64 {
        match self {
            AlertLevel::High => 0,
            AlertLevel::Medium => 3,
            AlertLevel::Low => 7,
        }
    }
}

/// Where an alert stands: 新 → 已跟进 → 已挽回 / 已流失 / 忽略.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum AlertStatus {
    New,
    Followed,
    Recovered,
    Churned,
    Ignored,
}

impl AlertStatus {
    pub const ALL: [AlertStatus; 5] = [
        AlertStatus::New,
        AlertStatus::Followed,
        AlertStatus::Recovered,
        AlertStatus::Churned,
        AlertStatus::Ignored,
    ];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            AlertStatus::New => "new",
            AlertStatus::Followed => "followed",
            AlertStatus::Recovered => "recovered",
            AlertStatus::Churned => "churned",
            AlertStatus::Ignored => "ignored",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AlertStatus::New => "新",
            AlertStatus::Followed => "已跟进",
            AlertStatus::Recovered => "已挽回",
            AlertStatus::Churned => "已流失",
            AlertStatus::Ignored => "忽略",
        }
    }

    /// The stored word or the Chinese label (新预警 and 已忽略 too).
    pub fn parse(text: &str) -> Option<AlertStatus> {
        let t = text.trim();
        AlertStatus::ALL
            .into_iter()
            .find(|s| s.key().eq_ignore_ascii_case(t) || s.label() == t)
            .or(match t {
                "新预警" | "新建" => Some(AlertStatus::New),
                "已忽略" => Some(AlertStatus::Ignored),
                _ => None,
            })
    }

    /// Still work to do: 新 or 已跟进.
    pub fn is_open(self) -> bool {
        matches!(self, AlertStatus::New | AlertStatus::Followed)
    }

    /// The statuses an alert may move to from this one, in the order the
    /// buttons are shown. 忽略 straight from 新 is for a false alarm; a
    /// customer followed up is either won back, lost, or the alert was
    /// not worth it after all.
    pub fn next(self) -> &'static [AlertStatus] {
        use AlertStatus::*;
        match self {
            New => &[Followed, Ignored],
            Followed => &[Recovered, Churned, Ignored],
            Recovered | Churned | Ignored => &[],
        }
    }
}

/// Whether an alert at `from` may move as `m` asks; the refusal says why in
/// Chinese. Closing an alert (已挽回/已流失/忽略) needs a note saying why.
pub fn check_move(from: AlertStatus, m: &AlertMove) -> Result<(), String> {
    let allowed = from.next();
    if !allowed.contains(&m.to) {
        if allowed.is_empty() {
            return Err(format!(
                "预警已经「{}」，不能再改为「{}」。",
                from.label(),
                m.to.label()
            ));
        }
        let names: Vec<&str> = allowed.iter().map(|s| s.label()).collect();
        return Err(format!(
            "「{}」的预警不能改为「{}」，只能改为：{}。",
            from.label(),
            m.to.label(),
            names.join("、")
        ));
    }
    if !m.to.is_open() && m.note.trim().is_empty() {
        return Err(format!(
            "把预警改为「{}」需要填写说明（例如客户怎么说、做了什么）。",
            m.to.label()
        ));
    }
    if m.note.chars().count() > NOTE_LIMIT {
        return Err(format!(
            "说明最多 {NOTE_LIMIT} 个字，收到 {} 个。",
            m.note.chars().count()
        ));
    }
    Ok(())
}

/// The longest note a status step keeps.
pub const NOTE_LIMIT: usize = 2000;

/// One step a person asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AlertMove {
    pub to: AlertStatus,
    /// What was done or why; required to close an alert.
    #[serde(default)]
    pub note: String,
}

/// One reason of an alert: the rule that raised it (`rhythm`, `model`,
/// `decline`, `service` …) and the sentence a person reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reason {
    pub rule: String,
    pub reason: String,
}

/// What a refresh found for one customer: the level, the reasons and the
/// value at risk (the last 365 days' spend × (1 − P(alive))).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub level: AlertLevel,
    pub reasons: Vec<Reason>,
    pub value_at_risk: f64,
}

/// A customer's latest alert as a refresh sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorAlert {
    pub id: i64,
    pub status: AlertStatus,
    pub level: AlertLevel,
    pub reasons: Vec<Reason>,
    pub value_at_risk: f64,
    /// The as-of day of the refresh that found the signals gone, if they are.
    pub signals_gone_on: Option<chrono::NaiveDate>,
    /// When a closed alert was closed.
    pub closed_on: Option<chrono::NaiveDate>,
}

/// Days after an alert was closed as 已挽回 or 忽略 during which the same
/// signals raise no new alert (a person has just judged them); a higher
/// level than the closed alert's raises one at once.
pub const QUIET_DAYS: i64 = 30;

/// What a refresh writes for one customer.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Nothing changes.
    Keep,
    /// A new alert (with the owner's to-do).
    Raise,
    /// The open alert `id` gets today's reasons, level and value.
    Update { id: i64, level: AlertLevel },
    /// The open alert `id`'s signals are gone: it stays open, marked.
    Gone { id: i64 },
}

/// What a refresh on `as_of` does for a customer whose latest alert is
/// `prior` and whose signals are `found` (`None`: no signal).
/// `last_purchase` is the customer's last purchase day, which ends the
/// silence after an alert closed as 已流失 (the customer came back).
pub fn decide(
    prior: Option<&PriorAlert>,
    found: Option<&Finding>,
    as_of: chrono::NaiveDate,
    last_purchase: Option<chrono::NaiveDate>,
) -> Action {
    match (prior, found) {
        (Some(p), Some(f)) if p.status.is_open() => {
            // The level follows today's signals, down as well as up: an old
            // lapse that is mending should not stay 高.
            let level = f.level;
            let same = level == p.level
                && p.reasons == f.reasons
                && p.value_at_risk == f.value_at_risk
                && p.signals_gone_on.is_none();
            if same {
                Action::Keep
            } else {
                Action::Update { id: p.id, level }
            }
        }
        (Some(p), None) if p.status.is_open() && p.signals_gone_on.is_none() => {
            Action::Gone { id: p.id }
        }
        (_, None) => Action::Keep,
        (None, Some(_)) => Action::Raise,
        (Some(p), Some(f)) => {
            let closed = p.closed_on.unwrap_or(as_of);
            let quiet = match p.status {
                // Lost: silent until the customer buys again after closing.
                AlertStatus::Churned => last_purchase.is_none_or(|d| d <= closed),
                _ => (as_of - closed).num_days() < QUIET_DAYS && f.level <= p.level,
            };
            if quiet {
                Action::Keep
            } else {
                Action::Raise
            }
        }
    }
}

/// A stored alert as lists and the drawer show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChurnAlert {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_code: Option<String>,
    pub customer_name: String,
    /// The customer's tier key now.
    pub tier: Option<String>,
    pub level: AlertLevel,
    pub reasons: Vec<Reason>,
    /// When the alert was raised and last changed (`YYYY-MM-DD HH:MM:SS`).
    pub raised_at: String,
    pub updated_at: String,
    /// The as-of day of the refresh that raised it.
    pub raised_on: String,
    pub owner: String,
    pub status: AlertStatus,
    /// The note of the latest step.
    pub note: String,
    pub value_at_risk: f64,
    pub closed_at: Option<String>,
    /// The as-of day of the refresh that found no signal any more
    /// (「信号已消失」); `None` while the signals last.
    pub signals_gone_on: Option<String>,
}

/// One status step of an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AlertStep {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub alert_id: i64,
    pub from_status: Option<AlertStatus>,
    pub to_status: AlertStatus,
    pub note: String,
    pub who: String,
    pub at: String,
}

/// What the 流失预警 list asks for; sorted by value at risk, highest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct AlertFilter {
    /// Tier key.
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub level: Option<AlertLevel>,
    #[serde(default)]
    pub owner: Option<String>,
    /// A reason's rule (`rhythm`, `model` …).
    #[serde(default)]
    pub rule: Option<String>,
    /// `None`: the open ones (新 and 已跟进).
    #[serde(default)]
    pub status: Option<AlertStatus>,
    /// Closed ones too (when no status is asked for).
    #[serde(default)]
    pub include_closed: bool,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub offset: Option<u32>,
}

/// A customer's scores as a refresh computes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScoreFigures {
    pub p_alive: Option<f64>,
    pub expected_90: Option<f64>,
    pub median_interval: Option<f64>,
    pub days_since: Option<i64>,
    pub spend_365: f64,
    pub value_at_risk: f64,
}

/// A customer's scores from the latest refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChurnScore {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub as_of: String,
    #[serde(flatten)]
    pub figures: ScoreFigures,
}

/// The last refresh's model fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FitRecord {
    pub as_of: String,
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    pub log_likelihood: f64,
    #[ts(type = "number")]
    pub customers: u64,
    pub computed_at: String,
}

/// What a refresh did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct RefreshCounts {
    pub as_of: String,
    /// Customers with a purchase up to the as-of day (scored).
    #[ts(type = "number")]
    pub customers: u64,
    /// Customers the signals found.
    #[ts(type = "number")]
    pub found: u64,
    #[ts(type = "number")]
    pub raised: u64,
    #[ts(type = "number")]
    pub updated: u64,
    /// Open alerts whose signals are gone (marked, left open).
    #[ts(type = "number")]
    pub gone: u64,
    #[ts(type = "number")]
    pub todos: u64,
    /// Open alerts after the refresh, and of them 高.
    #[ts(type = "number")]
    pub open: u64,
    #[ts(type = "number")]
    pub open_high: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn reason(rule: &str) -> Vec<Reason> {
        vec![Reason {
            rule: rule.into(),
            reason: format!("{rule} 的原因"),
        }]
    }

    fn prior(
        status: AlertStatus,
        level: AlertLevel,
        closed: Option<&str>,
        gone: bool,
    ) -> PriorAlert {
        PriorAlert {
            id: 7,
            status,
            level,
            reasons: reason("rhythm"),
            value_at_risk: 100.0,
            signals_gone_on: gone.then(|| day("2026-06-01")),
            closed_on: closed.map(day),
        }
    }

    fn found(level: AlertLevel, rule: &str, value: f64) -> Finding {
        Finding {
            level,
            reasons: reason(rule),
            value_at_risk: value,
        }
    }

    /// The latest alert, today's finding, the last purchase, and what the
    /// refresh must do.
    type Row = (
        Option<PriorAlert>,
        Option<Finding>,
        Option<&'static str>,
        Action,
    );

    /// Every row on 2026-06-30.
    #[test]
    fn what_a_refresh_does_with_the_latest_alert() {
        use AlertLevel::*;
        use AlertStatus::*;
        let as_of = day("2026-06-30");
        let cases: Vec<Row> = vec![
            // Nothing before: a new alert, or nothing.
            (None, Some(found(Low, "rhythm", 1.0)), None, Action::Raise),
            (None, None, None, Action::Keep),
            // Open, same signals: nothing is written.
            (
                Some(prior(New, Medium, None, false)),
                Some(found(Medium, "rhythm", 100.0)),
                None,
                Action::Keep,
            ),
            // Open: other reasons, another value, a higher or a lower level: updated.
            (
                Some(prior(New, Medium, None, false)),
                Some(found(Medium, "decline", 100.0)),
                None,
                Action::Update {
                    id: 7,
                    level: Medium,
                },
            ),
            (
                Some(prior(Followed, Medium, None, false)),
                Some(found(Medium, "rhythm", 90.0)),
                None,
                Action::Update {
                    id: 7,
                    level: Medium,
                },
            ),
            (
                Some(prior(New, Medium, None, false)),
                Some(found(High, "rhythm", 100.0)),
                None,
                Action::Update { id: 7, level: High },
            ),
            (
                Some(prior(New, High, None, false)),
                Some(found(Low, "rhythm", 100.0)),
                None,
                Action::Update { id: 7, level: Low },
            ),
            // Open, marked gone, signals back: the mark is cleared.
            (
                Some(prior(New, Medium, None, true)),
                Some(found(Medium, "rhythm", 100.0)),
                None,
                Action::Update {
                    id: 7,
                    level: Medium,
                },
            ),
            // Open, signals gone: marked once, then left.
            (
                Some(prior(New, Medium, None, false)),
                None,
                None,
                Action::Gone { id: 7 },
            ),
            (
                Some(prior(Followed, Medium, None, true)),
                None,
                None,
                Action::Keep,
            ),
            // Won back 29 days ago: quiet unless higher; 30 days ago: a new alert.
            (
                Some(prior(Recovered, Medium, Some("2026-06-01"), false)),
                Some(found(Medium, "rhythm", 1.0)),
                None,
                Action::Keep,
            ),
            (
                Some(prior(Recovered, Medium, Some("2026-06-01"), false)),
                Some(found(High, "rhythm", 1.0)),
                None,
                Action::Raise,
            ),
            (
                Some(prior(Ignored, Medium, Some("2026-05-31"), false)),
                Some(found(Low, "rhythm", 1.0)),
                None,
                Action::Raise,
            ),
            // Lost: quiet until a purchase after the close.
            (
                Some(prior(Churned, Low, Some("2026-01-10"), false)),
                Some(found(High, "rhythm", 1.0)),
                Some("2026-01-10"),
                Action::Keep,
            ),
            (
                Some(prior(Churned, Low, Some("2026-01-10"), false)),
                Some(found(High, "rhythm", 1.0)),
                None,
                Action::Keep,
            ),
            (
                Some(prior(Churned, Low, Some("2026-01-10"), false)),
                Some(found(Low, "rhythm", 1.0)),
                Some("2026-02-01"),
                Action::Raise,
            ),
            // Closed, no signals: nothing.
            (
                Some(prior(Recovered, Medium, Some("2026-06-01"), false)),
                None,
                None,
                Action::Keep,
            ),
        ];
        for (i, (p, f, last, want)) in cases.iter().enumerate() {
            let got = decide(p.as_ref(), f.as_ref(), as_of, last.map(day));
            assert_eq!(&got, want, "case {i}: {p:?} {f:?}");
        }
    }

    #[test]
    fn steps_follow_the_table_and_closing_needs_a_note() {
        use AlertStatus::*;
        let m = |to, note: &str| AlertMove {
            to,
            note: note.into(),
        };
        let allowed: Vec<(AlertStatus, AlertStatus)> = AlertStatus::ALL
            .iter()
            .flat_map(|from| AlertStatus::ALL.iter().map(move |to| (*from, *to)))
            .filter(|(from, to)| check_move(*from, &m(*to, "说明")).is_ok())
            .collect();
        assert_eq!(
            allowed,
            vec![
                (New, Followed),
                (New, Ignored),
                (Followed, Recovered),
                (Followed, Churned),
                (Followed, Ignored),
            ]
        );
        assert!(check_move(New, &m(Followed, "")).is_ok());
        let e = check_move(Followed, &m(Churned, "  ")).unwrap_err();
        assert!(e.contains("需要填写说明"), "{e}");
        let e = check_move(Recovered, &m(Followed, "x")).unwrap_err();
        assert!(e.contains("已经「已挽回」"), "{e}");
        assert_eq!(AlertStatus::parse("已忽略"), Some(Ignored));
        assert_eq!(AlertLevel::parse("高"), Some(AlertLevel::High));
        assert_eq!(AlertLevel::parse("medium"), Some(AlertLevel::Medium));
        assert_eq!(AlertLevel::parse("特高"), None);
    }
}
