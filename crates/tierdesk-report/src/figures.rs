//! The report's figures, computed from plain data: tier counts and shares,
//! the Pareto curve, a batch's movement and movers, customers at risk,
//! benefits and their cost, and tier counts over past batches.
//!
//! The API reads the database and hands everything over as [`ReportFacts`]
//! and a [`Tally`] of the live customers (fed one customer at a time, so an
//! archive of a million customers is never held whole); [`build_report`]
//! does the rest without IO or clock.

use std::collections::HashMap;

use chrono::NaiveDate;
use tierdesk_domain::{Customer, Msg, TierLabel, TierMove};

use crate::model::{
    mask_phone, BenefitLine, HistoryPoint, Logo, Movement, Mover, ParetoPoint, RiskLine,
    TierFigures, TierReport,
};
use crate::service::{service_lines, ServiceFacts};

/// How many upgrades, downgrades and customers at risk a report lists.
pub const LIST_LIMIT: usize = 30;
/// A top-tier customer whose last purchase is older than this is at risk.
pub const RISK_NO_PURCHASE_DAYS: i64 = 90;
/// … or who has not been contacted for this long.
pub const RISK_NO_CONTACT_DAYS: i64 = 180;
/// How many past batches the tier history shows.
pub const HISTORY_BATCHES: usize = 8;
/// The name and colour of customers without one of the scheme's tiers.
pub(crate) const UNRATED: &str = "未评级";
pub(crate) const GREY: &str = "#bfbfbf";

/// Everything a report needs besides the customers, read by the caller.
#[derive(Debug, Clone, Default)]
pub struct ReportFacts {
    pub company: String,
    pub logo: Option<Logo>,
    pub scheme_key: String,
    pub scheme_name: String,
    /// The scheme's tiers, highest first.
    pub tiers: Vec<TierLabel>,
    /// 2024, 2024H1, 2024Q1 or empty.
    pub period: String,
    /// The period in words, empty with the period.
    pub period_label: String,
    /// The rating date the report speaks of: days without purchase or
    /// contact are counted up to it.
    pub as_of: NaiveDate,
    /// The day the report is made (printed in its footer).
    pub generated_on: NaiveDate,
    /// Print phones masked (138****5678).
    pub mask_phones: bool,
    /// The batch whose movement the report shows.
    pub batch: Option<BatchFacts>,
    /// Each customer's last purchase as stored (`YYYY-MM-DD…`).
    pub last_purchases: HashMap<i64, String>,
    /// The scheme's benefits.
    pub benefits: Vec<BenefitOffer>,
    /// Uses recorded in the period of `as_of`, per tier key and benefit.
    pub benefit_uses: Vec<BenefitUses>,
    /// (batch id, period) of the scheme's batches that were not undone.
    pub past_batches: Vec<(i64, String)>,
    /// (batch id, tier key after it, customers), ordered by batch id.
    pub past_counts: Vec<(i64, Option<String>, u64)>,
    /// Complaints, survey answers and visit intervals for the 客户服务 section.
    pub service: ServiceFacts,
}

/// A rating batch: its flows between tiers and the customers who moved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchFacts {
    pub id: i64,
    /// e.g. 「2024年第一季度 评级（截至 2024-03-31，第 3 批）」.
    pub label: String,
    /// `label` as a message (`rating.batch_label`), for the app's dashboard.
    pub label_msg: Msg,
    /// (from tier, to tier, customers); `None` is "not rated".
    pub flows: Vec<(Option<String>, Option<String>, u64)>,
    /// Customers whose tier changed, in the order they are listed (by spend).
    pub moves: Vec<TierMove>,
}

/// A benefit of a tier (by key).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BenefitOffer {
    pub tier: String,
    pub name: String,
    pub description: String,
    pub quota: Option<u32>,
    pub cost: f64,
}

/// Uses of one benefit of one tier recorded in the report's period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BenefitUses {
    pub tier: String,
    pub benefit: String,
    pub uses: u64,
}

/// The live customers counted per tier: customers and revenue per tier
/// (the last slot is "not one of the scheme's tiers"), every spend for the
/// Pareto curve, and the customers of the two highest tiers, who are
/// checked for signs of leaving.
#[derive(Debug, Clone)]
pub struct Tally {
    index: HashMap<String, usize>,
    counts: Vec<u64>,
    revenue: Vec<f64>,
    spends: Vec<f64>,
    high: Vec<Customer>,
    /// Per tier, the earliest last contact that counts as within its visit
    /// interval, and how many customers were contacted since.
    contact_since: Vec<Option<NaiveDate>>,
    contacted: Vec<u64>,
}

