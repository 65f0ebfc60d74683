//! Tier schemes: the built-in ones saved on first use, listing, reading,
//! importing a scheme file (a used scheme gets a new version) and choosing
//! the active scheme.

use serde::{Deserialize, Serialize};

use tierdesk_domain::TierLabel;
use tierdesk_store::StoredScheme;
use tierdesk_tiers::{self as tiers, Scheme};
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// The setting that names the active scheme.
pub(crate) const ACTIVE: &str = "active_scheme";

/// A scheme as the scheme page lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SchemeSummary {
    pub key: String,
    pub name: String,
    pub version: u32,
    pub description: String,
    pub method: String,
    pub cycle: String,
    /// `method` and `cycle` as messages, for the UI's language.
    pub method_msg: tierdesk_domain::Msg,
    pub cycle_msg: tierdesk_domain::Msg,
    pub active: bool,
    pub tiers: Vec<TierRule>,
    /// The scheme as TOML, for reading and export.
    pub toml: String,
    /// Raised by every save of the scheme (a version no rating used is
    /// overwritten in place): the editor sends the one it opened, so a save
    /// after someone else's is merged, not written over it.
    pub revision: i64,
    /// Who saved it last (none for a scheme saved before this was kept).
    #[ts(optional = nullable)]
    pub updated_by: Option<String>,
    /// When, `YYYY-MM-DD HH:MM:SS`.
    pub updated_at: String,
}

/// One tier and its rule in words.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TierRule {
    pub key: String,
    pub name: String,
    pub color: String,
    pub stars: u8,
    pub rule: String,
    /// A thresholds tier's condition as the scheme file keeps it (English
    /// keys: what the English UI shows); none for the last tier and the
    /// other methods.
    pub condition: Option<String>,
    /// `rule` as a message when the program wrote it (其余客户, 综合得分 ≥ N …).
    pub rule_msg: Option<tierdesk_domain::Msg>,
    /// What the tier's care settings are when its scheme leaves them out
    /// (by its place): the scheme editor shows them in the empty fields.
    pub care_default: tierdesk_tiers::TierCare,
    /// The tier's churn warning thresholds when its scheme leaves them out
    /// (by its place), shown the same way.
    pub churn_default: tierdesk_tiers::TierChurn,
}

