//! The dashboard and the tier report (HTML, PDF, .xlsx). This reads what a
//! report needs from the store and hands it to `tierdesk-report`, which
//! computes the figures (`build_report`) and renders them. The day the
//! report is made is a parameter; nothing here reads the clock.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tierdesk_domain::{Batch, Customer, Msg};
use tierdesk_report::{
    mask_phone, BatchFacts, BenefitOffer, BenefitUses, Logo, ReportFacts, Tally, TierReport,
};
use tierdesk_tiers::Scheme;
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// The setting that holds the company name printed on reports.
pub const COMPANY: &str = "company_name";
/// The setting that holds the path of the company logo (PNG or JPEG).
pub const LOGO: &str = "company_logo";
/// A logo file larger than this is not embedded.
const LOGO_MAX_BYTES: u64 = 5 * 1024 * 1024;

/// Which report to make.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReportRequest {
    /// A scheme key; the active scheme when absent.
    pub scheme: Option<String>,
    /// A batch id; else the latest batch of `period`; else the latest batch.
    pub batch: Option<i64>,
    /// 2024, 2024H1 or 2024Q1.
    pub period: Option<String>,
    /// The company name; the saved one when absent.
    pub company: Option<String>,
    /// A PNG or JPEG logo file; the saved one when absent.
    pub logo: Option<String>,
    /// Print phone numbers in full (masked by default).
    pub no_mask: bool,
}

/// A customer on the dashboard's lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DueCustomer {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub tier: String,
    pub color: String,
    /// The next rating date, or the birthday (MM-DD).
    pub date: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    pub report: TierReport,
    /// Ratings due in the next 30 days.
    pub upcoming_total: u64,
    pub upcoming: Vec<DueCustomer>,
    /// Birthdays this month.
    pub month: u32,
    pub birthdays_total: u64,
    pub birthdays: Vec<DueCustomer>,
    /// To-dos still to do: due today, overdue, within the week (今日待办's counts).
    pub todos: tierdesk_domain::TodoCounts,
}

/// 2024Q1 → 2024年第一季度, 2024H2 → 2024年下半年, 2024 → 2024年度.
pub use tierdesk_tiers::period_label;

impl Api {
    pub(crate) fn report_scheme(&self, key: Option<&str>) -> Result<Scheme> {
        match key {
            Some(k) if !k.trim().is_empty() => self.scheme(k.trim()),
            _ => self.active_scheme(),
        }
    }

