//! The churn signals of one customer, each with its reason in words, and
//! the level they add up to (docs/churn.md, 预警规则).
//!
//! [`Signaller`] holds the active scheme's thresholds per tier and a scratch
//! buffer; [`Signaller::assess`] takes one customer's [`CustomerFacts`] and
//! gives the figures behind the rules ([`Scores`]) and the signals raised.
//! It walks the purchase days once, allocates nothing for a customer that
//! raises nothing, and builds a reason's words only for a signal raised.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tierdesk_tiers::{ChurnRules, Scheme, TierCare, TierChurn};
use ts_rs::TS;

use crate::alert::{AlertLevel, Finding, Reason};

mod rule;
pub use rule::{Rule, RuleGroup, Strength};

/// With fewer intervals between purchase days than this, the rhythm rule
/// takes the tier's usual interval instead of the customer's own median.
pub const MIN_INTERVALS: usize = 3;

/// The length of the spend windows compared by the decline rule, in days.
pub const DECLINE_WINDOW_DAYS: i32 = 90;

/// The days whose spend is the customer's yearly spend (value at risk).
pub const YEAR_DAYS: i32 = 365;

/// The days ahead the model's expected purchases cover.
pub const EXPECTED_DAYS: u32 = 90;

/// One signal: the rule, how strong, and the sentence a person reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Signal {
    pub rule: Rule,
    pub strength: Strength,
    pub reason: String,
}

/// The latest detractor or CSAT 1–2 answer of a customer (any earlier one
/// counts for nothing once a later one exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LowAnswer {
    pub on: NaiveDate,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
}

/// What the service rules read about a customer (all empty: no signal).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceFacts<'a> {
    /// Open complaints past their response or resolution limit on the as-of day.
    pub overdue_cases: u32,
    /// The latest unhappy survey answer, if any (older than the scheme's
    /// `survey_days` it raises nothing).
    pub low_answer: Option<LowAnswer>,
    /// The customer's last contact day (`last_contact_on`).
    pub last_contact: Option<NaiveDate>,
    /// The tier keys (from, to) of the last rating when it moved the
    /// customer to a lower tier; `None` otherwise.
    pub downgrade: Option<(&'a str, &'a str)>,
}

/// One customer's facts, as the store reads them in bulk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerFacts<'a> {
    /// The customer's tier key; `None` or a key the scheme does not know is
    /// warned as the lowest tier.
    pub tier: Option<&'a str>,
    /// Purchase days (a day with at least one purchase line) in ascending
    /// order, each with that day's spend. Days after the as-of day are left
    /// out of every rule.
    pub days: &'a [(NaiveDate, f64)],
    /// The model's probability that the customer still buys, if it ran.
    pub p_alive: Option<f64>,
    /// The model's expected purchases in the next 90 days, if it ran.
    pub expected_90: Option<f64>,
    pub service: ServiceFacts<'a>,
}

/// The figures behind the rules, for every customer assessed (whether or
/// not a signal was raised): what the alert list and the scores table keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Scores {
    /// Purchase days up to the as-of day.
    pub purchase_days: u32,
    /// The median interval between purchase days, with at least 3 intervals.
    pub median_interval: Option<f64>,
    /// Days from the last purchase day to the as-of day.
    pub days_since_last: Option<u32>,
    /// Spend in the last 90 days (as-of day included), the 90 before, and
    /// the same 90 days a year earlier.
    pub spend_90: f64,
    pub spend_prior_90: f64,
    pub spend_year_ago_90: f64,
    /// Spend in the last 365 days.
    pub spend_365: f64,
    /// Spend in the last 365 days × (1 − P(alive)); × 1 when the model is
    /// off or did not run.
    pub value_at_risk: f64,
}

/// What [`Signaller::assess`] found for one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub scores: Scores,
    /// Signals raised, in rule order; empty (and not allocated) when none.
    pub signals: Vec<Signal>,
    /// The level of the signals combined ([`level`]); `None` when none.
    pub level: Option<AlertLevel>,
}

impl Assessment {
    /// The alert a refresh writes, or `None` when no signal was raised.
    pub fn finding(&self) -> Option<Finding> {
        let level = self.level?;
        Some(Finding {
            level,
            reasons: self
                .signals
                .iter()
                .map(|s| Reason {
                    rule: s.rule.key().into(),
                    reason: s.reason.clone(),
                })
                .collect(),
            value_at_risk: self.scores.value_at_risk,
        })
    }
}

