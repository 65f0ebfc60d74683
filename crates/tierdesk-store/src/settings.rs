use rusqlite::OptionalExtension;

use tierdesk_domain::audit::NewEntry;

use crate::{Result, Store};

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
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
        self.write_audited(|conn| {
            let before: Option<String> = conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?;
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
            if before.as_deref() == Some(value) {
                return Ok(((), None));
            }
            let entry = entry.change(key, key, before, Some(value.to_owned()));
            Ok(((), Some(entry)))
        })
    }
}
