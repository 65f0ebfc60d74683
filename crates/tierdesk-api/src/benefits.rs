//! Benefits of a customer's tier: what is left this period, recording and
//! undoing uses, the printable statement and the catalogue with usage.
//!
//! A benefit's quota counts uses per period of the active scheme's rating
//! cycle (2026, 2026H2 or 2026Q4) that holds the day of the use. A use
//! beyond the quota is refused (code `quota_used`) unless the caller gives
//! a reason to exceed it; the reason is kept with the use and printed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::{BenefitUse, Customer, NewBenefitUse};
use tierdesk_report::{mask_phone, yuan};
use tierdesk_tiers::{self as tiers, Benefit, Scheme};
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};
use tierdesk_domain::TierLabel;

/// One benefit of a customer's tier and how much of it is left.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BenefitStatus {
    pub name: String,
    pub description: String,
    /// Uses per period; `None` is 不限.
    pub quota: Option<u32>,
    pub used: u32,
    /// `None` when the quota is 不限; never below 0.
    pub remaining: Option<u32>,
    /// Cost per use, in yuan.
    pub cost: f64,
}

/// What a customer may use this period and what it has used.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CustomerBenefits {
    pub customer_id: i64,
    pub code: Option<String>,
    pub name: String,
    /// The customer's tier in the active scheme (`None` when not rated by it).
    pub tier: Option<TierLabel>,
    pub scheme: String,
    pub scheme_name: String,
    /// The period of the scheme's cycle holding the as-of day, e.g. 2026.
    pub period: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub as_of: NaiveDate,
    pub benefits: Vec<BenefitStatus>,
    /// Uses recorded in the period, oldest first.
    pub uses: Vec<BenefitUse>,
    /// Why the customer has no benefits, when it has none.
    pub note: Option<String>,
}

/// A use to record.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BenefitUseRequest {
    pub customer_id: i64,
    pub benefit: String,
    /// The day of the use; today when absent.
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

pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
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

