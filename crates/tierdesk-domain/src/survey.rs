//! Satisfaction surveys (满意度调查): one customer's answer, its checks, and
//! the figures over many answers — NPS (% promoters 9–10 − % detractors
//! 0–6), CSAT (% of 4–5 among CSAT answers), averages, and a low-count flag
//! under [`LOW_COUNT`] answers. Pure: answers are fed one at a time to a
//! [`Tally`], so a caller can stream them from the store.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Msg;

/// Under this many answers a figure is shown with a warning: a few answers
/// move NPS by tens of points.
pub const LOW_COUNT: u64 = 30;

/// How an answer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SurveyChannel {
    Phone,
    Wechat,
    Sms,
    Email,
    Online,
    Visit,
    Other,
}

impl SurveyChannel {
    pub const ALL: [SurveyChannel; 7] = [
        SurveyChannel::Phone,
        SurveyChannel::Wechat,
        SurveyChannel::Sms,
        SurveyChannel::Email,
        SurveyChannel::Online,
        SurveyChannel::Visit,
        SurveyChannel::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SurveyChannel::Phone => "phone",
            SurveyChannel::Wechat => "wechat",
            SurveyChannel::Sms => "sms",
            SurveyChannel::Email => "email",
            SurveyChannel::Online => "online",
            SurveyChannel::Visit => "visit",
            SurveyChannel::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SurveyChannel::Phone => "电话",
            SurveyChannel::Wechat => "微信",
            SurveyChannel::Sms => "短信",
            SurveyChannel::Email => "邮件",
            SurveyChannel::Online => "网上问卷",
            SurveyChannel::Visit => "现场",
            SurveyChannel::Other => "其他",
        }
    }

    /// The key or the Chinese label (and a few words sheets use); `None`
    /// for anything else.
    pub fn parse(text: &str) -> Option<SurveyChannel> {
        let t = crate::text::to_halfwidth(text.trim()).to_lowercase();
        let by_word = match t.as_str() {
            "电话回访" | "电话调查" | "tel" => Some(SurveyChannel::Phone),
            "wx" | "微信问卷" | "公众号" => Some(SurveyChannel::Wechat),
            "邮箱" | "e-mail" | "电子邮件" => Some(SurveyChannel::Email),
            "问卷" | "网页" | "网上" | "在线" | "线上" | "web" => {
                Some(SurveyChannel::Online)
            }
            "面访" | "拜访" | "门店" => Some(SurveyChannel::Visit),
            _ => None,
        };
        by_word.or_else(|| {
            SurveyChannel::ALL
                .into_iter()
                .find(|c| c.as_str() == t || c.label() == t)
        })
    }
}

/// One answer as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyAnswer {
    pub id: i64,
    pub customer_id: i64,
    pub survey_id: Option<i64>,
    #[ts(type = "string")]
    pub answered_on: NaiveDate,
    pub channel: SurveyChannel,
    /// 推荐意愿, 0–10.
    pub nps: Option<u8>,
    /// 满意度, 1–5.
    pub csat: Option<u8>,
    /// Scores per question, by the question's label.
    pub scores: BTreeMap<String, f64>,
    pub comment: String,
    /// The tier the customer held when answering.
    pub tier_at: Option<String>,
    /// The survey import that brought it in.
    pub import_id: Option<i64>,
    pub who: String,
    pub created_at: String,
    /// The follow-up to-do this answer opened (a recent detractor or CSAT
    /// 1–2), whatever its status now; what the form tells the person.
    pub follow_up_todo: Option<i64>,
}

/// An answer about to be recorded (by hand or by an import). The store
/// fills in the customer's tier of the moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewSurveyAnswer {
    pub customer_id: i64,
    #[serde(default)]
    pub survey_id: Option<i64>,
    #[ts(type = "string")]
    pub answered_on: NaiveDate,
    pub channel: SurveyChannel,
    #[serde(default)]
    pub nps: Option<i64>,
    #[serde(default)]
    pub csat: Option<i64>,
    #[serde(default)]
    pub scores: BTreeMap<String, f64>,
    #[serde(default)]
    pub comment: String,
}

