//! Writing an order sheet: its lines go through the store's `LineImport`
//! (one transaction, rolled back when dropped unfinished), either from a
//! read file or while the file is still being read.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use tierdesk_domain::{CustomerDraft, ImportRecord, NewImport};
use tierdesk_import::{Decided, ImportCounts, KeyIndex, LineFigures, LineMatcher};
use tierdesk_store::LineTotals;

use super::pipeline::pipe_lines;
use super::read::{no_data_rows, OpenedImport, ReadPlan};
use super::run::new_import;
use super::{cancelled, refusal, ImportProgress, ImportRequest, ImportSummary};
use crate::{Api, ApiError, Result};

/// A customer's record after its order lines, from the store's totals.
fn refresh(c: &CustomerDraft, t: &LineTotals) -> Option<CustomerDraft> {
    let figures = LineFigures {
        spend: t.spend,
        orders: t.orders,
        first: t.first.as_deref(),
        last: t.last.as_deref(),
    };
    tierdesk_import::refresh_from_lines(c, &figures)
}

impl Api {
    /// Stores the lines of a read file whose owners `d` decided.
    pub(super) fn store_decided_lines(
        &mut self,
        plan: &ReadPlan,
        new: &NewImport,
        d: &Decided,
    ) -> Result<ImportRecord> {
        let earn = self.points_plan()?;
        let mut import = self.store.begin_line_import(new, &d.new_fields)?;
        if let Some(earn) = earn {
            import.earn_points(earn);
        }
        for ((_, line), owner) in plan.rows.lines.iter().zip(&d.owners) {
            if let Some(owner) = owner {
                import.push(*owner, line)?;
            }
        }
        Ok(import.finish(new, &d.new_customers, refresh)?)
    }

    /// Reads an order sheet and stores its lines as they are read, in one
    /// transaction: the database writes while the next rows are parsed.
    pub(super) fn stream_transactions(
        &mut self,
        opened: OpenedImport,
        req: &ImportRequest,
        who: &str,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportSummary> {
        let OpenedImport {
            mut book,
            mut plan,
            how,
        } = opened;
        let new_fields = tierdesk_import::new_fields(plan.mapping(), &self.store.field_defs()?)
            .map_err(ApiError::invalid)?;
        let index = KeyIndex::new(self.store.customer_keys()?);
        let mut m = LineMatcher::new(&index);
        let mut counts = ImportCounts::default();
        let mut new = new_import(&plan, who, &counts);
        let (mut problems, mut rejected) = (Vec::new(), BTreeSet::new());
        self.backup_before(crate::BackupReason::Import)?;
        let earn = self.points_plan()?;
        let mut import = self.store.begin_line_import(&new, &new_fields)?;
        if let Some(earn) = earn {
            import.earn_points(earn);
        }
        let mut failed: Option<ApiError> = None;
        let completed = pipe_lines(&mut book, &mut plan, &how, progress, &mut |lines| {
            for (i, line) in lines.iter() {
                if let Some(owner) = m.place(*i, line, &mut problems, &mut rejected) {
                    if let Err(e) = import.push(owner, line) {
                        failed = Some(e.into());
                        return ControlFlow::Break(());
                    }
                }
            }
            ControlFlow::Continue(())
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if !completed {
            return Err(cancelled());
        }
        if plan.rows.rows_read == 0 {
            return Err(no_data_rows(&plan));
        }
        problems.append(&mut plan.rows.problems);
        problems.sort_by_key(|p| (p.row, p.col));
        rejected.append(&mut plan.rows.rejected);
        counts.rows_read = plan.rows.rows_read;
        counts.skipped = plan.rows.not_data.len() as u64;
        counts.rejected = rejected.len() as u64;
        if !req.skip_bad_rows && problems.iter().any(|p| !p.row_kept) {
            return Err(refusal(&problems, counts.rejected));
        }
        new = new_import(&plan, who, &counts);
        let record = import.finish(&new, m.new_customers(), refresh)?;
        self.finish_import(&plan, &record, &problems)
    }
}
