//! Satisfaction surveys (满意度调查): record and delete answers, a
//! customer's answers, the answers over a span, and the figures per tier and
//! period (NPS, CSAT, averages, low-count flags). Survey sheets are imported
//! in `import/surveys.rs`; survey figures reach the rules in `rating.rs`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::survey::{
    parse_month, Grouped, NewSurveyAnswer, PeriodKind, SurveyAnswer, SurveyChannel, SurveyRow,
};
use tierdesk_domain::Customer;
use ts_rs::TS;

use crate::privacy::PersonSection;
use crate::{Api, ApiError, ErrorCode, Result};

/// Answers listed on the 满意度 page at most.
pub const ANSWER_LIST: usize = 500;

/// An answer with its customer, for the answers list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyAnswerLine {
    pub answer: SurveyAnswer,
    pub customer_code: Option<String>,
    pub customer_name: String,
}

/// The figures per tier and period over a span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveySummary {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// How the span was asked for, in words (2026年第四季度).
    pub label: String,
    pub by: Option<PeriodKind>,
    /// Per period (oldest first) each tier, highest first, then all tiers;
    /// when grouped, a last block over the whole span (`period` = "").
    pub rows: Vec<SurveyRow>,
    /// The active scheme's tiers, for names and colours.
    pub tiers: Vec<tierdesk_domain::TierLabel>,
}

/// A span named as a month (`2026-11`), quarter (`2026Q4`), half (`2026H2`)
/// or year (`2026`): its first and last day and its label.
pub fn survey_span(text: &str) -> Result<(NaiveDate, NaiveDate, String)> {
    if let Some((from, to)) = parse_month(text) {
        return Ok((
            from,
            to,
            format!("{}年{}月", from.format("%Y"), from.format("%-m")),
        ));
    }
    let (from, to) = tierdesk_tiers::parse_period(text).map_err(|_| {
        ApiError::invalid(format!(
            "期间「{text}」看不懂，应写成 2026-11（月）、2026Q4（季度）、2026H2（半年）或 2026（年）"
        ))
    })?;
    Ok((from, to, tierdesk_tiers::period_label(text)))
}

/// The span named, else the twelve months up to `today`.
fn span_or_year(period: Option<&str>, today: NaiveDate) -> Result<(NaiveDate, NaiveDate, String)> {
    match period.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => survey_span(p),
        None => {
            let from = today
                .checked_sub_months(chrono::Months::new(12))
                .and_then(|d| d.succ_opt())
                .unwrap_or(today);
            Ok((from, today, "近 12 个月".to_owned()))
        }
    }
}

fn not_found(id: i64) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("找不到答卷 #{id}：它可能已被删除，请刷新后再试"),
    )
}

impl Api {
    /// Records an answer of a live customer given by hand. A detractor's
    /// answer (NPS 0–6) or a CSAT of 1–2 opens a follow-up to-do for the
    /// customer's manager, due `today` at the earliest.
    pub fn add_survey_answer(
        &mut self,
        answer: NewSurveyAnswer,
        today: NaiveDate,
    ) -> Result<SurveyAnswer> {
        self.allow_customer(answer.customer_id)?;
        let c: Customer = self.customer(answer.customer_id)?;
        if c.deleted_at.is_some() {
            return Err(ApiError::invalid(format!(
                "客户「{}」在回收站中，请先恢复再录入答卷",
                c.name
            )));
        }
        answer.validate().map_err(ApiError::invalid)?;
        if answer.answered_on > today {
            return Err(ApiError::invalid(format!(
                "答卷日期 {} 晚于今天，请检查",
                answer.answered_on
            )));
        }
        let who = self.store.actor().user.clone();
        Ok(self.store.add_survey_answer(&answer, &who, today)?)
    }

    /// Deletes an answer; its open follow-up to-do is cancelled.
    pub fn delete_survey_answer(&mut self, id: i64) -> Result<SurveyAnswer> {
        self.allow_record(crate::users::Owned::SurveyAnswer, id)?;
        let found = self.store.delete_survey_answer(id)?;
        found.ok_or_else(|| not_found(id))
    }

