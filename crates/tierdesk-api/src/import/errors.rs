//! The error workbook: a copy of the person's own sheet with every bad
//! cell marked and a reason column, to fix and import again.

use std::path::Path;

use tierdesk_sheets::CellProblem;

use super::read::{read_import, ReadPlan};
use super::{row_problem, ImportRequest, RowProblem};
use crate::{Api, Result};

/// Writes the error workbook of a read file for these problems.
pub fn write_error_workbook(plan: &ReadPlan, problems: &[RowProblem], out: &Path) -> Result<()> {
    let mapping = plan.mapping();
    let cells: Vec<CellProblem> = problems
        .iter()
        .map(|p| CellProblem {
            row: (p.row as usize).saturating_sub(1),
            col: mapping
                .columns
                .iter()
                .find(|c| c.header == p.header && !p.column.is_empty())
                .map(|c| c.col),
            message: p.message.clone(),
        })
        .collect();
    let header_row = mapping.header_rows.last().copied().unwrap_or(0);
    tierdesk_sheets::write_error_workbook(
        Path::new(&plan.path),
        &plan.sheet,
        header_row,
        &cells,
        out,
    )?;
    Ok(())
}

impl Api {
    /// Reads the file again, finds every problem and writes the error workbook.
    pub fn write_import_errors(&self, req: &ImportRequest, out: &Path) -> Result<u64> {
        self.allow(crate::domain::Perm::Import)?;
        let plan = read_import(&self.import_context()?, req, &mut |_| true)?;
        let d = self.decide(&plan, req, &mut |_| true)?;
        let problems: Vec<RowProblem> = d.problems.iter().map(row_problem).collect();
        write_error_workbook(&plan, &problems, out)?;
        Ok(problems.len() as u64)
    }
}