impl Tally {
    pub fn new(tiers: &[TierLabel]) -> Tally {
        let n = tiers.len();
        Tally {
            index: tiers
                .iter()
                .enumerate()
                .map(|(i, t)| (t.key.clone(), i))
                .collect(),
            counts: vec![0; n + 1],
            revenue: vec![0.0; n + 1],
            spends: Vec::new(),
            high: Vec::new(),
            contact_since: vec![None; n + 1],
            contacted: vec![0; n + 1],
        }
    }

    /// Also counts, per tier, the customers contacted within the tier's
    /// visit interval (days per tier key) up to `as_of`: a last contact on
    /// `as_of − days` or later counts (any contact, for an interval that
    /// reaches before the calendar's start).
    pub fn count_contacts(mut self, as_of: NaiveDate, visit_days: &HashMap<String, u32>) -> Tally {
        for (key, &i) in &self.index {
            self.contact_since[i] = visit_days.get(key).map(|d| {
                as_of
                    .checked_sub_days(chrono::Days::new(u64::from(*d)))
                    .unwrap_or(NaiveDate::MIN)
            });
        }
        self
    }

    pub fn add(&mut self, c: Customer) {
        let n = self.counts.len() - 1;
        let i = c
            .tier
            .as_deref()
            .and_then(|t| self.index.get(t))
            .copied()
            .unwrap_or(n);
        let s = c.spend.unwrap_or(0.0);
        self.counts[i] += 1;
        self.revenue[i] += s;
        self.spends.push(s.max(0.0));
        if let (Some(since), Some(last)) = (self.contact_since[i], c.last_contact_on) {
            if last >= since {
                self.contacted[i] += 1;
            }
        }
        // High-value customers: the two highest tiers (only the highest of a
        // two-tier scheme).
        if i < 2.min(n.saturating_sub(1)) {
            self.high.push(c);
        }
    }
}

impl Extend<Customer> for Tally {
    fn extend<I: IntoIterator<Item = Customer>>(&mut self, customers: I) {
        for c in customers {
            self.add(c);
        }
    }
}

/// The report from the facts and the customers tallied.
pub fn build_report(facts: ReportFacts, mut tally: Tally) -> TierReport {
    let names = Names {
        tiers: &facts.tiers,
        mask: facts.mask_phones,
    };
    let (tiers, customers, revenue) = tier_figures(&facts.tiers, &tally);
    let (pareto, top20_revenue_share) = pareto(std::mem::take(&mut tally.spends));
    let (movement, movers) = match &facts.batch {
        Some(b) => (Some(movement(&names, b)), movers(&names, &b.moves)),
        None => (None, Movers::default()),
    };
    let at_risk = at_risk(
        &names,
        &tally.high,
        &movers.downgraded,
        &facts.last_purchases,
        facts.as_of,
    );
    let benefits = benefit_lines(&names, &tally, &facts.benefits, &facts.benefit_uses);
    let history = history(&tiers, &facts.past_batches, &facts.past_counts);
    let service = service_lines(
        &facts.tiers,
        &tally.counts,
        &tally.contacted,
        &facts.service,
    );
    TierReport {
        company: facts.company,
        logo: facts.logo,
        scheme_key: facts.scheme_key,
        scheme_name: facts.scheme_name,
        period: facts.period,
        period_label: facts.period_label,
        as_of: facts.as_of.to_string(),
        generated_on: facts.generated_on.to_string(),
        masked: facts.mask_phones,
        customers,
        revenue,
        tiers,
        pareto,
        top20_revenue_share,
        movement,
        upgrades: movers.upgrades,
        downgrades: movers.downgrades,
        at_risk,
        benefits_cost: benefits.iter().map(|b| b.cost).sum(),
        benefits_used_cost: benefits.iter().map(|b| b.used_cost).sum(),
        benefits,
        history,
        service,
        survey_span: facts.service.survey_span,
        churn: None,
        points: None,
    }
}

/// The report from the facts and an iterator of the live customers.
pub fn build_report_from(
    facts: ReportFacts,
    customers: impl IntoIterator<Item = Customer>,
) -> TierReport {
    let mut tally = Tally::new(&facts.tiers).count_contacts(facts.as_of, &facts.service.visit_days);
    tally.extend(customers);
    build_report(facts, tally)
}

/// Tier names and phones as the report prints them.
struct Names<'a> {
    tiers: &'a [TierLabel],
    mask: bool,
}