    /// A customer's answers, newest first.
    pub fn customer_survey_answers(&self, customer_id: i64) -> Result<Vec<SurveyAnswer>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.survey_answers(customer_id)?)
    }

    /// The answers given in a span, newest first (at most [`ANSWER_LIST`]).
    pub fn survey_answer_lines(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<SurveyAnswerLine>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self
            .store
            .survey_answer_lines(from, to, ANSWER_LIST)?
            .into_iter()
            .map(|l| SurveyAnswerLine {
                answer: l.answer,
                customer_code: l.customer_code,
                customer_name: l.customer_name,
            })
            .collect())
    }

    /// The figures per tier (held when answering) over a span, grouped by
    /// `by` (or over the whole span). The tiers are the active scheme's,
    /// highest first; answers of tiers it no longer has follow by key.
    pub fn survey_summary_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        label: String,
        by: Option<PeriodKind>,
    ) -> Result<SurveySummary> {
        self.allow(crate::domain::Perm::View)?;
        if from > to {
            return Err(ApiError::invalid(format!(
                "开始日期 {from} 晚于结束日期 {to}"
            )));
        }
        let tiers = match self.active_scheme() {
            Ok(s) => s.labels(),
            Err(_) => Vec::new(),
        };
        let order: Vec<String> = tiers.iter().map(|t| t.key.clone()).collect();
        let mut grouped = Grouped::new(by);
        self.store
            .for_each_survey_answer(from, to, |day, tier, nps, csat, scores| {
                grouped.add(day, tier, nps, csat, scores)
            })?;
        Ok(SurveySummary {
            from,
            to,
            label,
            by,
            rows: grouped.rows(&order),
            tiers,
        })
    }

    /// The figures of a named span (`2026-11`, `2026Q4`, `2026`), or of the
    /// twelve months up to `today` when none is named, grouped by `by`.
    pub fn survey_summary(
        &self,
        period: Option<&str>,
        by: Option<PeriodKind>,
        today: NaiveDate,
    ) -> Result<SurveySummary> {
        self.allow(crate::domain::Perm::View)?;
        let (from, to, label) = span_or_year(period, today)?;
        self.survey_summary_between(from, to, label, by)
    }

    /// The answers of a named span, or of the twelve months up to `today`,
    /// newest first (at most [`ANSWER_LIST`]).
    pub fn survey_answers_in(
        &self,
        period: Option<&str>,
        today: NaiveDate,
    ) -> Result<Vec<SurveyAnswerLine>> {
        self.allow(crate::domain::Perm::View)?;
        let (from, to, _) = span_or_year(period, today)?;
        self.survey_answer_lines(from, to)
    }

    /// NPS and CSAT per tier held when answering, between two days: what
    /// the report's 客户服务 section shows (one row per tier, `tier` `""`
    /// for answers given before any rating, and a last row, `tier` `None`,
    /// for all tiers).
    pub fn survey_by_tier(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SurveyRow>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self
            .survey_summary_between(from, to, String::new(), None)?
            .rows)
    }

    /// The survey answers of a person's copy.
    pub(crate) fn survey_section(&self, customer_id: i64) -> Result<PersonSection> {
        let rows = self
            .store
            .survey_answers(customer_id)?
            .into_iter()
            .map(|a| {
                let scores = a
                    .scores
                    .iter()
                    .map(|(q, v)| format!("{q}：{v}"))
                    .collect::<Vec<_>>()
                    .join("；");
                vec![
                    a.answered_on.to_string(),
                    a.channel.label().to_owned(),
                    a.nps.map(|n| n.to_string()).unwrap_or_default(),
                    a.csat.map(|n| n.to_string()).unwrap_or_default(),
                    scores,
                    a.comment,
                    a.tier_at.unwrap_or_default(),
                    a.who,
                ]
            })
            .collect();
        Ok(PersonSection {
            title: "满意度答卷".into(),
            headers: [
                "答卷日期",
                "渠道",
                "推荐意愿",
                "满意度",
                "题目得分",
                "评价",
                "当时等级",
                "录入人",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows,
        })
    }
}

/// The channels an answer can come through, for forms: (key, label).
pub fn survey_channels() -> Vec<(String, String)> {
    SurveyChannel::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.label().to_owned()))
        .collect()
}