/// The level of signals combined, counting the four rule groups:
/// 高 when a strong rhythm or model signal comes with a signal of another
/// group, or three groups signal; 中 when any signal is strong or two
/// groups signal; 低 for weak signals of one group; `None` without signals.
pub fn level(signals: &[Signal]) -> Option<AlertLevel> {
    if signals.is_empty() {
        return None;
    }
    let mut groups = [false; 4];
    let mut strong = false;
    let mut strong_purchase = false;
    for s in signals {
        groups[s.rule.group().index()] = true;
        if s.strength == Strength::Strong {
            strong = true;
            strong_purchase |= matches!(s.rule, Rule::Rhythm | Rule::Model);
        }
    }
    let n = groups.iter().filter(|g| **g).count();
    Some(if (strong_purchase && n >= 2) || n >= 3 {
        AlertLevel::High
    } else if strong || n >= 2 {
        AlertLevel::Medium
    } else {
        AlertLevel::Low
    })
}

/// One tier's thresholds, looked up once per refresh.
#[derive(Debug, Clone)]
struct TierSettings {
    key: String,
    name: String,
    churn: TierChurn,
    care: TierCare,
}

/// The active scheme's thresholds per tier, ready for a million customers.
#[derive(Debug, Clone)]
pub struct Signaller {
    rules: ChurnRules,
    tiers: Vec<TierSettings>,
    untiered: (TierChurn, TierCare),
    scratch: Vec<i64>,
}

impl Signaller {
    pub fn new(scheme: &Scheme) -> Signaller {
        Signaller {
            rules: scheme.churn_rules(),
            tiers: scheme
                .tiers
                .iter()
                .map(|t| TierSettings {
                    key: t.key.clone(),
                    name: t.name.clone(),
                    churn: scheme.churn(&t.key),
                    care: scheme.care(&t.key),
                })
                .collect(),
            untiered: (TierChurn::untiered(), TierCare::untiered()),
            scratch: Vec::new(),
        }
    }

    /// The switches in use.
    pub fn rules(&self) -> ChurnRules {
        self.rules
    }

    fn settings(&self, tier: Option<&str>) -> (TierChurn, TierCare) {
        tier.and_then(|k| self.tiers.iter().find(|t| t.key == k))
            .map_or(self.untiered, |t| (t.churn, t.care))
    }

    fn tier_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.tiers
            .iter()
            .find(|t| t.key == key)
            .map_or(key, |t| t.name.as_str())
    }

    /// The customer's scores and signals as of `as_of`.
    pub fn assess(&mut self, as_of: NaiveDate, facts: &CustomerFacts) -> Assessment {
        let (churn, care) = self.settings(facts.tier);
        let rules = self.rules;
        let walk = walk_days(as_of, facts.days, &mut self.scratch);
        let p_alive = facts.p_alive.filter(|_| rules.model);
        let mut scores = walk.scores;
        scores.value_at_risk = scores.spend_365 * (1.0 - p_alive.unwrap_or(0.0).clamp(0.0, 1.0));
        let mut signals = Vec::new();
        if rules.rhythm {
            signals.extend(rhythm(&scores, &churn));
        }
        if rules.model {
            signals.extend(model(facts.p_alive, facts.expected_90, &churn));
        }
        if rules.decline {
            signals.extend(decline(&scores, &churn));
        }
        if rules.service {
            self.service(as_of, facts, walk.first_day, &care, &mut signals);
        }
        let level = level(&signals);
        Assessment {
            scores,
            signals,
            level,
        }
    }

    fn service(
        &self,
        as_of: NaiveDate,
        facts: &CustomerFacts,
        first_day: Option<NaiveDate>,
        care: &TierCare,
        signals: &mut Vec<Signal>,
    ) {
        let s = &facts.service;
        if s.overdue_cases > 0 {
            signals.push(Signal {
                rule: Rule::Complaint,
                strength: Strength::Strong,
                reason: format!("有 {} 件投诉已超过处理时限", s.overdue_cases),
            });
        }
        if let Some(a) = s.low_answer {
            let age = (as_of - a.on).num_days();
            let unhappy = tierdesk_domain::survey::needs_follow_up(a.nps, a.csat);
            if unhappy && (0..=i64::from(self.rules.survey_days)).contains(&age) {
                signals.push(Signal {
                    rule: Rule::Survey,
                    strength: Strength::Weak,
                    reason: survey_words(&a),
                });
            }
        }
        if let Some(every) = care.visit_days {
            let since = |d: NaiveDate| (as_of - d).num_days();
            let reason = match (s.last_contact, first_day) {
                (Some(c), _) if since(c) > i64::from(every) => Some(format!(
                    "已 {} 天未跟进（本等级每 {every} 天回访）",
                    since(c)
                )),
                (None, Some(f)) if since(f) > i64::from(every) => Some(format!(
                    "没有跟进记录，首次购买已 {} 天（本等级每 {every} 天回访）",
                    since(f)
                )),
                _ => None,
            };
            if let Some(reason) = reason {
                signals.push(Signal {
                    rule: Rule::Followup,
                    strength: Strength::Weak,
                    reason,
                });
            }
        }
        if let Some((from, to)) = s.downgrade {
            signals.push(Signal {
                rule: Rule::Downgrade,
                strength: Strength::Weak,
                reason: format!(
                    "最近一次评级从{}降为{}",
                    self.tier_name(from),
                    self.tier_name(to)
                ),
            });
        }
    }
}