fn quota_text(q: Option<u32>) -> String {
    q.map(|n| n.to_string()).unwrap_or_else(|| "不限".into())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Api {
    /// A customer's benefits in the period holding today.
    pub fn customer_benefits(&self, customer_id: i64) -> Result<CustomerBenefits> {
        self.customer_benefits_on(customer_id, today())
    }

    /// A customer's benefits in the period of the active scheme's cycle
    /// holding `as_of`, with what it used in that period.
    pub fn customer_benefits_on(
        &self,
        customer_id: i64,
        as_of: NaiveDate,
    ) -> Result<CustomerBenefits> {
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
    /// beyond the period's quota is refused unless `over_quota_reason` says why.
    pub fn record_benefit_use(&mut self, req: &BenefitUseRequest, who: &str) -> Result<BenefitUse> {
        let scheme = self.active_scheme()?;
        let c = self.customer(req.customer_id)?;
        let day = req.date.unwrap_or_else(today);
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
        self.store.delete_benefit_use(id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("没有编号为 {id} 的权益使用记录"),
            )
        })
    }

    /// The benefits of the active scheme per tier with this period's usage.
    pub fn benefit_catalogue(&self) -> Result<BenefitCatalogue> {
        self.benefit_catalogue_on(today())
    }

    pub fn benefit_catalogue_on(&self, as_of: NaiveDate) -> Result<BenefitCatalogue> {
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

    /// A printable A4 statement of a customer's benefits this period.
    pub fn benefit_statement_html(&self, customer_id: i64) -> Result<String> {
        self.benefit_statement_html_on(customer_id, today())
    }

    pub fn benefit_statement_html_on(&self, customer_id: i64, as_of: NaiveDate) -> Result<String> {
        let scheme = self.active_scheme()?;
        let c = self.customer(customer_id)?;
        let s = self.benefits_of(&scheme, &c, as_of)?;
        Ok(statement_html(&s, c.phone.as_deref()))
    }
}

fn statement_html(s: &CustomerBenefits, phone: Option<&str>) -> String {
    let mut h = String::new();
    h.push_str(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>客户权益单</title><style>\
         @page{size:A4;margin:18mm 16mm}\
         body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;color:#222;font-size:11pt;margin:0 auto;max-width:178mm}\
         h1{font-size:18pt;margin:0 0 4mm}h2{font-size:13pt;margin:7mm 0 2mm}\
         table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:1.6mm 2.4mm;text-align:left}\
         th{background:#f2f2f2}thead{display:table-header-group}tr{page-break-inside:avoid}\
         td.n{text-align:right;font-variant-numeric:tabular-nums}\
         .info td{border:none;padding:0.8mm 4mm 0.8mm 0}.muted{color:#666}.tier{font-weight:bold}\
         .sign{margin-top:14mm;display:flex;justify-content:space-between}\
         </style></head><body>",
    );
    h.push_str("<h1>客户权益单</h1>");
    h.push_str("<table class=\"info\"><tbody>");
    let tier = s
        .tier
        .as_ref()
        .map(|t| {
            format!(
                "<span class=\"tier\" style=\"color:{}\">{}</span>",
                esc(&t.color),
                esc(&t.name)
            )
        })
        .unwrap_or_else(|| "未评级".into());
    h.push_str(&format!(
        "<tr><td>客户：{}</td><td>客户编号：{}</td><td>联系方式：{}</td></tr>",
        esc(&s.name),
        esc(s.code.as_deref().unwrap_or("—")),
        esc(&phone.map(mask_phone).unwrap_or_else(|| "—".into()))
    ));
    h.push_str(&format!(
        "<tr><td>等级：{tier}</td><td>方案：{}</td><td>周期：{}（{} 至 {}）</td></tr>",
        esc(&s.scheme_name),
        esc(&s.period),
        s.period_from,
        s.period_to
    ));
    h.push_str("</tbody></table>");
    h.push_str("<h2>权益与额度</h2>");
    if let Some(note) = &s.note {
        h.push_str(&format!("<p class=\"muted\">{}</p>", esc(note)));
    }
    if !s.benefits.is_empty() {
        h.push_str("<table><thead><tr><th>权益</th><th>说明</th><th>本期额度</th><th>已用</th><th>剩余</th></tr></thead><tbody>");
        for b in &s.benefits {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&b.name),
                esc(&b.description),
                quota_text(b.quota),
                b.used,
                b.remaining
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "不限".into())
            ));
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("<h2>本期使用记录</h2>");
    if s.uses.is_empty() {
        h.push_str("<p class=\"muted\">本期还没有使用记录。</p>");
    } else {
        h.push_str("<table><thead><tr><th>日期</th><th>权益</th><th>备注</th><th>经办人</th></tr></thead><tbody>");
        for u in &s.uses {
            let note = match &u.over_quota_reason {
                Some(r) if u.note.is_empty() => format!("超额：{r}"),
                Some(r) => format!("{}（超额：{r}）", u.note),
                None => u.note.clone(),
            };
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                u.used_on,
                esc(&u.benefit),
                esc(&note),
                esc(&u.who)
            ));
        }
        h.push_str("</tbody></table>");
        let cost: f64 = s
            .uses
            .iter()
            .filter_map(|u| s.benefits.iter().find(|b| b.name == u.benefit))
            .map(|b| b.cost)
            .sum();
        if cost > 0.0 {
            h.push_str(&format!(
                "<p class=\"muted\">本期权益成本合计 {}（{} 次使用）。</p>",
                yuan(cost),
                s.uses.len()
            ));
        }
    }
    h.push_str(&format!(
        "<div class=\"sign\"><span>客户签字：</span><span>经办人签字：</span><span>打印日期：{}</span></div>",
        s.as_of
    ));
    h.push_str("</body></html>");
    h
}
