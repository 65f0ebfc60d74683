use std::collections::HashMap;

use tierdesk_domain::audit::NewEntry;
use tierdesk_domain::{FieldDef, FieldKind};

use crate::{Result, Store, StoreError};

impl Store {
    pub fn field_defs(&self) -> Result<Vec<FieldDef>> {
        let rows = self.db().query_map(
            "SELECT key, label, kind, choices FROM field_defs ORDER BY position, key",
            crate::args![],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for (key, label, kind, choices) in rows {
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
        self.write_with_audit(|db| {
            add_field_in(db, def)?;
            let entry = NewEntry::new(
                "field.add",
                "field",
                &def.key,
                format!("新增自定义字段「{}」（{}）", def.label, def.key),
            )
            .fact("类型", def.kind.as_str())
            .fact("选项", def.choices.join("、"));
            Ok(((), Some(entry)))
        })
    }

    /// Removes a field definition. Values already stored on customers stay in
    /// their JSON so nothing is lost if the field is defined again.
    pub fn remove_field_def(&self, key: &str) -> Result<()> {
        self.write_with_audit(|db| {
            let label = labels_in(db)?.remove(key);
            let n = db.execute("DELETE FROM field_defs WHERE key = ?1", crate::args![key])?;
            let Some(label) = label.filter(|_| n > 0) else {
                return Err(StoreError::FieldNotFound(key.to_owned()));
            };
            let summary = format!("删除自定义字段「{label}」（{key}）");
            Ok((
                (),
                Some(NewEntry::new("field.delete", "field", key, summary)),
            ))
        })
    }
}

/// Every custom field's label by key, read on `conn` (either backend).
pub(crate) fn labels_in(conn: &impl crate::db::AsDb) -> Result<HashMap<String, String>> {
    let rows =
        conn.as_db()
            .query_map("SELECT key, label FROM field_defs", crate::args![], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
    Ok(rows.into_iter().collect())
}

/// Adds a field definition on any connection or transaction, so an import can
/// create its new fields in the same transaction as its customers.
/// The check and the insert are one statement, so two windows adding the
/// same field at once get the same plain answer (the field exists) instead
/// of a constraint error for the one that comes second.
pub(crate) fn add_field_in(conn: &impl crate::db::AsDb, def: &FieldDef) -> Result<()> {
    let choices = serde_json::to_string(&def.choices).expect("strings serialise");
    let added = conn.as_db().execute(
        "INSERT INTO field_defs(key, label, kind, choices, position)
             VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM field_defs))
             ON CONFLICT(key) DO NOTHING",
        crate::args![def.key, def.label, def.kind.as_str(), choices],
    )?;
    if added == 0 {
        return Err(StoreError::DuplicateField(def.key.clone()));
    }
    Ok(())
}
