//! Matching a read file against the archive: the dry run, and the write of
//! a customer sheet (an order sheet's write is in `lines`).

use tierdesk_domain::{ImportKind, ImportRecord, NewImport};
use tierdesk_import::{Archive, Decided, Halt, ImportCounts, KeyIndex, RowFate};
use tierdesk_mapping::{CustomerField, Problem, Target};

use super::read::{open_import, read_import, ReadPlan};
use super::{
    cancelled, first_problems, refusal, ImportPreview, ImportProgress, ImportRequest, ImportStage,
    ImportSummary, PreviewRow,
};
use crate::{Api, ApiError, Result};

impl Api {
    /// Matches every row of a read file against the archive, as the pure
    /// `tierdesk_import::decide` says, with the archive's keys and customers.
    pub(super) fn decide(
        &self,
        plan: &ReadPlan,
        req: &ImportRequest,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<Decided> {
        let fields = self.store.field_defs()?;
        let keys = KeyIndex::new(self.store.customer_keys()?);
        let mut customer = |id| self.store.customer(id);
        let archive = Archive {
            keys: &keys,
            fields: &fields,
            customer: &mut customer,
        };
        let mut matching = |done, total| {
            progress(ImportProgress {
                stage: ImportStage::Matching,
                done,
                total: Some(total),
            })
        };
        let choices = super::asking::pair_choices(req);
        tierdesk_import::decide_with(
            &plan.rows,
            req.on_duplicate,
            &choices,
            archive,
            &mut matching,
        )
        .map_err(|h| match h {
            Halt::Cancelled => cancelled(),
            Halt::Invalid(message) => ApiError::invalid(message),
            Halt::Archive(e) => e.into(),
        })
    }

    /// The dry run over a read file.
    pub fn preview_import_plan(
        &self,
        plan: &ReadPlan,
        req: &ImportRequest,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        self.allow(crate::domain::Perm::Import)?;
        let mut d = self.decide(plan, req, progress)?;
        let opening = self.opening_preview(plan.mapping(), &mut d)?;
        let rows = plan
            .rows
            .sample
            .iter()
            .map(|(row, cells)| {
                let (fate, matched) = d.fates.get(row).cloned().unwrap_or((RowFate::New, None));
                PreviewRow {
                    row: *row as u64 + 1,
                    cells: cells.clone(),
                    fate,
                    matched,
                }
            })
            .collect();
        Ok(ImportPreview {
            file_name: plan.file_name.clone(),
            sheet: plan.sheet.clone(),
            format: plan.format.clone(),
            kind: plan.kind(),
            mapping: plan.proposed.clone(),
            profile: plan.profile.clone(),
            exact_headers: plan.kind() == ImportKind::Customers
                && tierdesk_import::exact_headers(plan.mapping(), &self.field_defs()?),
            headers: tierdesk_import::headers_of(plan.mapping()),
            rows,
            problem_count: d.problems.len() as u64,
            problems: first_problems(&d.problems),
            guessed: plan.guessed(),
            possible_duplicates: super::asking::pair_rows(&d.pairs),
            counts: d.counts,
            opening,
        })
    }

    /// Writes a read file in one transaction, records it for undo and saves
    /// the mapping as a profile for the next file with the same headers.
    pub fn commit_import_plan(
        &mut self,
        plan: &ReadPlan,
        req: &ImportRequest,
        who: &str,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportSummary> {
        self.allow(crate::domain::Perm::Import)?;
        let mut d = self.decide(plan, req, progress)?;
        // The notes on figures that differ from a balance (kept rows).
        self.opening_preview(plan.mapping(), &mut d)?;
        if !req.skip_bad_rows && d.problems.iter().any(|p| !p.row_kept) {
            return Err(refusal(&d.problems, d.counts.rejected));
        }
        if !progress(ImportProgress {
            stage: ImportStage::Writing,
            done: 0,
            total: None,
        }) {
            return Err(cancelled());
        }
        self.backup_before(crate::BackupReason::Import)?;
        let new = new_import(plan, who, &d.counts);
        let mut opening = Default::default();
        let record = match plan.kind() {
            ImportKind::Customers => {
                let sheet_has_tier = plan
                    .mapping()
                    .columns
                    .iter()
                    .any(|c| c.target == Target::Customer(CustomerField::Tier));
                let points = self.opening_plan(&d, crate::today())?;
                let (record, opened) = self.store.apply_customer_import_with(
                    &new,
                    &d.new_fields,
                    &d.writes,
                    sheet_has_tier,
                    points.as_ref(),
                )?;
                opening = opened;
                record
            }
            ImportKind::Transactions => self.store_decided_lines(plan, &new, &d)?,
            ImportKind::Surveys => {
                return Err(ApiError::invalid(tierdesk_import::SURVEYS_ELSEWHERE))
            }
        };
        let summary = self.finish_import(plan, &record, &d.problems)?;
        Ok(ImportSummary {
            possible_duplicates: super::asking::pair_rows(&d.pairs),
            opening,
            ..summary
        })
    }

    /// Saves the mapping as a profile for the next file with the same
    /// headers (as proposed: a guess nobody confirmed still asks next time)
    /// and sums the import up.
    pub(super) fn finish_import(
        &mut self,
        plan: &ReadPlan,
        record: &ImportRecord,
        problems: &[Problem],
    ) -> Result<ImportSummary> {
        let name = plan
            .profile
            .clone()
            .unwrap_or_else(|| format!("{} · {}", plan.file_name, plan.sheet));
        let proposed = serde_json::to_string(&plan.proposed).unwrap_or_default();
        self.store
            .save_import_profile(&plan.signature, &name, plan.kind(), &proposed)?;
        Ok(ImportSummary {
            import_id: record.id,
            file: plan.path.clone(),
            sheet: plan.sheet.clone(),
            rows_read: record.rows_read,
            inserted: record.inserted,
            updated: record.updated,
            unchanged: record.unchanged,
            skipped: record.skipped,
            rejected: record.rejected,
            lines: record.lines,
            errors: first_problems(problems),
            error_count: problems.len() as u64,
            guessed: plan.guessed(),
            possible_duplicates: Vec::new(),
            opening: Default::default(),
        })
    }

    /// Reads, matches and reports, without writing (the CLI's `--dry-run`).
    pub fn preview_import(
        &self,
        req: &ImportRequest,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        self.allow(crate::domain::Perm::Import)?;
        let plan = read_import(&self.import_context()?, req, progress)?;
        self.preview_import_plan(&plan, req, progress)
    }

    /// Reads, matches and writes in one call (the CLI). An order sheet's
    /// lines are stored while the file is still being read.
    pub fn commit_import(
        &mut self,
        req: &ImportRequest,
        who: &str,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportSummary> {
        self.allow(crate::domain::Perm::Import)?;
        let ctx = self.import_context()?;
        let opened = open_import(&ctx, req)?;
        if opened.plan.kind() == ImportKind::Transactions {
            return self.stream_transactions(opened, req, who, progress);
        }
        let plan = read_import(&ctx, req, progress)?;
        self.commit_import_plan(&plan, req, who, progress)
    }
}

/// The record of an import, as the import history shows it.
pub(super) fn new_import(plan: &ReadPlan, who: &str, counts: &ImportCounts) -> NewImport {
    NewImport {
        kind: plan.kind(),
        file: plan.path.clone(),
        sheet: plan.sheet.clone(),
        mapping: serde_json::to_string(plan.mapping()).unwrap_or_default(),
        rows_read: plan.rows.rows_read,
        unchanged: counts.unchanged,
        skipped: counts.skipped,
        rejected: counts.rejected,
        who: who.to_owned(),
    }
}