/// The scores from one walk over the purchase days, and the first day.
struct Walk {
    scores: Scores,
    first_day: Option<NaiveDate>,
}

/// One pass over the purchase days up to `as_of`: intervals (into
/// `scratch`, reused across customers), the windows' spend, the median.
fn walk_days(as_of: NaiveDate, days: &[(NaiveDate, f64)], scratch: &mut Vec<i64>) -> Walk {
    let today = as_of.num_days_from_ce();
    let year_ago = as_of
        .checked_sub_months(chrono::Months::new(12))
        .map_or(today - YEAR_DAYS, |d| d.num_days_from_ce());
    let w = DECLINE_WINDOW_DAYS;
    let mut s = Scores::default();
    scratch.clear();
    let mut first = None;
    let mut last: Option<i32> = None;
    for (day, spend) in days {
        let d = day.num_days_from_ce();
        if d > today {
            break;
        }
        if let Some(prev) = last {
            if d <= prev {
                continue; // a repeated day is one purchase day
            }
            scratch.push(i64::from(d - prev));
        } else {
            first = Some(*day);
        }
        last = Some(d);
        s.purchase_days += 1;
        let ago = today - d;
        if ago < w {
            s.spend_90 += spend;
        } else if ago < 2 * w {
            s.spend_prior_90 += spend;
        }
        if ago < YEAR_DAYS {
            s.spend_365 += spend;
        }
        if d <= year_ago && year_ago - d < w {
            s.spend_year_ago_90 += spend;
        }
    }
    s.days_since_last = last.map(|l| (today - l) as u32);
    s.median_interval = median_interval(scratch);
    Walk {
        scores: s,
        first_day: first,
    }
}

/// The median of at least [`MIN_INTERVALS`] intervals in days (the mean of
/// the two middle ones for an even count), or `None` under it; reorders `v`.
/// The one median of purchase intervals: the rhythm rule and the retention
/// figures' "still alive" both read it.
pub fn median_interval(v: &mut [i64]) -> Option<f64> {
    let n = v.len();
    if n < MIN_INTERVALS {
        return None;
    }
    let (lower, upper, _) = v.select_nth_unstable(n / 2);
    let upper = *upper as f64;
    if n % 2 == 1 {
        return Some(upper);
    }
    let below = lower.iter().copied().max().unwrap_or_default() as f64;
    Some((below + upper) / 2.0)
}

/// The rhythm limit k × interval in millionths of a day, rounded: in floating
/// point 1.15 × 100 is 114.99999999999999, which would make a customer exactly
/// 115 days out late one day early. The one limit of the rhythm rule and the
/// retention figures' "still alive".
pub(crate) fn rhythm_limit_micro(factor: f64, interval: f64) -> i64 {
    (factor * interval * 1e6).round().clamp(0.0, 1e15) as i64
}

/// Whether `days` since the last purchase day are past a limit from
/// [`rhythm_limit_micro`] (exactly k × the interval is not yet late).
pub(crate) fn past_limit(days: i64, limit_micro: i64) -> bool {
    days.saturating_mul(1_000_000) > limit_micro
}

/// 30 or 30.5: a day count without a needless decimal.
fn days_words(d: f64) -> String {
    if d.fract() == 0.0 {
        format!("{d:.0}")
    } else {
        format!("{d:.1}")
    }
}

