//! What an import changes on a customer: the sheet's values over the
//! archive's, the original words of a lossy reading, and the figures that
//! order lines give.

use chrono::NaiveDateTime;
use tierdesk_domain::CustomerDraft;
use tierdesk_mapping::CustomerRow;

/// A lossy reading (每月2次 → 24 次/年) keeps the original words in the notes,
/// so the person can always see what their sheet said.
pub fn keep_originals(r: CustomerRow) -> CustomerDraft {
    let mut draft = r.draft;
    if !r.originals.is_empty() {
        let said: Vec<String> = r
            .originals
            .iter()
            .map(|(f, s)| format!("{}：{s}", f.label()))
            .collect();
        let line = format!("原表写作 {}", said.join("，"));
        draft.notes = Some(match draft.notes.take().filter(|n| !n.trim().is_empty()) {
            Some(n) if !n.contains(&line) => format!("{n}\n{line}"),
            Some(n) => n,
            None => line,
        });
    }
    draft
}

/// The sheet's values over the archived customer's: a field the sheet leaves
/// empty keeps what the archive has, tags are added to the archive's, and a
/// custom field is overwritten only by a value.
pub fn merge(existing: &CustomerDraft, incoming: &CustomerDraft) -> CustomerDraft {
    let mut m = existing.clone();
    macro_rules! take {
        ($($f:ident),*) => { $( if incoming.$f.is_some() { m.$f = incoming.$f.clone(); } )* };
    }
    take!(
        code,
        phone,
        spend,
        frequency,
        tenure_years,
        influence,
        tier,
        last_rated_on,
        next_rating_on,
        gender,
        birth_date,
        email,
        address,
        registered_on,
        last_contact_on,
        preferred_category,
        notes,
        manager
    );
    if !incoming.name.trim().is_empty() {
        m.name = incoming.name.clone();
    }
    for t in &incoming.tags {
        if !m.tags.contains(t) {
            m.tags.push(t.clone());
        }
    }
    for (k, v) in &incoming.fields {
        if !v.is_null() {
            m.fields.insert(k.clone(), v.clone());
        }
    }
    m
}

/// A customer's purchase figures over all their order lines, as the store
/// totals them; times as `YYYY-MM-DD HH:MM:SS`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFigures<'a> {
    /// Sum of purchase amounts.
    pub spend: f64,
    /// Distinct purchase orders.
    pub orders: u64,
    pub first: Option<&'a str>,
    pub last: Option<&'a str>,
}

/// A customer's record after new order lines: spend is the sum of purchases,
/// frequency the purchase orders per year over the span of their purchases
/// (at least a year), and the first purchase stands in for a missing 注册时间.
/// `None` when nothing changes.
pub fn refresh_from_lines(c: &CustomerDraft, t: &LineFigures<'_>) -> Option<CustomerDraft> {
    let mut d = c.clone();
    let parse = |s: Option<&str>| {
        s.and_then(|s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok())
    };
    let (first, last) = (parse(t.first), parse(t.last));
    let years = match (first, last) {
        (Some(f), Some(l)) => ((l - f).num_days() as f64 / 365.25).max(1.0),
        _ => 1.0,
    };
    d.spend = Some((t.spend * 100.0).round() / 100.0);
    d.frequency = Some(((t.orders as f64 / years) * 100.0).round() / 100.0);
    if d.registered_on.is_none() {
        d.registered_on = first.map(|f| f.date());
    }
    (d != *c).then_some(d)
}
