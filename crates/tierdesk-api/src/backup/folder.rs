//! Where a database's backups live, what they are called, and which a
//! rotation keeps: plain functions of paths, names and dates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::BackupReason;

/// How many backups stay besides the first of each month, unless the
/// setting `backup.keep` says otherwise.
pub const KEEP_DEFAULT: usize = 14;

/// How many calendar months keep their first backup.
pub const MONTHS_KEPT: u32 = 12;

/// The setting that holds how many recent backups stay.
pub const KEEP_SETTING: &str = "backup.keep";

/// The environment variable that moves every backups folder (tests, CI).
pub const BACKUP_DIR_ENV: &str = "TIERDESK_BACKUP_DIR";

/// The backups folder of the database at `db`: one per database file, so
/// the rotation of one never deletes another's backups.
pub fn backup_folder(db: &Path) -> PathBuf {
    let root = match std::env::var_os(BACKUP_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("TierDesk")
            .join("backups"),
    };
    let absolute = std::fs::canonicalize(db)
        .or_else(|_| std::path::absolute(db))
        .unwrap_or_else(|_| db.to_owned());
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tierdesk".to_owned());
    root.join(format!(
        "{stem}-{:08x}",
        fnv1a(absolute.to_string_lossy().as_bytes())
    ))
}

/// 32-bit FNV-1a: a hash that stays the same across Rust versions (std's
/// `DefaultHasher` may change), so a database keeps its folder.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// `tierdesk-YYYYMMDD-HHMMSS-<reason>.db`, and `-2`, `-3` … for a second,
/// third … backup in the same second, whatever their reasons.
pub fn backup_name(at: NaiveDateTime, reason: BackupReason, nth: u32) -> String {
    let stamp = at.format("%Y%m%d-%H%M%S");
    match nth {
        0 | 1 => format!("tierdesk-{stamp}-{}.db", reason.key()),
        n => format!("tierdesk-{stamp}-{}-{n}.db", reason.key()),
    }
}

/// The moment and reason a backup's name holds; `None` for any other file.
pub fn parse_backup_name(name: &str) -> Option<(NaiveDateTime, BackupReason)> {
    parse_name(name).map(|(at, reason, _)| (at, reason))
}

/// Moment, reason and number in the second (1 for the first).
fn parse_name(name: &str) -> Option<(NaiveDateTime, BackupReason, u32)> {
    let rest = name.strip_prefix("tierdesk-")?.strip_suffix(".db")?;
    let (stamp, reason) = rest.split_at_checked(15)?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let reason = reason.strip_prefix('-')?;
    let (word, nth) = match reason.rsplit_once('-') {
        Some((word, n)) => match n.parse::<u32>() {
            Ok(k) if k >= 2 && k.to_string() == n => (word, k),
            _ => return None,
        },
        None => (reason, 1),
    };
    Some((at, BackupReason::parse(word)?, nth))
}

/// The order of backups: by moment, then by number in the second (a
/// name's `-2` sorts before its `.db`, so the name alone would not do).
fn order_key(at: NaiveDateTime, name: &str) -> (NaiveDateTime, u32, &str) {
    let nth = parse_name(name).map_or(1, |(_, _, n)| n);
    (at, nth, name)
}

/// Which backups a rotation removes, given each one's moment and name: all
/// but the newest `keep` and the first of each of the [`MONTHS_KEPT`]
/// calendar months up to `today`'s. Backups are ordered by moment, then
/// by number in the second. Pure, so a table of dates
/// tests it.
pub fn rotation(backups: &[(NaiveDateTime, String)], keep: usize, today: NaiveDate) -> Vec<String> {
    let mut ordered: Vec<&(NaiveDateTime, String)> = backups.iter().collect();
    ordered.sort_by(|a, b| order_key(a.0, &a.1).cmp(&order_key(b.0, &b.1)));
    let mut kept: BTreeSet<&str> = ordered
        .iter()
        .rev()
        .take(keep.max(1))
        .map(|b| b.1.as_str())
        .collect();
    let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let newest_month = month_index(today);
    let mut months_seen = BTreeSet::new();
    for (at, name) in &ordered {
        let month = month_index(at.date());
        let recent = month <= newest_month && newest_month - month < MONTHS_KEPT as i32;
        if recent && months_seen.insert(month) {
            kept.insert(name.as_str());
        }
    }
    ordered
        .into_iter()
        .filter(|b| !kept.contains(b.1.as_str()))
        .map(|b| b.1.clone())
        .collect()
}

/// A name in `dir` no file has yet, for a backup at `at`: numbered after
/// every backup already taken in that second, whatever its reason, so the
/// number orders them ([`order_key`]). Numbered by reason alone, a safety
/// backup `…-restore.db` and a later `…-manual.db` of the same second were
/// both the first, and the name put the earlier one last.
pub(super) fn free_name(dir: &Path, at: NaiveDateTime, reason: BackupReason) -> PathBuf {
    let taken = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| parse_name(e.ok()?.file_name().to_str()?))
                .filter(|(when, _, _)| *when == at)
                .map(|(_, _, nth)| nth)
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    (taken + 1..)
        .map(|n| dir.join(backup_name(at, reason, n)))
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(backup_name(at, reason, taken + 1)))
}

/// The backups in `dir`: moment, path, reason. Other files are ignored.
pub(super) fn list_folder(dir: &Path) -> Vec<(NaiveDateTime, PathBuf, BackupReason)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| {
            let path = e.ok()?.path();
            let (at, reason) = parse_backup_name(path.file_name()?.to_str()?)?;
            Some((at, path, reason))
        })
        .collect()
}

pub(super) fn newest_backup(dir: &Path) -> Option<(NaiveDateTime, PathBuf)> {
    list_folder(dir)
        .into_iter()
        .max_by(|a, b| key_of(a).cmp(&key_of(b)))
        .map(|(at, path, _)| (at, path))
}

/// [`order_key`] of a listed backup.
pub(super) fn key_of(b: &(NaiveDateTime, PathBuf, BackupReason)) -> (NaiveDateTime, u32, &str) {
    let name = b.1.file_name().and_then(|n| n.to_str()).unwrap_or("");
    order_key(b.0, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Backups taken in the same second, whatever their reasons, are
    /// numbered in the order they were taken, and the newest is the last
    /// one taken: a safety backup before a restore, then a manual one.
    #[test]
    fn backups_of_one_second_are_numbered_in_the_order_taken() {
        let dir = tempfile::tempdir().unwrap();
        let at = NaiveDateTime::parse_from_str("2026-12-01 16:04:03", "%Y-%m-%d %H:%M:%S").unwrap();
        let mut taken = Vec::new();
        for reason in [
            BackupReason::Restore,
            BackupReason::Manual,
            BackupReason::Restore,
            BackupReason::Import,
        ] {
            let path = free_name(dir.path(), at, reason);
            std::fs::write(&path, b"").unwrap();
            assert_eq!(
                newest_backup(dir.path()).map(|(_, p)| p),
                Some(path.clone())
            );
            taken.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
        assert_eq!(
            taken,
            [
                "tierdesk-20261201-160403-restore.db",
                "tierdesk-20261201-160403-manual-2.db",
                "tierdesk-20261201-160403-restore-3.db",
                "tierdesk-20261201-160403-import-4.db",
            ]
        );
        assert_eq!(list_folder(dir.path()).len(), 4);
        // Another second starts at 1 again.
        let next = at + chrono::Duration::seconds(1);
        assert_eq!(
            free_name(dir.path(), next, BackupReason::Manual)
                .file_name()
                .unwrap(),
            "tierdesk-20261201-160404-manual.db"
        );
    }
}
