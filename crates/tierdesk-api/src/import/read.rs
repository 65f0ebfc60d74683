//! Opening a file for an import and reading every row of it, without the
//! database.

use std::ops::ControlFlow;
use std::path::Path;

use tierdesk_domain::{FieldDef, ImportKind, ImportProfile, TierLabel};
use tierdesk_import::{Interpreted, RowReader};
use tierdesk_mapping::{Mapping, ReadOptions};

use super::inspect::{inspect_book, HEAD_ROWS};
use super::pipeline::pipe_lines;
use super::{cancelled, file_name, ImportProgress, ImportRequest, ImportStage};
use crate::{Api, ApiError, ErrorCode, Result};

/// What matching needs from the store, taken in one quick call.
pub struct ImportContext {
    pub(super) field_defs: Vec<FieldDef>,
    tiers: Vec<TierLabel>,
    profiles: Vec<ImportProfile>,
}

impl Api {
    /// What matching needs, in one quick call.
    pub fn import_context(&self) -> Result<ImportContext> {
        self.allow(crate::domain::Perm::View)?;
        let tiers = match self.active_scheme() {
            Ok(s) => s.labels(),
            Err(_) => Vec::new(),
        };
        Ok(ImportContext {
            field_defs: self.store.field_defs()?,
            tiers,
            profiles: self.store.import_profiles()?,
        })
    }
}

/// A file read and interpreted, not yet matched against the archive.
pub struct ReadPlan {
    pub(super) path: String,
    pub(super) file_name: String,
    pub(super) sheet: String,
    pub(super) format: String,
    /// The saved mapping that was applied, if any.
    pub(super) profile: Option<String>,
    /// The header signature the mapping is saved under.
    pub(super) signature: String,
    /// The mapping as proposed, its guesses still to confirm marked: what
    /// the preview shows and the saved mapping keeps. `rows.mapping` is the
    /// one applied (a guess to confirm read as 不导入).
    pub(super) proposed: Mapping,
    pub(super) rows: Interpreted,
}

/// A file opened for an import, its sheet and mapping decided, no row read.
pub(super) struct OpenedImport {
    pub(super) book: tierdesk_sheets::Book,
    pub(super) plan: ReadPlan,
    pub(super) how: RowReader,
}

/// Opens the file, picks the sheet, and settles the mapping: the one the
/// person confirmed, else the saved profile named or recognised by the
/// headers, else the guess.
pub(super) fn open_import(ctx: &ImportContext, req: &ImportRequest) -> Result<OpenedImport> {
    let path = Path::new(&req.path);
    let mut book = tierdesk_sheets::open(path)?;
    let (sheet, head) = match &req.sheet {
        Some(s) => {
            if !book.sheets().iter().any(|i| &i.name == s) {
                return Err(ApiError::invalid(format!(
                    "文件「{}」里没有名为「{s}」的工作表",
                    file_name(&req.path)
                )));
            }
            (s.clone(), None)
        }
        None => {
            let (inspection, head) = inspect_book(&mut book, &req.path)?;
            (inspection.suggested_sheet, head)
        }
    };
    let head = match head {
        Some(head) => head,
        None => book.preview(&sheet, HEAD_ROWS)?,
    };
    let guessed = tierdesk_mapping::guess_mapping(&head, None, &ctx.field_defs);
    let signature = tierdesk_mapping::header_signature(&tierdesk_import::headers_of(&guessed));
    let (mut mapping, mut profile) = (guessed, None);
    if let Some(name) = &req.profile {
        let saved = ctx
            .profiles
            .iter()
            .find(|p| &p.name == name)
            .ok_or_else(|| {
                ApiError::new(ErrorCode::NotFound, format!("没有名为「{name}」的导入方案"))
            })?;
        mapping = serde_json::from_str(&saved.mapping)
            .map_err(|e| ApiError::invalid(format!("导入方案「{name}」无法读取：{e}")))?;
        profile = Some(name.clone());
    } else if let Some(saved) = ctx.profiles.iter().find(|p| p.signature == signature) {
        if let Ok(m) = serde_json::from_str::<Mapping>(&saved.mapping) {
            mapping = m;
            profile = Some(saved.name.clone());
        }
    }
    if let Some(m) = &req.mapping {
        mapping = m.clone();
    }
    let (proposed, mapping) = super::asking::settle_guesses(mapping, req.accept_guesses);
    let kind = req
        .kind
        .unwrap_or_else(|| tierdesk_import::kind_of(&proposed));
    if let Err(message) = tierdesk_import::check_mapping(&mapping, kind) {
        let guessed = super::asking::guessed_columns(&proposed, &[]);
        return Err(if tierdesk_import::check_mapping(&proposed, kind).is_ok() {
            super::asking::identity_guessed(message, &guessed)
        } else {
            ApiError::invalid(message)
        });
    }
    let opts = ReadOptions {
        date_1904: book.date_1904(),
        tiers: ctx.tiers.clone(),
    };
    let how = RowReader::new(
        &mapping,
        opts,
        book.undecodable() > 0,
        tierdesk_sheets::MAX_CELL_CHARS,
    );
    let plan = ReadPlan {
        path: req.path.clone(),
        file_name: file_name(&req.path),
        sheet,
        format: book.format().label().to_owned(),
        profile,
        signature,
        proposed,
        rows: Interpreted::new(kind, mapping),
    };
    Ok(OpenedImport { book, plan, how })
}

/// Reads every row of the file the request names and interprets it with the
/// confirmed (or saved, or guessed) mapping. No database needed; `progress`
/// returning `false` cancels.
pub fn read_import(
    ctx: &ImportContext,
    req: &ImportRequest,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<ReadPlan> {
    let OpenedImport {
        mut book,
        mut plan,
        how,
    } = open_import(ctx, req)?;
    let mut kept = Vec::new();
    let completed = pipe_lines(&mut book, &mut plan, &how, progress, &mut |lines| {
        kept.append(lines);
        ControlFlow::Continue(())
    })?;
    if !completed {
        return Err(cancelled());
    }
    if plan.rows.rows_read == 0 {
        return Err(no_data_rows(&plan));
    }
    plan.rows.lines = kept;
    progress(ImportProgress {
        stage: ImportStage::Reading,
        done: plan.rows.rows_read,
        total: Some(plan.rows.rows_read),
    });
    Ok(plan)
}

/// A sheet with a header and nothing under it: said plainly instead of an
/// import of nothing that looks like it worked.
pub(super) fn no_data_rows(plan: &ReadPlan) -> ApiError {
    ApiError::invalid(format!(
        "「{}」的工作表「{}」在表头下面没有数据行，没有可以导入的内容，数据库没有改动。\
         请确认选的是填好数据的文件和工作表",
        file_name(&plan.path),
        plan.sheet
    ))
}

impl ReadPlan {
    pub(super) fn kind(&self) -> ImportKind {
        self.rows.kind
    }

    pub(super) fn mapping(&self) -> &Mapping {
        &self.rows.mapping
    }

    /// The guessed columns left out until confirmed, with their first values.
    pub(super) fn guessed(&self) -> Vec<super::GuessedColumn> {
        let data: Vec<(usize, Vec<String>)> = self
            .rows
            .sample
            .iter()
            .filter(|(row, _)| !self.rows.not_data.contains(row))
            .cloned()
            .collect();
        super::asking::guessed_columns(&self.proposed, &data)
    }
}
