use tierdesk_domain::audit::NewEntry;

use crate::db::{Db, OptionalExt};
use crate::{args, Result, Store};

fn setting_in(db: &Db<'_>, key: &str) -> Result<Option<String>> {
    db.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        args![key],
        |r| r.get(0),
    )
    .optional()
}

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        setting_in(&self.db(), key)
    }

    /// Sets a setting, recorded as `setting.set` with the value before and
    /// after (nothing is recorded when the value stays the same).
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let entry = NewEntry::new("setting.set", "setting", key, format!("修改设置「{key}」"));
        self.set_setting_as(key, value, entry)
    }

    /// Sets a setting and records `entry` (with the value before and after
    /// added) in the same transaction: for settings that are a decision of
    /// their own, such as the active scheme (`scheme.activate`).
    pub fn set_setting_as(&self, key: &str, value: &str, entry: NewEntry) -> Result<()> {
        self.write_with_audit(|db| {
            let before = setting_in(db, key)?;
            db.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                args![key, value],
            )?;
            if before.as_deref() == Some(value) {
                return Ok(((), None));
            }
            let entry = entry.change(key, key, before, Some(value.to_owned()));
            Ok(((), Some(entry)))
        })
    }
}