/// A comment longer than this is refused (a pasted document, not a comment).
pub const MAX_COMMENT_CHARS: usize = 2000;

/// A score's range message (`survey.nps_range` …) with its bounds.
pub fn score_msg(key: &str, low: i64, high: i64) -> Msg {
    Msg::new(key).with("low", low).with("high", high)
}

impl NewSurveyAnswer {
    /// Every problem at once, in Chinese; `Ok` when the answer can be stored.
    pub fn validate(&self) -> Result<(), String> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.iter().map(Msg::zh).collect::<Vec<_>>().join("；"))
        }
    }

    /// Every problem at once, as messages (empty when the answer can be stored).
    pub fn problems(&self) -> Vec<Msg> {
        let mut problems = Vec::new();
        if let Some(n) = self.nps.filter(|n| !(0..=10).contains(n)) {
            problems.push(score_msg("survey.nps_range", 0, 10).with("value", n));
        }
        if let Some(c) = self.csat.filter(|c| !(1..=5).contains(c)) {
            problems.push(score_msg("survey.csat_range", 1, 5).with("value", c));
        }
        for (q, v) in &self.scores {
            if q.trim().is_empty() {
                problems.push(Msg::new("survey.question_missing"));
            } else if !v.is_finite() {
                problems.push(Msg::new("survey.question_not_number").with("question", q));
            }
        }
        if self.nps.is_none() && self.csat.is_none() && self.scores.is_empty() {
            problems.push(Msg::new("survey.nothing_answered"));
        }
        if self.comment.chars().count() > MAX_COMMENT_CHARS {
            problems.push(Msg::new("survey.comment_too_long").with("max", MAX_COMMENT_CHARS));
        }
        problems
    }

    /// Whether the answer asks for a follow-up: a detractor (NPS 0–6) or a
    /// CSAT of 1–2.
    pub fn needs_follow_up(&self) -> bool {
        needs_follow_up(self.nps, self.csat)
    }
}

/// A detractor (NPS 0–6) or a CSAT of 1–2.
pub fn needs_follow_up(nps: Option<i64>, csat: Option<i64>) -> bool {
    nps.is_some_and(|n| (0..=6).contains(&n)) || csat.is_some_and(|c| (1..=2).contains(&c))
}

/// An unhappy answer older than this many days opens no to-do: a year of old
/// answers imported at once must not ask for a call back on every old one.
pub const FOLLOW_UP_WITHIN_DAYS: i64 = 90;

/// Whether an answer given on `answered_on` asks for a follow-up to-do on
/// `today`: unhappy ([`needs_follow_up`]) and at most
/// [`FOLLOW_UP_WITHIN_DAYS`] old.
pub fn opens_follow_up(
    nps: Option<i64>,
    csat: Option<i64>,
    answered_on: NaiveDate,
    today: NaiveDate,
) -> bool {
    needs_follow_up(nps, csat) && (today - answered_on).num_days() <= FOLLOW_UP_WITHIN_DAYS
}

/// Where an NPS answer falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpsGroup {
    Promoter,
    Passive,
    Detractor,
}

/// 9–10 promoter, 7–8 passive, 0–6 detractor; `None` outside 0–10.
pub fn nps_group(score: u8) -> Option<NpsGroup> {
    match score {
        9..=10 => Some(NpsGroup::Promoter),
        7..=8 => Some(NpsGroup::Passive),
        0..=6 => Some(NpsGroup::Detractor),
        _ => None,
    }
}

/// The average score of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScoreAverage {
    pub question: String,
    pub answers: u64,
    pub average: f64,
}

/// The figures of a set of answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyFigures {
    /// Answers of any kind.
    pub responses: u64,
    /// Answers with an NPS score, and how they fall.
    pub nps_answers: u64,
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// % promoters − % detractors, −100 to 100; `None` without NPS answers.
    pub nps: Option<f64>,
    /// The average NPS score (0–10).
    pub nps_avg: Option<f64>,
    pub csat_answers: u64,
    /// % of CSAT answers that are 4 or 5; `None` without CSAT answers.
    pub csat: Option<f64>,
    /// The average CSAT score (1–5).
    pub csat_avg: Option<f64>,
    /// Average per question, by question.
    pub scores: Vec<ScoreAverage>,
    /// Fewer than [`LOW_COUNT`] answers.
    pub low_count: bool,
}

