//! `tierdesk customers timeline CODE` and `tierdesk customers lines CODE`:
//! a customer's record (客户详情) from the command line.

use clap::builder::PossibleValue;
use clap::ValueEnum;
use tierdesk_api::domain::record::{TimelineQuery, TIMELINE_KINDS};
use tierdesk_api::{Api, ApiError};

/// `--kind`: a kind of timeline event, by its Chinese word (购买) or key (purchase).
#[derive(Clone, Copy)]
pub struct KindArg(usize);

static KINDS: [KindArg; TIMELINE_KINDS.len()] = {
    let mut out = [KindArg(0); TIMELINE_KINDS.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = KindArg(i);
        i += 1;
    }
    out
};

impl ValueEnum for KindArg {
    fn value_variants<'a>() -> &'a [Self] {
        &KINDS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let (key, label) = TIMELINE_KINDS[self.0];
        Some(PossibleValue::new(label).alias(key))
    }
}

/// The timeline, newest first: `limit` events, or every event with `all`.
pub fn timeline(
    api: &Api,
    id_or_code: &str,
    kinds: &[KindArg],
    limit: u32,
    all: bool,
    json: bool,
) -> Result<(), ApiError> {
    let c = api.find_customer(id_or_code)?;
    let mut q = TimelineQuery {
        kinds: kinds
            .iter()
            .map(|k| TIMELINE_KINDS[k.0].0.to_owned())
            .collect(),
        before: None,
        limit: Some(if all { 500 } else { limit }),
    };
    let mut events = Vec::new();
    let more = loop {
        let page = api.customer_timeline(c.id, &q)?;
        events.extend(page.events);
        match page.next {
            Some(next) if all => q.before = Some(next),
            next => break next.is_some(),
        }
    };
    if json {
        println!(
            "{}",
            serde_json::json!({ "customer_id": c.id, "events": events, "more": more })
        );
        return Ok(());
    }
    if events.is_empty() {
        println!("客户 #{} 的时间线上没有记录", c.id);
    }
    for e in &events {
        let label = TIMELINE_KINDS
            .iter()
            .find(|(k, _)| *k == e.kind)
            .map_or(e.kind.as_str(), |(_, l)| l);
        let amount = e.amount.map(|a| format!("  ¥{a:.2}")).unwrap_or_default();
        println!("{}  [{label}] {}{amount}", e.at, e.title);
        if let Some(d) = &e.detail {
            println!("    {d}");
        }
    }
    if more {
        println!("……还有更早的记录（--all 显示全部）");
    }
    Ok(())
}

/// One page of the order lines, newest first (`page` from 1).
pub fn lines(
    api: &Api,
    id_or_code: &str,
    page: u32,
    page_size: u32,
    json: bool,
) -> Result<(), ApiError> {
    let c = api.find_customer(id_or_code)?;
    let p = api.record_lines(c.id, page.saturating_sub(1), page_size)?;
    let pages = p.total.div_ceil(u64::from(page_size.clamp(1, 500)));
    if json {
        println!(
            "{}",
            serde_json::json!({
                "customer_id": c.id, "page": page, "pages": pages, "total": p.total, "items": p.items
            })
        );
        return Ok(());
    }
    println!(
        "客户 #{} 的订单明细：共 {} 行，第 {page}/{pages} 页",
        c.id, p.total
    );
    for l in &p.items {
        println!(
            "{}  {}  {}  ×{}  ¥{:.2}  {}",
            l.occurred_at,
            l.order_no,
            l.product.as_deref().unwrap_or(""),
            l.quantity,
            l.amount,
            l.kind.label()
        );
    }
    Ok(())
}
