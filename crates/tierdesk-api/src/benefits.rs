//! Benefits of a customer's tier: what is left this period, recording and
//! undoing uses, the printable statement and the catalogue with usage.
//!
//! A benefit's quota counts uses per period of the active scheme's rating
//! cycle (2026, 2026H2 or 2026Q4) that holds the day of the use. A use
//! beyond the quota is refused (code `quota_used`) unless the caller gives
//! a reason to exceed it; the reason is kept with the use and printed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::{BenefitUse, Customer, NewBenefitUse, TierLabel};
use tierdesk_report::statement::quota_text;
pub use tierdesk_report::{BenefitStatus, CustomerBenefits};
use tierdesk_tiers::{self as tiers, Benefit, Scheme};
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// A use to record.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BenefitUseRequest {
    pub customer_id: i64,
    pub benefit: String,
    /// The day of the use; the caller's today when absent.
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
    /// Why a use beyond the quota is allowed; without one such a use is refused.
    #[serde(default)]
    pub over_quota_reason: Option<String>,
}

/// One benefit of the catalogue and its use this period.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CatalogueLine {
    pub name: String,
    pub description: String,
    pub quota: Option<u32>,
    pub cost: f64,
    pub uses: u64,
    /// Customers who used it at least once.
    pub customers_used: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CatalogueTier {
    pub tier: TierLabel,
    /// Live customers holding the tier now.
    pub customers: u64,
    pub benefits: Vec<CatalogueLine>,
}

/// The benefits of the active scheme per tier, with this period's usage.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BenefitCatalogue {
    pub scheme: String,
    pub scheme_name: String,
    pub period: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub tiers: Vec<CatalogueTier>,
}

pub(crate) fn period_span(
    scheme: &Scheme,
    day: NaiveDate,
) -> Result<(String, NaiveDate, NaiveDate)> {
    let period = tiers::period_of(day, scheme.cycle);
    let (from, to) = tiers::parse_period(&period)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    Ok((period, from, to))
}

fn tier_benefits<'a>(scheme: &'a Scheme, tier: &str) -> Vec<&'a Benefit> {
    scheme.benefits.iter().filter(|b| b.tier == tier).collect()
}

