//! Saving a scheme from the editor without writing over someone else's
//! save: the editor sends the revision it opened and the scheme file it
//! showed (an [`EditBase`]). When the scheme was saved since, the save is
//! merged field by field (`tierdesk_tiers::scheme_merge`): what only the
//! other person changed stays theirs, what only I changed is mine, and a
//! field both changed differently refuses the save with
//! 「此方案已被 张三 于 10:32 修改」 and each such field's three values in
//! words. The person's choices count only against the revision the dialog
//! showed. Importing a scheme file, the presets and the CLI's import are not
//! edits of an opened scheme and keep [`Api::import_scheme`].

use tierdesk_domain::merge::{EditBase, RowKind, Saved};
use tierdesk_store::{SchemeSaveNote, StoreError};
use tierdesk_tiers::scheme_merge::{merge_schemes, scheme_fields, SchemeMerge};

use crate::conflict::{self, LastWrite};
use crate::schemes::{parse, summary, to_stored, SchemeSummary, ACTIVE};
use crate::{Api, ApiError, Result};

impl Api {
    /// Saves the scheme file `toml_text` from the editor, which opened the
    /// scheme at `base` (its revision and the file it showed). A scheme a
    /// rating used gets a new version; otherwise its version is saved over.
    /// The answer is the scheme as stored, with the other person's changes
    /// it kept.
    pub fn save_scheme(
        &self,
        toml_text: &str,
        base: EditBase<String>,
    ) -> Result<Saved<SchemeSummary>> {
        self.allow(crate::domain::Perm::Settings)?;
        self.ensure_schemes()?;
        let mine = self.read_scheme(toml_text)?;
        // The key changed in the file (the editor's file tab): not an edit
        // of the scheme opened but a new one, as 复制为新方案 — never saved
        // over the scheme that has that key, nor over the one opened.
        let opened_key = tierdesk_tiers::Scheme::from_toml(&base.values).map(|s| s.key);
        if opened_key.is_ok_and(|k| k != mine.key) {
            return Ok(Saved {
                item: self.create_parsed(mine)?,
                theirs_kept: Vec::new(),
            });
        }
        let vocab = self.rule_vocab()?;
        for _ in 0..conflict::TRIES {
            let head = self.store.scheme_head(&mine.key)?;
            let revision = head.as_ref().map_or(0, |h| h.revision);
            let (mut to_save, kept) = match &head {
                Some(h) if h.revision != base.version => {
                    let theirs = parse(&h.scheme)?;
                    let original = self.read_scheme(&base.values).map_err(|e| ApiError {
                        message: format!("编辑器打开时的方案读不出来：{}", e.message),
                        ..e
                    })?;
                    let picks = base
                        .resolved
                        .as_ref()
                        .filter(|r| r.version == h.revision)
                        .map(|r| r.theirs.as_slice());
                    match merge_schemes(&original, &mine, &theirs, picks, &vocab)? {
                        SchemeMerge::Clean {
                            scheme,
                            theirs_kept,
                        } => (*scheme, theirs_kept),
                        SchemeMerge::Clash(clashes) => {
                            let labels: Vec<(String, String)> = clashes
                                .iter()
                                .map(|c| (c.key.clone(), c.label.clone()))
                                .collect();
                            let label = |k: &str| {
                                labels
                                    .iter()
                                    .find(|(key, _)| key == k)
                                    .map_or_else(|| k.to_owned(), |(_, l)| l.clone())
                            };
                            let last = LastWrite {
                                kind: RowKind::Scheme,
                                who: h.updated_by.as_deref(),
                                when: &h.updated_at,
                                version: h.revision,
                            };
                            return Err(conflict::refusal(
                                last,
                                clashes
                                    .into_iter()
                                    .map(|c| (c.key, c.mine, c.theirs, c.original))
                                    .collect(),
                                scheme_fields(&theirs),
                                &label,
                                None,
                            ));
                        }
                    }
                }
                _ => (mine.clone(), Vec::new()),
            };
            to_save.version = match &head {
                Some(h) if self.store.scheme_used(&h.scheme.key, h.scheme.version)? => {
                    h.scheme.version + 1
                }
                Some(h) => h.scheme.version,
                None => 1,
            };
            let mut note = SchemeSaveNote::default();
            if !kept.is_empty() {
                let who = head
                    .as_ref()
                    .and_then(|h| h.updated_by.clone())
                    .filter(|w| !w.trim().is_empty())
                    .unwrap_or_else(|| tierdesk_domain::merge::SOMEONE.to_owned());
                note.facts.push(("合并了修改".into(), who));
                note.facts.push((
                    "保留的对方修改".into(),
                    kept.iter()
                        .map(|(_, l)| l.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                ));
            }
            match self
                .store
                .save_scheme_at(&to_stored(&to_save), revision, &note)
            {
                Err(StoreError::VersionMoved { .. }) => continue,
                Err(e) => return Err(e.into()),
                Ok(saved) => {
                    let active = self.store.setting(ACTIVE)?.unwrap_or_default();
                    let s = parse(&saved.scheme)?;
                    return Ok(Saved {
                        item: summary(&s, &active, saved, &vocab),
                        theirs_kept: kept
                            .into_iter()
                            .map(|(key, label)| tierdesk_domain::merge::FieldName { key, label })
                            .collect(),
                    });
                }
            }
        }
        Err(conflict::still_moving())
    }

    /// Saves a new scheme made in the editor (复制为新方案) under a key no
    /// scheme has yet. A key already taken is refused with the scheme that
    /// has it and nothing is written, checked inside the write transaction:
    /// a copy never writes over another scheme, nor over one another desk
    /// saved under the same key a moment before.
    pub fn create_scheme(&self, toml_text: &str) -> Result<SchemeSummary> {
        self.allow(crate::domain::Perm::Settings)?;
        self.ensure_schemes()?;
        let s = self.read_scheme(toml_text)?;
        self.create_parsed(s)
    }

    /// [`Api::create_scheme`] for a scheme already read.
    fn create_parsed(&self, mut s: tierdesk_tiers::Scheme) -> Result<SchemeSummary> {
        s.version = 1;
        match self
            .store
            .save_scheme_at(&to_stored(&s), 0, &SchemeSaveNote::default())
        {
            Ok(saved) => {
                let active = self.store.setting(ACTIVE)?.unwrap_or_default();
                let stored = parse(&saved.scheme)?;
                Ok(summary(&stored, &active, saved, &self.rule_vocab()?))
            }
            Err(StoreError::VersionMoved { .. }) => {
                let name = self
                    .store
                    .scheme_head(&s.key)?
                    .map_or_else(String::new, |h| h.scheme.name);
                Err(ApiError::coded(
                    crate::ErrorCode::Conflict,
                    tierdesk_domain::Msg::new("scheme.key_taken")
                        .with("key", &s.key)
                        .with("name", &name),
                ))
            }
            Err(e) => Err(e.into()),
        }
    }
}
