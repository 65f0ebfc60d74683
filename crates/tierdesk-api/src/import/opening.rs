//! A customer sheet's 积分 column: the opening balances it carries, what
//! the preview says of them, and the plan the store writes in the import's
//! transaction.
//!
//! A customer with an opening balance in effect keeps it: the sheet's
//! figure changes nothing, and where it differs from the balance the
//! preview and the result say so (a note on the row and a count), never a
//! change of points. Every other customer the sheet imports (new, updated
//! or unchanged) gets one opening row dated the import's day.

use tierdesk_domain::points::Expiry;
use tierdesk_domain::points_rules::{OpeningCounts, OpeningFor, OpeningPlan};
use tierdesk_domain::text::thousands;
use tierdesk_domain::{CustomerWrite, Msg};
use tierdesk_import::Decided;
use tierdesk_mapping::{CustomerField, Mapping, Problem, Target};

use crate::{Api, Result};

/// The archived customer an opening balance is for, when there is one.
fn archived(d: &Decided, target: OpeningFor) -> Option<i64> {
    match target {
        OpeningFor::Customer(id) => Some(id),
        OpeningFor::Write(n) => match d.writes.get(n)? {
            CustomerWrite::Update { id, .. } => Some(*id),
            CustomerWrite::Insert(_) => None,
        },
    }
}

impl Api {
    /// What the sheet's opening balances would do, with a note (kept row)
    /// in `d.problems` for each figure that differs from the balance.
    pub(super) fn opening_preview(
        &self,
        mapping: &Mapping,
        d: &mut Decided,
    ) -> Result<OpeningCounts> {
        let mut counts = OpeningCounts::default();
        let mut archived_rows = Vec::new();
        for o in &d.openings {
            match archived(d, o.target) {
                Some(id) => archived_rows.push((o.row, id, o.points)),
                None if o.points > 0 => counts.written += 1,
                None => {}
            }
        }
        let kept = self.store.points_opening_kept(&archived_rows)?;
        let column = mapping
            .columns
            .iter()
            .find(|c| c.target == Target::Customer(CustomerField::OpeningPoints));
        for k in &kept {
            counts.kept += 1;
            if k.points == k.balance {
                continue;
            }
            counts.differ += 1;
            let msg = Msg::new("import.opening_differs")
                .with("points", thousands(k.points as u64))
                .with("balance", signed(k.balance));
            d.problems.push(Problem {
                col: column.map(|c| c.col).unwrap_or(usize::MAX),
                header: column.map(|c| c.header.clone()).unwrap_or_default(),
                value: k.points.to_string(),
                row_kept: true,
                ..Problem::whole_row(k.row, msg)
            });
        }
        counts.written += archived_rows
            .iter()
            .filter(|(row, _, points)| *points > 0 && !kept.iter().any(|k| k.row == *row))
            .count() as u64;
        d.problems.sort_by_key(|p| (p.row, p.col));
        Ok(counts)
    }

    /// The opening balances the store writes, dated `today`; `None` when
    /// the sheet carries none. They run out by the active scheme's expiry
    /// while its points are on, else never.
    pub(super) fn opening_plan(
        &self,
        d: &Decided,
        today: chrono::NaiveDate,
    ) -> Result<Option<OpeningPlan>> {
        if d.openings.is_empty() {
            return Ok(None);
        }
        let scheme = self.active_scheme()?;
        Ok(Some(OpeningPlan {
            on_day: today,
            expiry: if scheme.points.enabled {
                scheme.points.expiry
            } else {
                Expiry::Never
            },
            points: d.openings.clone(),
        }))
    }
}

/// A balance as people read it: 1,200 or -300.
fn signed(n: i64) -> String {
    let text = thousands(n.unsigned_abs());
    if n < 0 {
        format!("-{text}")
    } else {
        text
    }
}