    /// The company name printed on reports ("" when not set).
    pub fn company_name(&self) -> Result<String> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.setting(COMPANY)?.unwrap_or_default())
    }

    /// Computes the tier report: key figures per tier, Pareto curve, the
    /// movement of a batch, upgrades, downgrades, customers at risk,
    /// benefits. `today` is the day it is made: printed in its footer, and
    /// the rating date when no batch is reported (or the end of the period
    /// asked for, when that comes first).
    /// Printed and saved reports (not the dashboard) also carry the
    /// 流失与留存 section as of the report's date.
    pub fn tier_report(&self, req: &ReportRequest, today: NaiveDate) -> Result<TierReport> {
        self.allow(crate::domain::Perm::View)?;
        let mut report = self.build_report(req, today, true)?;
        let as_of = report.as_of.parse().unwrap_or(today);
        let facts = self.churn_report(as_of, &report.scheme_key)?;
        tierdesk_report::add_churn(&mut report, facts);
        let points = self.points_report(as_of, req.scheme.as_deref())?;
        tierdesk_report::add_points(&mut report, &points);
        Ok(report)
    }

    fn build_report(
        &self,
        req: &ReportRequest,
        today: NaiveDate,
        with_logo: bool,
    ) -> Result<TierReport> {
        let scheme = self.report_scheme(req.scheme.as_deref())?;
        let batches = self.store.batches()?;
        let batch = report_batch(&batches, &scheme, req)?;
        let period = match (&batch, &req.period) {
            (Some(b), _) => b.period.clone(),
            (None, Some(p)) => p.trim().to_uppercase(),
            (None, None) => String::new(),
        };
        let as_of = match (&batch, period.is_empty()) {
            (Some(b), _) => b.as_of,
            (None, false) => tierdesk_tiers::parse_period(&period)
                .map(|(_, end)| end.min(today))
                .unwrap_or(today),
            (None, true) => today,
        };
        let service = self.service_facts(&scheme, &period, as_of)?;
        let mut tally = Tally::new(&scheme.labels()).count_contacts(as_of, &service.visit_days);
        self.store.for_each_live_customer(|c| tally.add(c))?;
        let facts = ReportFacts {
            company: match &req.company {
                Some(c) => c.trim().to_owned(),
                None => self.company_name()?,
            },
            logo: self.report_logo(req, with_logo)?,
            scheme_key: scheme.key.clone(),
            scheme_name: scheme.name.clone(),
            tiers: scheme.labels(),
            period_label: if period.is_empty() {
                String::new()
            } else {
                period_label(&period)
            },
            period,
            as_of,
            generated_on: today,
            mask_phones: !req.no_mask,
            batch: match &batch {
                Some(b) => Some(self.batch_facts(b)?),
                None => None,
            },
            last_purchases: if self.store.transaction_count()? > 0 {
                self.store.last_purchases()?
            } else {
                HashMap::new()
            },
            benefits: scheme
                .benefits
                .iter()
                .map(|b| BenefitOffer {
                    tier: b.tier.clone(),
                    name: b.name.clone(),
                    description: b.description.clone(),
                    quota: b.quota,
                    cost: b.cost,
                })
                .collect(),
            benefit_uses: self.benefit_uses_in_period(&scheme, as_of)?,
            past_batches: batches
                .iter()
                .filter(|b| b.scheme_key == scheme.key && b.undone_at.is_none())
                .map(|b| (b.id, b.period.clone()))
                .collect(),
            past_counts: self.store.tier_counts_by_batch()?,
            service,
        };
        Ok(tierdesk_report::build_report(facts, tally))
    }

    /// A batch's flows between tiers and the customers it moved.
    fn batch_facts(&self, b: &Batch) -> Result<BatchFacts> {
        let moves = self.store.batch_moves(b.id)?;
        let label_msg = Msg::new("rating.batch_label")
            .with("period", &b.period)
            .with("as_of", b.as_of)
            .with("id", b.id);
        Ok(BatchFacts {
            id: b.id,
            label: label_msg.zh(),
            label_msg,
            flows: self.store.batch_matrix(b.id)?,
            moves,
        })
    }

    /// Uses of each benefit recorded in the period of the scheme's cycle
    /// holding `as_of`.
    fn benefit_uses_in_period(
        &self,
        scheme: &Scheme,
        as_of: NaiveDate,
    ) -> Result<Vec<BenefitUses>> {
        let Ok((_, from, to)) = crate::benefits::period_span(scheme, as_of) else {
            return Ok(Vec::new());
        };
        Ok(self
            .store
            .benefit_usage(from, to)?
            .into_iter()
            .map(|u| BenefitUses {
                tier: u.tier,
                benefit: u.benefit,
                uses: u.uses,
            })
            .collect())
    }

    /// The logo the request names, else the saved one; none for the dashboard.
    fn report_logo(&self, req: &ReportRequest, with_logo: bool) -> Result<Option<Logo>> {
        let path = match &req.logo {
            _ if !with_logo => None,
            Some(p) => Some(p.clone()),
            None => self.setting(LOGO)?.filter(|p| !p.trim().is_empty()),
        };
        path.map(|p| read_logo(Path::new(&p))).transpose()
    }

    /// The dashboard on `today`: the active scheme's report figures,
    /// ratings due in the next 30 days and this month's birthdays.
    pub fn dashboard(&self, today: NaiveDate) -> Result<Dashboard> {
        self.allow(crate::domain::Perm::View)?;
        let report = self.build_report(&ReportRequest::default(), today, false)?;
        let scheme = self.active_scheme()?;
        let due = |c: Customer, date: String| {
            let t = c.tier.as_deref().and_then(|k| scheme.tier(k));
            DueCustomer {
                id: c.id,
                code: c.code.unwrap_or_default(),
                name: c.name,
                tier: t.map(|t| t.name.clone()).or(c.tier).unwrap_or_default(),
                color: t
                    .map(|t| t.color.clone())
                    .unwrap_or_else(|| "#bfbfbf".into()),
                date,
                phone: mask_phone(c.phone.as_deref().unwrap_or_default()),
            }
        };
        let (upcoming_total, upcoming) =
            self.store
                .upcoming_ratings(today, today + chrono::Days::new(30), 20)?;
        let (birthdays_total, birthdays) = self.store.birthdays_in_month(today.month(), 20)?;
        // The day is the caller's; the hour, for to-dos due at one, is the clock's on that day.
        let now = crate::now();
        let now = if now.date() == today {
            now
        } else {
            today.and_time(chrono::NaiveTime::MIN)
        };
        let todos = self.store.todo_counts(now, None)?;
        Ok(Dashboard {
            report,
            upcoming_total,
            upcoming: upcoming
                .into_iter()
                .map(|c| {
                    let d = c.next_rating_on.map(|d| d.to_string()).unwrap_or_default();
                    due(c, d)
                })
                .collect(),
            month: today.month(),
            birthdays_total,
            birthdays: birthdays
                .into_iter()
                .map(|c| {
                    let d = c
                        .birth_date
                        .map(|d| d.format("%m-%d").to_string())
                        .unwrap_or_default();
                    due(c, d)
                })
                .collect(),
            todos,
        })
    }

    /// The report as standalone HTML (the app's print preview).
    pub fn report_html(&self, req: &ReportRequest, today: NaiveDate) -> Result<String> {
        self.allow(crate::domain::Perm::View)?;
        let report = self.tier_report(req, today)?;
        self.log_report("report.print", &report, None)?;
        Ok(tierdesk_report::render_html(&report))
    }

    /// Records a report shown for printing or saved: the customers it names
    /// (movers and those at risk), masked or not.
    fn log_report(&self, action: &str, report: &TierReport, file: Option<&Path>) -> Result<()> {
        self.log_output(crate::audit::Output {
            action,
            kind: if file.is_some() { "file" } else { "print" },
            what: format!("等级报告（{} {}）", report.scheme_name, report.period_label),
            people: (report.upgrades.len()
                + report.downgrades.len()
                + report.at_risk.len()
                + churn_people(report)) as u64,
            masked: report.masked,
            file,
            customer: None,
        })
    }

    /// Writes the report to `out` as .pdf, .xlsx or .html, by its extension.
    pub fn export_report(
        &self,
        req: &ReportRequest,
        out: &Path,
        today: NaiveDate,
    ) -> Result<TierReport> {
        self.allow(crate::domain::Perm::View)?;
        let report = self.tier_report(req, today)?;
        let ext = out
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let bytes = match ext.as_str() {
            "pdf" => tierdesk_report::render_pdf(&report)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?,
            "xlsx" => tierdesk_report::render_xlsx(&report)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?,
            "html" | "htm" => tierdesk_report::render_html(&report).into_bytes(),
            _ => {
                return Err(ApiError::invalid(format!(
                    "报告只能保存为 .pdf、.xlsx 或 .html，「{}」的扩展名不是这三种",
                    out.display()
                )))
            }
        };
        self.log_report("report.export", &report, Some(out))?;
        crate::save_file(out, &bytes)?;
        Ok(report)
    }
}