fn rhythm(s: &Scores, churn: &TierChurn) -> Option<Signal> {
    let since = s.days_since_last?;
    let usual = s
        .median_interval
        .unwrap_or(f64::from(churn.usual_interval_days));
    let limit = rhythm_limit_micro(churn.rhythm_factor, usual);
    if !past_limit(i64::from(since), limit) {
        return None;
    }
    let reason = match s.median_interval {
        Some(m) => format!(
            "通常每 {} 天下单一次（间隔中位数），已 {since} 天未下单",
            days_words(m)
        ),
        None => format!(
            "下单次数少，按本等级通常每 {} 天下单一次计，已 {since} 天未下单",
            churn.usual_interval_days
        ),
    };
    Some(Signal {
        rule: Rule::Rhythm,
        strength: if past_limit(i64::from(since), limit.saturating_mul(2)) {
            Strength::Strong
        } else {
            Strength::Weak
        },
        reason,
    })
}

fn model(p_alive: Option<f64>, expected: Option<f64>, churn: &TierChurn) -> Option<Signal> {
    let p = p_alive.filter(|p| p.is_finite())?;
    if p >= churn.p_alive_below {
        return None;
    }
    let mut reason = String::with_capacity(96);
    let _ = write!(reason, "模型估计仍在购买的可能 {:.1}%", p * 100.0);
    if let Some(e) = expected.filter(|e| e.is_finite()) {
        let _ = write!(reason, "，未来 {EXPECTED_DAYS} 天预计下单 {e:.1} 次");
    }
    Some(Signal {
        rule: Rule::Model,
        strength: if p < churn.p_alive_below / 2.0 {
            Strength::Strong
        } else {
            Strength::Weak
        },
        reason,
    })
}

/// The fall from `earlier` to `recent` in percent (negative for a rise);
/// `None` when the earlier window had no spend to compare with. × 100
/// before the division: with whole amounts a fall of exactly 57% is then
/// 57.0, not 56.99999999999999 (which missed an 「at least 57%」 threshold).
fn fall(recent: f64, earlier: f64) -> Option<f64> {
    (earlier > 0.0).then(|| (earlier - recent) * 100.0 / earlier)
}

/// Writes 「较前 90 天下降 42.0%」 (a rise or no change likewise).
fn write_change(out: &mut String, what: &str, fall: f64) {
    let _ = match fall {
        f if f > 0.0 => write!(out, "较{what}下降 {f:.1}%"),
        f if f < 0.0 => write!(out, "较{what}上升 {:.1}%", -f),
        _ => write!(out, "与{what}持平"),
    };
}

/// The earlier window of the decline rule in words ([`DECLINE_WINDOW_DAYS`]).
const BEFORE: &str = "前 90 天";

fn decline(s: &Scores, churn: &TierChurn) -> Option<Signal> {
    let prior = fall(s.spend_90, s.spend_prior_90);
    let year = fall(s.spend_90, s.spend_year_ago_90);
    let warns = |f: Option<f64>| f.is_some_and(|f| f >= churn.decline_percent);
    if !warns(prior) && !warns(year) {
        return None;
    }
    let mut reason = String::with_capacity(128);
    let _ = write!(reason, "近 {DECLINE_WINDOW_DAYS} 天消费");
    let mut missing = None;
    let mut first = true;
    for (what, f) in [(BEFORE, prior), ("去年同期", year)] {
        match f {
            Some(f) => {
                if !first {
                    reason.push('，');
                }
                first = false;
                write_change(&mut reason, what, f);
            }
            None => missing = Some(what),
        }
    }
    if let Some(what) = missing {
        let _ = write!(reason, "（{what}无消费，不作比较）");
    }
    Some(Signal {
        rule: Rule::Decline,
        strength: if warns(prior) && warns(year) {
            Strength::Strong
        } else {
            Strength::Weak
        },
        reason,
    })
}

fn survey_words(a: &LowAnswer) -> String {
    let mut parts = Vec::with_capacity(2);
    if let Some(n) = a.nps.filter(|n| (0..=6).contains(n)) {
        parts.push(format!("推荐意愿 {n} 分（贬损者）"));
    }
    if let Some(c) = a.csat.filter(|c| (1..=2).contains(c)) {
        parts.push(format!("满意度 {c} 分"));
    }
    format!("{} 的问卷{}", a.on, parts.join("、"))
}
