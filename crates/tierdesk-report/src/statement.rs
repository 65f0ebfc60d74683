//! A customer's benefits in one period (what the API computes) and the
//! printable A4 statement of them (客户权益单), as one HTML page.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::{BenefitUse, TierLabel};
use ts_rs::TS;

use crate::escape_html as esc;
use crate::model::{mask_phone, yuan};

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

/// A quota or what is left of it: a number, or 不限 without limit.
pub fn quota_text(q: Option<u32>) -> String {
    q.map(|n| n.to_string()).unwrap_or_else(|| "不限".into())
}

const STYLE: &str = "@page{size:A4;margin:18mm 16mm}\
     body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;color:#222;font-size:11pt;margin:0 auto;max-width:178mm}\
     h1{font-size:18pt;margin:0 0 4mm}h2{font-size:13pt;margin:7mm 0 2mm}\
     table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:1.6mm 2.4mm;text-align:left}\
     th{background:#f2f2f2}thead{display:table-header-group}tr{page-break-inside:avoid}\
     td.n{text-align:right;font-variant-numeric:tabular-nums}\
     .info td{border:none;padding:0.8mm 4mm 0.8mm 0}.muted{color:#666}.tier{font-weight:bold}\
     .sign{margin-top:14mm;display:flex;justify-content:space-between}";

/// The printable statement of `s`, with the customer's phone masked and
/// the as-of day printed as the day of printing. Every text from the
/// archive or the scheme is escaped here, once.
pub fn benefit_statement_html(s: &CustomerBenefits, phone: Option<&str>) -> String {
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>客户权益单</title><style>{STYLE}</style></head><body>"
    );
    h.push_str("<h1>客户权益单</h1>");
    info(&mut h, s, phone);
    h.push_str("<h2>权益与额度</h2>");
    if let Some(note) = &s.note {
        h.push_str(&format!("<p class=\"muted\">{}</p>", esc(note)));
    }
    benefits(&mut h, s);
    h.push_str("<h2>本期使用记录</h2>");
    uses(&mut h, s);
    h.push_str(&format!(
        "<div class=\"sign\"><span>客户签字：</span><span>经办人签字：</span><span>打印日期：{}</span></div>",
        s.as_of
    ));
    h.push_str("</body></html>");
    h
}

/// Who, which tier, which scheme and period.
fn info(h: &mut String, s: &CustomerBenefits, phone: Option<&str>) {
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
}

/// Each benefit with its quota, used and left.
fn benefits(h: &mut String, s: &CustomerBenefits) {
    if s.benefits.is_empty() {
        return;
    }
    h.push_str("<table><thead><tr><th>权益</th><th>说明</th><th>本期额度</th><th>已用</th><th>剩余</th></tr></thead><tbody>");
    for b in &s.benefits {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&b.name),
            esc(&b.description),
            quota_text(b.quota),
            b.used,
            quota_text(b.remaining)
        ));
    }
    h.push_str("</tbody></table>");
}

/// The uses of the period and what they cost.
fn uses(h: &mut String, s: &CustomerBenefits) {
    if s.uses.is_empty() {
        h.push_str("<p class=\"muted\">本期还没有使用记录。</p>");
        return;
    }
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
