use rusqlite::params;
use tierdesk_domain::{FieldDef, FieldKind};

use crate::{Result, Store, StoreError};

impl Store {
    pub fn field_defs(&self) -> Result<Vec<FieldDef>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, label, kind, choices FROM field_defs ORDER BY position, key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, label, kind, choices) = row?;
            let kind = FieldKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("字段「{key}」的类型 '{kind}' 未知")))?;
            let choices = serde_json::from_str(&choices).unwrap_or_default();
            out.push(FieldDef {
                key,
                label,
                kind,
                choices,
            });
        }
        Ok(out)
    }

    pub fn add_field_def(&self, def: &FieldDef) -> Result<()> {
        add_field_in(self.writable()?, def)
    }

    /// Removes a field definition. Values already stored on customers stay in
    /// their JSON so nothing is lost if the field is defined again.
    pub fn remove_field_def(&self, key: &str) -> Result<()> {
        let n = self
            .writable()?
            .execute("DELETE FROM field_defs WHERE key = ?1", [key])?;
        if n == 0 {
            return Err(StoreError::FieldNotFound(key.to_owned()));
        }
        Ok(())
    }
}

/// Adds a field definition on any connection or transaction, so an import can
/// create its new fields in the same transaction as its customers.
/// The check and the insert are one statement, so two windows adding the
/// same field at once get the same plain answer (the field exists) instead
/// of a constraint error for the one that comes second.
pub(crate) fn add_field_in(conn: &rusqlite::Connection, def: &FieldDef) -> Result<()> {
    let choices = serde_json::to_string(&def.choices).expect("strings serialise");
    let added = conn.execute(
        "INSERT INTO field_defs(key, label, kind, choices, position)
             VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM field_defs))
             ON CONFLICT(key) DO NOTHING",
        params![def.key, def.label, def.kind.as_str(), choices],
    )?;
    if added == 0 {
        return Err(StoreError::DuplicateField(def.key.clone()));
    }
    Ok(())
}