/// Answers counted so far; feed with [`Tally::add`], read with [`Tally::figures`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    responses: u64,
    promoters: u64,
    passives: u64,
    detractors: u64,
    nps_sum: u64,
    csat_answers: u64,
    satisfied: u64,
    csat_sum: u64,
    scores: BTreeMap<String, (f64, u64)>,
}

impl Tally {
    /// Counts one answer. Scores outside the ranges (which the store never
    /// holds) are passed over rather than counted wrong.
    pub fn add(&mut self, nps: Option<u8>, csat: Option<u8>, scores: &BTreeMap<String, f64>) {
        self.responses += 1;
        if let Some(n) = nps {
            match nps_group(n) {
                Some(NpsGroup::Promoter) => self.promoters += 1,
                Some(NpsGroup::Passive) => self.passives += 1,
                Some(NpsGroup::Detractor) => self.detractors += 1,
                None => {}
            }
            if n <= 10 {
                self.nps_sum += u64::from(n);
            }
        }
        if let Some(c) = csat.filter(|c| (1..=5).contains(c)) {
            self.csat_answers += 1;
            self.csat_sum += u64::from(c);
            if c >= 4 {
                self.satisfied += 1;
            }
        }
        for (q, v) in scores.iter().filter(|(_, v)| v.is_finite()) {
            let e = self.scores.entry(q.clone()).or_insert((0.0, 0));
            e.0 += v;
            e.1 += 1;
        }
    }

    /// Adds another tally's answers (totals over tiers or periods).
    pub fn merge(&mut self, o: &Tally) {
        self.responses += o.responses;
        self.promoters += o.promoters;
        self.passives += o.passives;
        self.detractors += o.detractors;
        self.nps_sum += o.nps_sum;
        self.csat_answers += o.csat_answers;
        self.satisfied += o.satisfied;
        self.csat_sum += o.csat_sum;
        for (q, (s, n)) in &o.scores {
            let e = self.scores.entry(q.clone()).or_insert((0.0, 0));
            e.0 += s;
            e.1 += n;
        }
    }