/// A stored scheme as the engine reads it; one that no longer reads is the
/// program's fault, not the person's.
pub(crate) fn parse(s: &StoredScheme) -> Result<Scheme> {
    Scheme::from_toml(&s.definition).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

/// A scheme as the store keeps it.
pub(crate) fn to_stored(s: &Scheme) -> StoredScheme {
    StoredScheme {
        key: s.key.clone(),
        version: s.version,
        name: s.name.clone(),
        definition: s.to_toml(),
    }
}

pub(crate) fn summary(
    s: &Scheme,
    active: &str,
    head: tierdesk_store::SchemeHead,
    vocab: &tiers::Vocab,
) -> SchemeSummary {
    SchemeSummary {
        revision: head.revision,
        updated_by: head.updated_by,
        updated_at: head.updated_at,
        key: s.key.clone(),
        name: s.name.clone(),
        version: s.version,
        description: s.description.clone(),
        method: s.method_label().into(),
        cycle: s.cycle.label().into(),
        method_msg: s.method_msg(),
        cycle_msg: s.cycle.msg(),
        active: s.key == active,
        tiers: s
            .tiers
            .iter()
            .enumerate()
            .map(|(i, t)| TierRule {
                key: t.key.clone(),
                name: t.name.clone(),
                color: t.color.clone(),
                stars: t.stars,
                rule_msg: s.rule_msg(i),
                rule: s.rule_text(i, vocab),
                condition: match s.method {
                    tiers::Method::Thresholds if i + 1 < s.tiers.len() => t.condition.clone(),
                    _ => None,
                },
                care_default: tierdesk_tiers::TierCare::default_for(i, s.tiers.len()),
                churn_default: tierdesk_tiers::TierChurn::default_for(i, s.tiers.len()),
            })
            .collect(),
        toml: head.scheme.definition,
    }
}

impl Api {
    /// Saves the built-in schemes the first time, and makes star4 active.
    /// Built-in schemes added in later versions are saved into older
    /// databases too; a scheme already stored under a key is never replaced.
    pub(crate) fn ensure_schemes(&self) -> Result<()> {
        let stored = self.store.schemes()?;
        for s in tiers::presets() {
            if stored.iter().all(|x| x.key != s.key) {
                self.store.save_scheme(&to_stored(&s))?;
            }
        }
        if stored.is_empty() && self.store.setting(ACTIVE)?.is_none() {
            self.store.set_setting(ACTIVE, "star4")?;
        }
        Ok(())
    }

    /// The newest version of a scheme.
    pub fn scheme(&self, key: &str) -> Result<Scheme> {
        self.allow(crate::domain::Perm::View)?;
        self.ensure_schemes()?;
        let stored = self.store.schemes()?;
        let s = stored.iter().find(|s| s.key == key).ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("没有标识为「{key}」的等级方案"),
            )
        })?;
        parse(s)
    }

    pub fn active_scheme(&self) -> Result<Scheme> {
        self.allow(crate::domain::Perm::View)?;
        self.ensure_schemes()?;
        let key = self
            .store
            .setting(ACTIVE)?
            .unwrap_or_else(|| "star4".into());
        self.scheme(&key)
    }

    pub fn schemes(&self) -> Result<Vec<SchemeSummary>> {
        self.allow(crate::domain::Perm::View)?;
        self.ensure_schemes()?;
        let active = self.store.setting(ACTIVE)?.unwrap_or_default();
        let vocab = self.rule_vocab()?;
        let mut out = Vec::new();
        for head in self.store.scheme_heads()? {
            let s = parse(&head.scheme)?;
            out.push(summary(&s, &active, head, &vocab));
        }
        Ok(out)
    }

    pub fn activate_scheme(&self, key: &str) -> Result<()> {
        self.allow(crate::domain::Perm::Settings)?;
        let s = self.scheme(key)?;
        let entry = tierdesk_domain::audit::NewEntry::new(
            "scheme.activate",
            "scheme",
            key,
            format!("启用等级方案「{}」（{key}）", s.name),
        );
        Ok(self.store.set_setting_as(ACTIVE, key, entry)?)
    }

    /// A scheme read from TOML whose figures this database has (built in or
    /// custom fields, by key or by label), not saved; its conditions in the
    /// canonical form (「消费金额 ≥ 30万」 becomes `spend >= 300000`).
    pub(crate) fn read_scheme(&self, toml_text: &str) -> Result<Scheme> {
        let mut s = Scheme::from_toml(toml_text)?;
        s.canonicalise(&self.rule_vocab()?)?;
        Ok(s)
    }

    /// Saves a scheme from TOML. A scheme already used by a batch gets a new
    /// version, so past results keep pointing at the rules that made them.
    pub fn import_scheme(&self, toml_text: &str) -> Result<Scheme> {
        self.allow(crate::domain::Perm::Settings)?;
        self.ensure_schemes()?;
        let mut s = self.read_scheme(toml_text)?;
        let latest = self
            .store
            .schemes()?
            .into_iter()
            .find(|x| x.key == s.key)
            .map(|x| x.version);
        s.version = match latest {
            Some(v) if self.store.scheme_used(&s.key, v)? => v + 1,
            Some(v) => v,
            None => 1,
        };
        self.store.save_scheme(&to_stored(&s))?;
        Ok(s)
    }

    /// Reads a scheme file (TOML, see docs/schemes.md) and saves it.
    pub fn import_scheme_file(&self, path: &std::path::Path) -> Result<Scheme> {
        self.allow(crate::domain::Perm::Settings)?;
        let text = std::fs::read_to_string(path).map_err(|e| {
            ApiError::invalid(format!("无法读取方案文件「{}」：{e}", path.display()))
        })?;
        self.import_scheme(&text).map_err(|e| ApiError {
            message: format!("方案文件「{}」：{}", path.display(), e.message),
            ..e
        })
    }

    /// The tiers of the active scheme, highest first.
    pub fn tier_labels(&self) -> Result<Vec<TierLabel>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.active_scheme()?.labels())
    }
}