impl Api {
    /// A customer's benefits in the period of the active scheme's cycle
    /// holding `as_of`, with what it used in that period.
    pub fn customer_benefits(
        &self,
        customer_id: i64,
        as_of: NaiveDate,
    ) -> Result<CustomerBenefits> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = self.active_scheme()?;
        let c = self.customer(customer_id)?;
        self.benefits_of(&scheme, &c, as_of)
    }

    fn benefits_of(
        &self,
        scheme: &Scheme,
        c: &Customer,
        as_of: NaiveDate,
    ) -> Result<CustomerBenefits> {
        let (period, from, to) = period_span(scheme, as_of)?;
        let tier = c.tier.as_deref().and_then(|t| scheme.tier(t));
        let uses = self.store.benefit_uses(c.id, from, to)?;
        let note = match (tier, &c.tier) {
            (None, None) => Some(format!(
                "这位客户还没有按「{}」评级，暂无权益。",
                scheme.name
            )),
            (None, Some(old)) => Some(format!(
                "这位客户的等级「{old}」不是「{}」中的等级，评级后才有权益。",
                scheme.name
            )),
            (Some(t), _) if tier_benefits(scheme, &t.key).is_empty() => {
                Some(format!("「{}」等级没有设置权益。", t.name))
            }
            _ => None,
        };
        let benefits = tier
            .map(|t| tier_benefits(scheme, &t.key))
            .unwrap_or_default()
            .into_iter()
            .map(|b| {
                let used = uses.iter().filter(|u| u.benefit == b.name).count() as u32;
                BenefitStatus {
                    name: b.name.clone(),
                    description: b.description.clone(),
                    quota: b.quota,
                    used,
                    remaining: b.quota.map(|q| q.saturating_sub(used)),
                    cost: b.cost,
                }
            })
            .collect();
        Ok(CustomerBenefits {
            customer_id: c.id,
            code: c.code.clone(),
            name: c.name.clone(),
            tier: tier.map(tiers::TierDef::label),
            scheme: scheme.key.clone(),
            scheme_name: scheme.name.clone(),
            period,
            period_from: from,
            period_to: to,
            as_of,
            benefits,
            uses,
            note,
        })
    }

    /// Records a use of a benefit of the customer's current tier. A use
    /// beyond the period's quota is refused unless `over_quota_reason` says
    /// why. A request without a date is a use on `today`.
    pub fn record_benefit_use(
        &mut self,
        req: &BenefitUseRequest,
        who: &str,
        today: NaiveDate,
    ) -> Result<BenefitUse> {
        self.allow_customer(req.customer_id)?;
        let scheme = self.active_scheme()?;
        let c = self.customer(req.customer_id)?;
        let day = req.date.unwrap_or(today);
        let status = self.benefits_of(&scheme, &c, day)?;
        let name = req.benefit.trim();
        let Some(tier) = &status.tier else {
            return Err(ApiError::invalid(status.note.unwrap_or_default()));
        };
        let Some(b) = status.benefits.iter().find(|b| b.name == name) else {
            let names: Vec<&str> = status.benefits.iter().map(|b| b.name.as_str()).collect();
            return Err(ApiError::new(
                ErrorCode::NotFound,
                if names.is_empty() {
                    format!("「{}」等级没有权益「{name}」，也没有其他权益。", tier.name)
                } else {
                    format!(
                        "「{}」等级没有权益「{name}」。可登记的权益：{}",
                        tier.name,
                        names.join("、")
                    )
                },
            ));
        };
        let reason = req
            .over_quota_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let over = b.remaining == Some(0);
        if over && reason.is_none() {
            return Err(ApiError::new(
                ErrorCode::QuotaUsed,
                format!(
                    "「{}」在 {} 的额度为 {} 次，已用 {} 次，不能再登记。如确需登记，请填写超额原因。",
                    b.name,
                    status.period,
                    quota_text(b.quota),
                    b.used
                ),
            ));
        }
        Ok(self.store.record_benefit_use(&NewBenefitUse {
            customer_id: c.id,
            benefit: b.name.clone(),
            tier: tier.key.clone(),
            scheme_key: scheme.key.clone(),
            used_on: day,
            note: req.note.trim().to_owned(),
            who: who.to_owned(),
            over_quota_reason: if over {
                reason.map(str::to_owned)
            } else {
                None
            },
        })?)
    }

    /// Deletes a recorded use (a use recorded by mistake).
    pub fn undo_benefit_use(&mut self, id: i64) -> Result<BenefitUse> {
        self.allow_record(crate::users::Owned::BenefitUse, id)?;
        self.store.delete_benefit_use(id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("没有编号为 {id} 的权益使用记录"),
            )
        })
    }

    /// The benefits of the active scheme per tier with the usage in the
    /// period holding `as_of`.
    pub fn benefit_catalogue(&self, as_of: NaiveDate) -> Result<BenefitCatalogue> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = self.active_scheme()?;
        let (period, from, to) = period_span(&scheme, as_of)?;
        let usage = self.store.benefit_usage(from, to)?;
        let mut out = Vec::new();
        for t in &scheme.tiers {
            let customers = self
                .store
                .list_customers(&tierdesk_domain::CustomerQuery {
                    tier: Some(t.key.clone()),
                    limit: 1,
                    ..Default::default()
                })?
                .total;
            let benefits = tier_benefits(&scheme, &t.key)
                .into_iter()
                .map(|b| {
                    let u = usage
                        .iter()
                        .find(|u| u.tier == t.key && u.benefit == b.name);
                    CatalogueLine {
                        name: b.name.clone(),
                        description: b.description.clone(),
                        quota: b.quota,
                        cost: b.cost,
                        uses: u.map(|u| u.uses).unwrap_or(0),
                        customers_used: u.map(|u| u.customers).unwrap_or(0),
                    }
                })
                .collect();
            out.push(CatalogueTier {
                tier: t.label(),
                customers,
                benefits,
            });
        }
        Ok(BenefitCatalogue {
            scheme: scheme.key.clone(),
            scheme_name: scheme.name.clone(),
            period,
            period_from: from,
            period_to: to,
            tiers: out,
        })
    }

    /// A printable A4 statement of a customer's benefits in the period
    /// holding `as_of`.
    pub fn benefit_statement_html(&self, customer_id: i64, as_of: NaiveDate) -> Result<String> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = self.active_scheme()?;
        let c = self.customer(customer_id)?;
        let s = self.benefits_of(&scheme, &c, as_of)?;
        self.log_output(crate::audit::Output {
            action: "statement.print",
            kind: "print",
            what: format!("客户权益单（{as_of}）"),
            people: 1,
            // The statement shows the phone masked (138****5678).
            masked: true,
            file: None,
            customer: Some(c.id),
        })?;
        Ok(tierdesk_report::benefit_statement_html(
            &s,
            c.phone.as_deref(),
        ))
    }
}