    pub fn figures(&self) -> SurveyFigures {
        let nps_answers = self.promoters + self.passives + self.detractors;
        let pct = |part: u64, of: u64| part as f64 * 100.0 / of as f64;
        SurveyFigures {
            responses: self.responses,
            nps_answers,
            promoters: self.promoters,
            passives: self.passives,
            detractors: self.detractors,
            nps: (nps_answers > 0).then(|| {
                round1(pct(self.promoters, nps_answers) - pct(self.detractors, nps_answers))
            }),
            nps_avg: (nps_answers > 0).then(|| round2(self.nps_sum as f64 / nps_answers as f64)),
            csat_answers: self.csat_answers,
            csat: (self.csat_answers > 0).then(|| round1(pct(self.satisfied, self.csat_answers))),
            csat_avg: (self.csat_answers > 0)
                .then(|| round2(self.csat_sum as f64 / self.csat_answers as f64)),
            scores: self
                .scores
                .iter()
                .map(|(q, (s, n))| ScoreAverage {
                    question: q.clone(),
                    answers: *n,
                    average: round2(s / *n as f64),
                })
                .collect(),
            low_count: self.responses < LOW_COUNT,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// How answers are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// The period of a day, written as the period grammar writes it:
    /// `2026-11`, `2026Q4`, `2026`.
    pub fn key_of(self, day: NaiveDate) -> String {
        match self {
            PeriodKind::Month => format!("{}-{:02}", day.year(), day.month()),
            PeriodKind::Quarter => format!("{}Q{}", day.year(), (day.month() - 1) / 3 + 1),
            PeriodKind::Year => day.year().to_string(),
        }
    }

    pub fn parse(text: &str) -> Option<PeriodKind> {
        match text.trim() {
            "month" | "月" | "按月" => Some(PeriodKind::Month),
            "quarter" | "季度" | "按季度" => Some(PeriodKind::Quarter),
            "year" | "年" | "按年" => Some(PeriodKind::Year),
            _ => None,
        }
    }
}

/// A month written `2026-11`, `2026-1`, `202611` or `2026年11月`: its first
/// and last day. Years, halves and quarters are the tier engine's period
/// grammar (`tierdesk_tiers::period`); this adds the month it lacks.
pub fn parse_month(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let t = crate::text::to_halfwidth(text.trim());
    let t = t.strip_suffix('月').unwrap_or(&t).replace('年', "-");
    let (y, m) = match t.split_once(['-', '/', '.']) {
        Some((y, m)) => (y, m),
        None if t.len() == 6 && t.is_ascii() => t.split_at(4),
        None => return None,
    };
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || m.is_empty() || m.len() > 2 {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    let last = first
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()?;
    Some((first, last))
}

/// One cell of the table per tier and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyRow {
    /// The period's key (`2026-11`, `2026Q4`, `2026`), or `""` for the whole range.
    pub period: String,
    /// The tier key when answering; `None` for every tier together, `""`
    /// for answers given before any rating.
    pub tier: Option<String>,
    pub figures: SurveyFigures,
}

/// Answers grouped by period and tier as they stream in; each period also
/// gets a row for all tiers together, and the whole range one more.
#[derive(Debug, Default)]
pub struct Grouped {
    by: Option<PeriodKind>,
    cells: BTreeMap<(String, String), Tally>,
}

impl Grouped {
    /// Grouped by `by`, or over the whole range when `None`.
    pub fn new(by: Option<PeriodKind>) -> Grouped {
        Grouped {
            by,
            cells: BTreeMap::new(),
        }
    }

    pub fn add(
        &mut self,
        day: NaiveDate,
        tier: Option<&str>,
        nps: Option<u8>,
        csat: Option<u8>,
        scores: &BTreeMap<String, f64>,
    ) {
        let period = self.by.map(|k| k.key_of(day)).unwrap_or_default();
        self.cells
            .entry((period, tier.unwrap_or_default().to_owned()))
            .or_default()
            .add(nps, csat, scores);
    }

    /// Rows by period (oldest first), each period's tiers in `tier_order`
    /// (tiers not in it after, by key) and then its all-tiers row; when
    /// grouped by period, a last all-periods block (`period` = "").
    pub fn rows(&self, tier_order: &[String]) -> Vec<SurveyRow> {
        let rank = |t: &str| {
            tier_order
                .iter()
                .position(|k| k == t)
                .unwrap_or(tier_order.len())
        };
        let mut periods: BTreeMap<&str, Vec<(&str, &Tally)>> = BTreeMap::new();
        for ((p, t), tally) in &self.cells {
            periods.entry(p).or_default().push((t, tally));
        }
        let mut out = Vec::new();
        let mut overall: BTreeMap<&str, Tally> = BTreeMap::new();
        for (period, mut tiers) in periods {
            tiers.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
            let mut all = Tally::default();
            for (tier, tally) in tiers {
                all.merge(tally);
                overall.entry(tier).or_default().merge(tally);
                out.push(SurveyRow {
                    period: period.to_owned(),
                    tier: Some(tier.to_owned()),
                    figures: tally.figures(),
                });
            }
            out.push(SurveyRow {
                period: period.to_owned(),
                tier: None,
                figures: all.figures(),
            });
        }
        if self.by.is_some() && !out.is_empty() {
            let mut tiers: Vec<(&str, Tally)> = overall.into_iter().collect();
            tiers.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
            let mut all = Tally::default();
            for (tier, tally) in &tiers {
                all.merge(tally);
                out.push(SurveyRow {
                    period: String::new(),
                    tier: Some((*tier).to_owned()),
                    figures: tally.figures(),
                });
            }
            out.push(SurveyRow {
                period: String::new(),
                tier: None,
                figures: all.figures(),
            });
        }
        out
    }
}

/// A customer's survey figures for rules: the latest answer's NPS and CSAT
/// and the averages over every answer up to the as-of date.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SurveyFacts {
    pub nps: Option<f64>,
    pub csat: Option<f64>,
    pub nps_avg: Option<f64>,
    pub csat_avg: Option<f64>,
}