/// The customers the 流失与留存 section names: its alert lines (the
/// workbook lists them all).
fn churn_people(report: &TierReport) -> usize {
    report
        .churn
        .as_ref()
        .and_then(|c| c.alerts.as_ref())
        .map_or(0, |a| a.lines.len())
}

/// The batch a request asks for: by id; else the scheme's latest of the
/// period; else the scheme's latest (undone batches never).
fn report_batch(batches: &[Batch], scheme: &Scheme, req: &ReportRequest) -> Result<Option<Batch>> {
    let period = req
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let live = |b: &&Batch| b.scheme_key == scheme.key && b.undone_at.is_none();
    Ok(match (req.batch, period) {
        (Some(id), _) => Some(
            batches
                .iter()
                .find(|b| b.id == id)
                .cloned()
                .ok_or_else(|| {
                    ApiError::new(ErrorCode::NotFound, format!("没有编号为 {id} 的评级批次"))
                })?,
        ),
        (None, Some(p)) => {
            tierdesk_tiers::parse_period(p)?;
            batches
                .iter()
                .filter(live)
                .find(|b| b.period.eq_ignore_ascii_case(p))
                .cloned()
        }
        (None, None) => batches.iter().find(live).cloned(),
    })
}

/// Reads a logo file: PNG or JPEG, at most 5 MB.
pub fn read_logo(path: &Path) -> Result<tierdesk_report::Logo> {
    let name = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::new(ErrorCode::File, format!("无法读取标志图片「{name}」：{e}")))?;
    if meta.len() > LOGO_MAX_BYTES {
        return Err(ApiError::invalid(format!(
            "标志图片「{name}」超过 5 MB，请换一张小一些的图片"
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ApiError::new(ErrorCode::File, format!("无法读取标志图片「{name}」：{e}")))?;
    tierdesk_report::Logo::from_bytes(bytes)
        .ok_or_else(|| ApiError::invalid(format!("标志图片「{name}」不是 PNG 或 JPEG 图片")))
}
