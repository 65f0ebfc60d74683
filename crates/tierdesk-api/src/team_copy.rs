//! 迁移到团队数据库: the open local file copied into an empty team database,
//! with the rows and a checksum of every table compared on both sides (the
//! store's `team_copy.rs` says how). The local file is only read; the copy
//! is recorded in the team database's own audit log.

use serde::{Deserialize, Serialize};
use tierdesk_store::{CopyStep, Store, TeamUrl};
use ts_rs::TS;

use crate::domain::Perm;
use crate::{Api, Result};

/// One copied table, as the result table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamCopyTable {
    pub table: String,
    pub local_rows: u64,
    pub team_rows: u64,
    /// SHA-256 over the rows in primary-key order, hex.
    pub local_checksum: String,
    pub team_checksum: String,
    /// Same number of rows and same checksum.
    pub same: bool,
}

/// A table of the file that is not copied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamCopySkipped {
    pub table: String,
    /// `migrations`, `sequence`, `stats`, `search` or `users`: the UI says
    /// why in its language.
    pub kind: String,
    /// Why, in Chinese (the CLI's words).
    pub reason: String,
}

/// What 迁移到团队数据库 did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamCopyReport {
    /// Parents before the tables pointing at them, as copied.
    pub tables: Vec<TeamCopyTable>,
    pub skipped: Vec<TeamCopySkipped>,
    /// Every table the same on both sides, and the copy kept. When not,
    /// nothing stays in the team database.
    pub saved: bool,
    /// The team database as the status bar names it (「团队数据库 tierdesk @
    /// 10.0.0.5:5432」), never its password.
    pub team: String,
    pub seconds: f64,
}

/// How far a copy is, for the progress bar: `done` of `total` rows, each
/// row counted once copied and once checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamCopyProgress {
    /// `copy` while sending rows, `check` while reading them back.
    pub step: String,
    pub table: String,
    pub done: u64,
    pub total: u64,
}

impl Api {
    /// Copies the open local file into the empty team database at `url`
    /// (`postgres://…`). Refused with nothing written when this database is
    /// itself a team database, or the team database is not empty or not
    /// of this version. The file is never written to.
    pub fn copy_to_team(
        &self,
        url: &str,
        progress: &mut dyn FnMut(&TeamCopyProgress),
    ) -> Result<TeamCopyReport> {
        let started = std::time::Instant::now();
        self.allow(Perm::Ratings)
            .or_else(|_| self.allow(Perm::Users))?;
        if self.store.is_team() {
            return Err(tierdesk_store::StoreError::CopyNeedsFile.into());
        }
        let label = TeamUrl::parse(url)?.label();
        let team = Store::open_postgres(url)?;
        let copy = self.store.copy_to_team(&team, &mut |p| {
            progress(&TeamCopyProgress {
                step: match p.step {
                    CopyStep::Copy => "copy",
                    CopyStep::Check => "check",
                }
                .to_owned(),
                table: p.table.to_owned(),
                done: p.done,
                total: p.total,
            })
        })?;
        Ok(TeamCopyReport {
            tables: copy
                .tables
                .iter()
                .map(|t| TeamCopyTable {
                    table: t.table.clone(),
                    local_rows: t.local_rows,
                    team_rows: t.team_rows,
                    local_checksum: t.local_checksum.clone(),
                    team_checksum: t.team_checksum.clone(),
                    same: t.same(),
                })
                .collect(),
            skipped: copy
                .skipped
                .into_iter()
                .map(|s| TeamCopySkipped {
                    table: s.table,
                    kind: s.kind,
                    reason: s.reason,
                })
                .collect(),
            saved: copy.saved,
            team: label,
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}
