//! The dashboard and the tier report (HTML, PDF, .xlsx).

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, Local, NaiveDate};
use serde::{Deserialize, Serialize};
use tierdesk_domain::{Customer, TierLabel};
use tierdesk_report::{
    mask_phone, BenefitLine, HistoryPoint, Movement, Mover, ParetoPoint, RiskLine, TierFigures,
    TierReport,
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
}

/// How many upgrades, downgrades and customers at risk a report lists.
const LIST_LIMIT: usize = 30;
/// A top-tier customer whose last purchase is older than this is at risk.
const RISK_NO_PURCHASE_DAYS: i64 = 90;
/// … or who has not been contacted for this long.
const RISK_NO_CONTACT_DAYS: i64 = 180;

/// 2024Q1 → 2024年第一季度, 2024H2 → 2024年下半年, 2024 → 2024年度.
pub use tierdesk_tiers::period_label;

fn days_between(from: &str, to: NaiveDate) -> Option<i64> {
    let d = NaiveDate::parse_from_str(from.get(..10)?, "%Y-%m-%d").ok()?;
    Some((to - d).num_days())
}

impl Api {
    pub(crate) fn report_scheme(&self, key: Option<&str>) -> Result<Scheme> {
        match key {
            Some(k) if !k.trim().is_empty() => self.scheme(k.trim()),
            _ => self.active_scheme(),
        }
    }

    /// The company name printed on reports ("" when not set).
    pub fn company_name(&self) -> Result<String> {
        Ok(self.setting(COMPANY)?.unwrap_or_default())
    }

    /// Computes the tier report: key figures per tier, Pareto curve, the
    /// movement of a batch, upgrades, downgrades, customers at risk, benefits.
    pub fn tier_report(&self, req: &ReportRequest) -> Result<TierReport> {
        self.build_report(req, true)
    }

    fn build_report(&self, req: &ReportRequest, with_logo: bool) -> Result<TierReport> {
        let scheme = self.report_scheme(req.scheme.as_deref())?;
        let mask = !req.no_mask;
        let batches = self.store.batches()?;
        let batch = match (
            req.batch,
            req.period
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty()),
        ) {
            (Some(id), _) => Some(batches.iter().find(|b| b.id == id).cloned().ok_or_else(
                || ApiError::new(ErrorCode::NotFound, format!("没有编号为 {id} 的评级批次")),
            )?),
            (None, Some(p)) => {
                tierdesk_tiers::parse_period(p)?;
                batches
                    .iter()
                    .find(|b| {
                        b.scheme_key == scheme.key
                            && b.undone_at.is_none()
                            && b.period.eq_ignore_ascii_case(p)
                    })
                    .cloned()
            }
            (None, None) => batches
                .iter()
                .find(|b| b.scheme_key == scheme.key && b.undone_at.is_none())
                .cloned(),
        };
        let today = Local::now().date_naive();
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
        let phone = |p: &Option<String>| {
            let p = p.clone().unwrap_or_default();
            if mask {
                mask_phone(&p)
            } else {
                p
            }
        };

        // Key figures per tier, and the spends for the Pareto curve.
        let n_tiers = scheme.tiers.len();
        let index: HashMap<&str, usize> = scheme
            .tiers
            .iter()
            .enumerate()
            .map(|(i, t)| (t.key.as_str(), i))
            .collect();
        let mut counts = vec![0u64; n_tiers + 1];
        let mut revenue = vec![0f64; n_tiers + 1];
        let mut spends: Vec<f64> = Vec::new();
        // High-value customers: the two highest tiers.
        let mut high: Vec<Customer> = Vec::new();
        self.store.for_each_live_customer(|c| {
            let i = c
                .tier
                .as_deref()
                .and_then(|t| index.get(t))
                .copied()
                .unwrap_or(n_tiers);
            let s = c.spend.unwrap_or(0.0);
            counts[i] += 1;
            revenue[i] += s;
            spends.push(s.max(0.0));
            if i < 2.min(n_tiers.saturating_sub(1)) {
                high.push(c);
            }
        })?;
        let customers: u64 = counts.iter().sum();
        let total_revenue: f64 = revenue.iter().sum();
        let share = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
        let mut tiers: Vec<TierFigures> = scheme
            .tiers
            .iter()
            .enumerate()
            .map(|(i, t)| TierFigures {
                key: t.key.clone(),
                name: t.name.clone(),
                color: t.color.clone(),
                customers: counts[i],
                customer_share: share(counts[i] as f64, customers as f64),
                revenue: revenue[i],
                revenue_share: share(revenue[i], total_revenue),
                avg_spend: share(revenue[i], counts[i] as f64),
            })
            .collect();
        if counts[n_tiers] > 0 {
            tiers.push(TierFigures {
                key: String::new(),
                name: "未评级".into(),
                color: "#bfbfbf".into(),
                customers: counts[n_tiers],
                customer_share: share(counts[n_tiers] as f64, customers as f64),
                revenue: revenue[n_tiers],
                revenue_share: share(revenue[n_tiers], total_revenue),
                avg_spend: share(revenue[n_tiers], counts[n_tiers] as f64),
            });
        }
        spends.sort_unstable_by(|a, b| b.total_cmp(a));
        let positive: f64 = spends.iter().sum();
        let mut pareto = Vec::new();
        let mut top20 = 0.0;
        if !spends.is_empty() && positive > 0.0 {
            let steps = 40;
            let mut cum = 0.0;
            let mut next = 1;
            for (i, s) in spends.iter().enumerate() {
                cum += s;
                let done = (i + 1) as f64 / spends.len() as f64;
                while next <= steps && done >= next as f64 / steps as f64 - 1e-12 {
                    pareto.push(ParetoPoint {
                        customers: next as f64 / steps as f64,
                        revenue: cum / positive,
                    });
                    next += 1;
                }
                if i + 1 == ((spends.len() as f64) * 0.2).ceil() as usize {
                    top20 = cum / positive;
                }
            }
        }