impl Names<'_> {
    /// The scheme's name for a tier key; a key it does not know as is;
    /// no key is 未评级.
    fn tier(&self, key: Option<&str>) -> String {
        match key {
            Some(k) => self
                .tiers
                .iter()
                .find(|t| t.key == k)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| k.to_owned()),
            None => UNRATED.into(),
        }
    }

    /// 0 for the highest tier; `None` for no tier or one the scheme lacks.
    fn rank(&self, key: Option<&str>) -> Option<usize> {
        key.and_then(|k| self.tiers.iter().position(|t| t.key == k))
    }

    fn phone(&self, p: Option<&str>) -> String {
        let p = p.unwrap_or_default();
        if self.mask {
            mask_phone(p)
        } else {
            p.to_owned()
        }
    }
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// Figures per tier, highest first, with a 未评级 line when anyone has no
/// tier of the scheme; and the customers and revenue in all.
fn tier_figures(labels: &[TierLabel], tally: &Tally) -> (Vec<TierFigures>, u64, f64) {
    let customers: u64 = tally.counts.iter().sum();
    let revenue: f64 = tally.revenue.iter().sum();
    let line = |i: usize, key: &str, name: &str, color: &str| TierFigures {
        key: key.to_owned(),
        name: name.to_owned(),
        color: color.to_owned(),
        customers: tally.counts[i],
        customer_share: share(tally.counts[i] as f64, customers as f64),
        revenue: tally.revenue[i],
        revenue_share: share(tally.revenue[i], revenue),
        avg_spend: share(tally.revenue[i], tally.counts[i] as f64),
    };
    let mut tiers: Vec<TierFigures> = labels
        .iter()
        .enumerate()
        .map(|(i, t)| line(i, &t.key, &t.name, &t.color))
        .collect();
    let unrated = labels.len();
    if tally.counts[unrated] > 0 {
        tiers.push(line(unrated, "", UNRATED, GREY));
    }
    (tiers, customers, revenue)
}

/// The Pareto curve in 40 steps of the customers (by spend, highest first)
/// and the share of revenue the top 20 % bring. Negative spends count as 0.
fn pareto(mut spends: Vec<f64>) -> (Vec<ParetoPoint>, f64) {
    spends.sort_unstable_by(|a, b| b.total_cmp(a));
    let positive: f64 = spends.iter().sum();
    let mut points = Vec::new();
    let mut top20 = 0.0;
    if spends.is_empty() || positive <= 0.0 {
        return (points, top20);
    }
    let steps = 40;
    let top20_at = ((spends.len() as f64) * 0.2).ceil() as usize;
    let mut cum = 0.0;
    let mut next = 1;
    for (i, s) in spends.iter().enumerate() {
        cum += s;
        let done = (i + 1) as f64 / spends.len() as f64;
        while next <= steps && done >= next as f64 / steps as f64 - 1e-12 {
            points.push(ParetoPoint {
                customers: next as f64 / steps as f64,
                revenue: cum / positive,
            });
            next += 1;
        }
        if i + 1 == top20_at {
            top20 = cum / positive;
        }
    }
    (points, top20)
}

/// The batch's matrix: the scheme's tiers, then any other tier a flow
/// names (未评级 for none), `counts[from][to]`.
fn movement(names: &Names, b: &BatchFacts) -> Movement {
    let mut tiers: Vec<TierLabel> = names.tiers.to_vec();
    for (from, to, _) in &b.flows {
        for k in [from, to] {
            let key = k.clone().unwrap_or_default();
            if !tiers.iter().any(|n| n.key == key) {
                tiers.push(TierLabel {
                    key,
                    name: names.tier(k.as_deref()),
                    color: GREY.into(),
                    stars: 0,
                });
            }
        }
    }
    let pos = |k: &Option<String>| {
        let key = k.as_deref().unwrap_or_default();
        tiers.iter().position(|n| n.key == key).unwrap_or(0)
    };
    let mut counts = vec![vec![0u64; tiers.len()]; tiers.len()];
    for (from, to, n) in &b.flows {
        counts[pos(from)][pos(to)] += n;
    }
    Movement {
        batch_id: b.id,
        label: b.label.clone(),
        label_msg: b.label_msg.clone(),
        tiers,
        counts,
    }
}

#[derive(Default)]
struct Movers {
    upgrades: Vec<Mover>,
    downgrades: Vec<Mover>,
    /// Every customer moved down (not only those listed), with the words
    /// the at-risk list gives for it.
    downgraded: HashMap<i64, String>,
}

