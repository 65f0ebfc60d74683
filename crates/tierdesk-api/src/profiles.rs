//! Saved column mappings (导入方案): what each one does, renaming and
//! deleting them. An import saves one when a mapping is confirmed and
//! applies it to the next sheet with the same headers.

use serde::{Deserialize, Serialize};
use tierdesk_domain::{FieldDef, ImportKind, ImportProfile};
use tierdesk_mapping::{Mapping, Target};
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// One column of a saved mapping: the sheet's header and the field it fills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProfileColumn {
    pub header: String,
    /// The field's name as people see it in the wizard's drop-down.
    pub field: String,
}

/// A saved mapping as the import page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportProfileInfo {
    pub name: String,
    pub kind: ImportKind,
    /// The columns the mapping imports, in sheet order.
    pub columns: Vec<ProfileColumn>,
    /// Headers of columns the mapping leaves out (不导入).
    pub ignored: Vec<String>,
    /// When the profile was last saved or applied by an import.
    pub updated_at: String,
    /// The mapping could not be read (saved by another version); it is
    /// shown so it can be deleted.
    pub unreadable: bool,
}

/// The label of a mapping target, as the wizard's drop-down names it; a
/// custom field under its current name.
pub(crate) fn target_label(target: &Target, fields: &[FieldDef]) -> String {
    match target {
        Target::Customer(f) => f.label().to_owned(),
        Target::Tx(f) => f.label().to_owned(),
        Target::Custom { key, label, .. } => fields
            .iter()
            .find(|d| &d.key == key)
            .map(|d| d.label.clone())
            .unwrap_or_else(|| label.clone()),
        Target::Ignore => "不导入".to_owned(),
    }
}

fn profile_info(p: ImportProfile, fields: &[FieldDef]) -> ImportProfileInfo {
    let mut info = ImportProfileInfo {
        name: p.name,
        kind: p.kind,
        columns: Vec::new(),
        ignored: Vec::new(),
        updated_at: p.updated_at,
        unreadable: false,
    };
    match serde_json::from_str::<Mapping>(&p.mapping) {
        Ok(mapping) => {
            let mut columns = mapping.columns;
            columns.sort_by_key(|c| c.col);
            for c in columns {
                if c.target == Target::Ignore {
                    if !c.header.trim().is_empty() {
                        info.ignored.push(c.header);
                    }
                } else {
                    info.columns.push(ProfileColumn {
                        field: target_label(&c.target, fields),
                        header: c.header,
                    });
                }
            }
        }
        Err(_) => info.unreadable = true,
    }
    info
}

impl Api {
    /// Every saved mapping, the most recently used first.
    pub fn import_profiles(&self) -> Result<Vec<ImportProfileInfo>> {
        self.allow(crate::domain::Perm::View)?;
        let fields = self.store.field_defs()?;
        Ok(self
            .store
            .import_profiles()?
            .into_iter()
            .map(|p| profile_info(p, &fields))
            .collect())
    }

    /// Gives a saved mapping another name; returns the profile as renamed.
    pub fn rename_import_profile(&mut self, old: &str, new: &str) -> Result<ImportProfileInfo> {
        self.allow(crate::domain::Perm::Import)?;
        self.store.rename_import_profile(old, new)?;
        let new = new.trim();
        self.import_profiles()?
            .into_iter()
            .find(|p| p.name == new)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("找不到导入方案「{new}」")))
    }

    /// Forgets a saved mapping: the next sheet with the same headers is
    /// guessed again.
    pub fn delete_import_profile(&mut self, name: &str) -> Result<()> {
        self.allow(crate::domain::Perm::Import)?;
        Ok(self.store.delete_import_profile(name)?)
    }
}