        // The batch's movement, upgrades and downgrades.
        let name_of = |key: &Option<String>| -> String {
            match key {
                Some(k) => scheme
                    .tier(k)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| k.clone()),
                None => "未评级".into(),
            }
        };
        let rank = |key: &Option<String>| key.as_deref().and_then(|k| scheme.rank(k));
        let mut movement = None;
        let mut upgrades = Vec::new();
        let mut downgrades = Vec::new();
        let mut downgraded: HashMap<i64, String> = HashMap::new();
        if let Some(b) = &batch {
            let cells = self.store.batch_matrix(b.id)?;
            let mut names: Vec<TierLabel> = scheme.labels();
            for (from, to, _) in &cells {
                for k in [from, to] {
                    let key = k.clone().unwrap_or_default();
                    if !names.iter().any(|n| n.key == key) {
                        names.push(TierLabel {
                            key: key.clone(),
                            name: name_of(k),
                            color: "#bfbfbf".into(),
                            stars: 0,
                        });
                    }
                }
            }
            let pos = |k: &Option<String>| {
                let key = k.clone().unwrap_or_default();
                names.iter().position(|n| n.key == key).unwrap_or(0)
            };
            let mut grid = vec![vec![0u64; names.len()]; names.len()];
            for (from, to, n) in &cells {
                grid[pos(from)][pos(to)] += n;
            }
            movement = Some(Movement {
                batch_id: b.id,
                label: format!(
                    "{} 评级（截至 {}，第 {} 批）",
                    period_label(&b.period),
                    b.as_of,
                    b.id
                ),
                tiers: names,
                counts: grid,
            });
            for m in self.store.batch_moves(b.id)? {
                let (rf, rt) = (rank(&m.from_tier), rank(&m.to_tier));
                let line = Mover {
                    customer_id: m.customer_id,
                    code: m.code.clone().unwrap_or_default(),
                    name: m.name.clone(),
                    phone: phone(&m.phone),
                    from: name_of(&m.from_tier),
                    to: name_of(&m.to_tier),
                    spend: m.spend,
                    reason: m.reason.clone(),
                };
                match (rf, rt) {
                    (Some(f), Some(t)) if t < f && upgrades.len() < LIST_LIMIT => {
                        upgrades.push(line);
                    }
                    (Some(f), Some(t)) if t > f => {
                        downgraded
                            .insert(m.customer_id, format!("本期由{}降为{}", line.from, line.to));
                        if downgrades.len() < LIST_LIMIT {
                            downgrades.push(line);
                        }
                    }
                    _ => {}
                }
            }
        }

        // High-value customers at risk.
        let last_purchase = if self.store.transaction_count()? > 0 {
            self.store.last_purchases()?
        } else {
            HashMap::new()
        };
        let mut at_risk: Vec<RiskLine> = Vec::new();
        for c in &high {
            let mut reasons = Vec::new();
            if let Some(r) = downgraded.get(&c.id) {
                reasons.push(r.clone());
            }
            if let Some(days) = last_purchase
                .get(&c.id)
                .and_then(|d| days_between(d, as_of))
            {
                if days > RISK_NO_PURCHASE_DAYS {
                    reasons.push(format!("最近一次购买距今 {days} 天"));
                }
            }
            if let Some(d) = c.last_contact_on {
                let days = (as_of - d).num_days();
                if days > RISK_NO_CONTACT_DAYS {
                    reasons.push(format!("已 {days} 天未联系"));
                }
            }
            if !reasons.is_empty() {
                at_risk.push(RiskLine {
                    customer_id: c.id,
                    code: c.code.clone().unwrap_or_default(),
                    name: c.name.clone(),
                    phone: phone(&c.phone),
                    tier: name_of(&c.tier),
                    spend: c.spend,
                    reason: reasons.join("；"),
                });
            }
        }
        at_risk.sort_by(|a, b| {
            b.spend
                .unwrap_or(0.0)
                .total_cmp(&a.spend.unwrap_or(0.0))
                .then(a.customer_id.cmp(&b.customer_id))
        });
        at_risk.truncate(LIST_LIMIT);

        // Benefits, their expected cost for the period and the uses recorded in it.
        let usage = match crate::benefits::period_span(&scheme, as_of) {
            Ok((_, from, to)) => self.store.benefit_usage(from, to)?,
            Err(_) => Vec::new(),
        };
        let benefits: Vec<BenefitLine> = scheme
            .benefits
            .iter()
            .map(|b| {
                let n = index.get(b.tier.as_str()).map(|i| counts[*i]).unwrap_or(0);
                BenefitLine {
                    tier: name_of(&Some(b.tier.clone())),
                    name: b.name.clone(),
                    description: b.description.clone(),
                    quota: b.quota,
                    customers: n,
                    cost_per_use: b.cost,
                    cost: n as f64 * b.quota.unwrap_or(1) as f64 * b.cost,
                    uses: usage
                        .iter()
                        .filter(|u| u.tier == b.tier && u.benefit == b.name)
                        .map(|u| u.uses)
                        .sum(),
                    used_cost: 0.0,
                }
            })
            .collect();
        let benefits: Vec<BenefitLine> = benefits
            .into_iter()
            .map(|b| BenefitLine {
                used_cost: b.uses as f64 * b.cost_per_use,
                ..b
            })
            .collect();
        let benefits_cost = benefits.iter().map(|b| b.cost).sum();
        let benefits_used_cost = benefits.iter().map(|b| b.used_cost).sum();

        // Tier counts after each past batch of this scheme (the last eight).
        let label_of: HashMap<i64, String> = batches
            .iter()
            .filter(|b| b.scheme_key == scheme.key && b.undone_at.is_none())
            .map(|b| (b.id, b.period.clone()))
            .collect();
        let mut history: Vec<HistoryPoint> = Vec::new();
        let mut last_batch = None;
        for (id, tier, n) in self.store.tier_counts_by_batch()? {
            let Some(label) = label_of.get(&id) else {
                continue;
            };
            if last_batch != Some(id) {
                history.push(HistoryPoint {
                    label: label.clone(),
                    counts: vec![0; tiers.len()],
                });
                last_batch = Some(id);
            }
            let key = tier.unwrap_or_default();
            let i = tiers
                .iter()
                .position(|t| t.key == key)
                .unwrap_or(tiers.len().saturating_sub(1));
            if let Some(h) = history.last_mut() {
                if let Some(slot) = h.counts.get_mut(i) {
                    *slot += n;
                }
            }
        }
        if history.len() > 8 {
            history.drain(..history.len() - 8);
        }

        let logo_path = match &req.logo {
            _ if !with_logo => None,
            Some(p) => Some(p.clone()),
            None => self.setting(LOGO)?.filter(|p| !p.trim().is_empty()),
        };
        let logo = match logo_path {
            Some(p) => Some(read_logo(Path::new(&p))?),
            None => None,
        };
        Ok(TierReport {
            logo,
            company: match &req.company {
                Some(c) => c.trim().to_owned(),
                None => self.company_name()?,
            },
            scheme_key: scheme.key.clone(),
            scheme_name: scheme.name.clone(),
            period_label: if period.is_empty() {
                String::new()
            } else {
                period_label(&period)
            },
            period,
            as_of: as_of.to_string(),
            generated_on: today.to_string(),
            masked: mask,
            customers,
            revenue: total_revenue,
            tiers,
            pareto,
            top20_revenue_share: top20,
            movement,
            upgrades,
            downgrades,
            at_risk,
            benefits,
            benefits_cost,
            benefits_used_cost,
            history,
        })
    }

    /// The dashboard: the active scheme's report figures, ratings due in the
    /// next 30 days and this month's birthdays.
    pub fn dashboard(&self) -> Result<Dashboard> {
        let report = self.build_report(&ReportRequest::default(), false)?;
        let scheme = self.active_scheme()?;
        let today = Local::now().date_naive();
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
        })
    }

    /// The report as standalone HTML (the app's print preview).
    pub fn report_html(&self, req: &ReportRequest) -> Result<String> {
        Ok(tierdesk_report::render_html(&self.tier_report(req)?))
    }

    /// Writes the report to `out` as .pdf, .xlsx or .html, by its extension.
    pub fn export_report(&self, req: &ReportRequest, out: &Path) -> Result<TierReport> {
        let report = self.tier_report(req)?;
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
        crate::save_file(out, &bytes)?;
        Ok(report)
    }
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