/// Upgrades and downgrades between the scheme's tiers, at most
/// [`LIST_LIMIT`] of each, in the order given.
fn movers(names: &Names, moves: &[TierMove]) -> Movers {
    let mut out = Movers::default();
    for m in moves {
        let from = names.rank(m.from_tier.as_deref());
        let to = names.rank(m.to_tier.as_deref());
        let line = Mover {
            customer_id: m.customer_id,
            code: m.code.clone().unwrap_or_default(),
            name: m.name.clone(),
            phone: names.phone(m.phone.as_deref()),
            from: names.tier(m.from_tier.as_deref()),
            to: names.tier(m.to_tier.as_deref()),
            spend: m.spend,
            reason: m.reason.clone(),
        };
        match (from, to) {
            (Some(f), Some(t)) if t < f && out.upgrades.len() < LIST_LIMIT => {
                out.upgrades.push(line);
            }
            (Some(f), Some(t)) if t > f => {
                out.downgraded
                    .insert(m.customer_id, format!("本期由{}降为{}", line.from, line.to));
                if out.downgrades.len() < LIST_LIMIT {
                    out.downgrades.push(line);
                }
            }
            _ => {}
        }
    }
    out
}

fn days_since(day: &str, as_of: NaiveDate) -> Option<i64> {
    let d = NaiveDate::parse_from_str(day.get(..10)?, "%Y-%m-%d").ok()?;
    Some((as_of - d).num_days())
}

/// High-tier customers moved down, without a purchase for more than
/// [`RISK_NO_PURCHASE_DAYS`] or without contact for more than
/// [`RISK_NO_CONTACT_DAYS`]: by spend, highest first, at most [`LIST_LIMIT`].
fn at_risk(
    names: &Names,
    high: &[Customer],
    downgraded: &HashMap<i64, String>,
    last_purchases: &HashMap<i64, String>,
    as_of: NaiveDate,
) -> Vec<RiskLine> {
    let mut out: Vec<RiskLine> = Vec::new();
    for c in high {
        let mut reasons = Vec::new();
        if let Some(r) = downgraded.get(&c.id) {
            reasons.push(r.clone());
        }
        if let Some(days) = last_purchases.get(&c.id).and_then(|d| days_since(d, as_of)) {
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
            out.push(RiskLine {
                customer_id: c.id,
                code: c.code.clone().unwrap_or_default(),
                name: c.name.clone(),
                phone: names.phone(c.phone.as_deref()),
                tier: names.tier(c.tier.as_deref()),
                spend: c.spend,
                reason: reasons.join("；"),
            });
        }
    }
    out.sort_by(|a, b| {
        b.spend
            .unwrap_or(0.0)
            .total_cmp(&a.spend.unwrap_or(0.0))
            .then(a.customer_id.cmp(&b.customer_id))
    });
    out.truncate(LIST_LIMIT);
    out
}

/// Each benefit's expected cost for the period (customers of its tier ×
/// quota × cost per use; one use when without limit) and the uses recorded.
fn benefit_lines(
    names: &Names,
    tally: &Tally,
    offers: &[BenefitOffer],
    uses: &[BenefitUses],
) -> Vec<BenefitLine> {
    offers
        .iter()
        .map(|b| {
            let customers = tally
                .index
                .get(&b.tier)
                .map(|i| tally.counts[*i])
                .unwrap_or(0);
            let used: u64 = uses
                .iter()
                .filter(|u| u.tier == b.tier && u.benefit == b.name)
                .map(|u| u.uses)
                .sum();
            BenefitLine {
                tier: names.tier(Some(&b.tier)),
                name: b.name.clone(),
                description: b.description.clone(),
                quota: b.quota,
                customers,
                cost_per_use: b.cost,
                cost: customers as f64 * b.quota.unwrap_or(1) as f64 * b.cost,
                uses: used,
                used_cost: used as f64 * b.cost,
            }
        })
        .collect()
}

/// Tier counts after each of the last [`HISTORY_BATCHES`] batches, in the
/// order of `tiers`; a tier key none of them has counts in the last line.
fn history(
    tiers: &[TierFigures],
    batches: &[(i64, String)],
    counts: &[(i64, Option<String>, u64)],
) -> Vec<HistoryPoint> {
    let label_of: HashMap<i64, &String> = batches.iter().map(|(id, p)| (*id, p)).collect();
    let mut out: Vec<HistoryPoint> = Vec::new();
    let mut last_batch = None;
    for (id, tier, n) in counts {
        let Some(label) = label_of.get(id) else {
            continue;
        };
        if last_batch != Some(*id) {
            out.push(HistoryPoint {
                label: (*label).clone(),
                counts: vec![0; tiers.len()],
            });
            last_batch = Some(*id);
        }
        let key = tier.as_deref().unwrap_or_default();
        let i = tiers
            .iter()
            .position(|t| t.key == key)
            .unwrap_or(tiers.len().saturating_sub(1));
        if let Some(slot) = out.last_mut().and_then(|h| h.counts.get_mut(i)) {
            *slot += n;
        }
    }
    if out.len() > HISTORY_BATCHES {
        out.drain(..out.len() - HISTORY_BATCHES);
    }
    out
}
