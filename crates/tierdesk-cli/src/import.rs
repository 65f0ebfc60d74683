//! `tierdesk import customers|transactions FILE`, `import list`, `import undo ID`,
//! and the saved mappings: `import profiles`, `import profile-rename OLD NEW`,
//! `import profile-delete NAME`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use tierdesk_api::domain::ImportKind;
use tierdesk_api::{
    Api, ApiError, ImportPreview, ImportProfileInfo, ImportProgress, ImportRequest, ImportStage,
    OnDuplicate, PairChoice, PairRow, RowProblem,
};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import customers from .xlsx/.xls/.xlsb/.ods/.csv.
    Customers(FileArgs),
    /// Import order lines; customers named in them are created when new.
    Transactions(FileArgs),
    /// Import satisfaction survey answers (满意度调查): 客户编号/客户名称/手机,
    /// 日期, 推荐意愿 (0–10), 满意度 (1–5), 渠道, 评价, other number columns as
    /// question scores. Only customers already in the archive.
    Surveys {
        file: PathBuf,
        /// Worksheet name (default: the first that looks like a survey sheet).
        #[arg(long)]
        sheet: Option<String>,
        /// Read and report, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Every import, newest first.
    List,
    /// Take an import back: created customers removed, updated ones restored.
    Undo { id: i64 },
    /// Saved column mappings (导入方案), the most recently used first.
    Profiles,
    /// Give a saved column mapping another name.
    ProfileRename { old: String, new: String },
    /// Delete a saved column mapping; the next sheet with its headers is guessed again.
    ProfileDelete { name: String },
}

#[derive(Args)]
pub struct FileArgs {
    file: PathBuf,
    /// Worksheet name (default: the one that looks like the table).
    #[arg(long)]
    sheet: Option<String>,
    /// Use a saved column mapping by name.
    #[arg(long)]
    profile: Option<String>,
    /// Read and report, write nothing.
    #[arg(long)]
    dry_run: bool,
    /// What to do with customers already in the archive.
    #[arg(long, value_enum, default_value_t = Duplicates::Update)]
    on_duplicate: Duplicates,
    /// Refuse the whole import, writing nothing, when any row cannot be
    /// imported. Without it such rows are skipped and listed (all of them in
    /// --errors-out); a cell that is only left out, such as a phone that is
    /// no phone, never refuses its row.
    #[arg(long)]
    reject_file: bool,
    /// Also write the error workbook (a copy of the sheet with the bad cells marked).
    #[arg(long)]
    errors_out: Option<PathBuf>,
    /// Import the columns whose mapping is only a guess (需确认, such as
    /// 营业额 → 消费金额) as guessed; without it they are left out and listed.
    #[arg(long)]
    accept_guesses: bool,
    /// Merge every possible duplicate (rows that share only a phone with
    /// another record under another name); without it each is imported apart.
    #[arg(long)]
    merge_possible_duplicates: bool,
    /// Merge the possible duplicate on this Excel row (repeatable).
    #[arg(long = "merge-row", value_name = "ROW")]
    merge_rows: Vec<u64>,
}

/// `--on-duplicate`: what to do with a row that is a customer already in
/// the archive (found by code, else phone, else name).
#[derive(Clone, Copy, ValueEnum)]
enum Duplicates {
    /// Fill in the sheet's values; empty cells keep what the archive has.
    Update,
    /// Leave the archived customer as it is.
    Skip,
    /// Keep both: add the row as another customer.
    New,
}

impl From<Duplicates> for OnDuplicate {
    fn from(d: Duplicates) -> OnDuplicate {
        match d {
            Duplicates::Update => OnDuplicate::Update,
            Duplicates::Skip => OnDuplicate::Skip,
            Duplicates::New => OnDuplicate::New,
        }
    }
}

fn request(kind: ImportKind, a: &FileArgs) -> ImportRequest {
    ImportRequest {
        path: a.file.display().to_string(),
        sheet: a.sheet.clone(),
        kind: Some(kind),
        mapping: None,
        profile: a.profile.clone(),
        on_duplicate: a.on_duplicate.into(),
        skip_bad_rows: !a.reject_file,
        accept_guesses: a.accept_guesses,
        pairs_all: Some(if a.merge_possible_duplicates {
            PairChoice::Merge
        } else {
            PairChoice::Separate
        }),
        pairs: a
            .merge_rows
            .iter()
            .map(|&row| PairRow {
                row,
                choice: PairChoice::Merge,
            })
            .collect(),
    }
}

fn print_problems(problems: &[RowProblem], total: u64) {
    for p in problems.iter().take(20) {
        let cell = if p.column.is_empty() {
            format!("第 {} 行", p.row)
        } else {
            format!("{}{}", p.column, p.row)
        };
        let header = if p.header.is_empty() {
            String::new()
        } else {
            format!("「{}」", p.header)
        };
        let value = if p.value.is_empty() {
            String::new()
        } else {
            format!("'{}' ", p.value)
        };
        eprintln!("  {cell} {header}{value}{}", p.message);
    }
    if total > 20 {
        eprintln!("  …… 共 {total} 处问题（--errors-out 可导出标注好的错误表）");
    }
}

pub fn run(api: &mut Api, cmd: ImportCommand, json: bool) -> Result<(), ApiError> {
    match cmd {
        ImportCommand::Customers(a) => import_file(api, ImportKind::Customers, &a, json),
        ImportCommand::Transactions(a) => import_file(api, ImportKind::Transactions, &a, json),
        ImportCommand::Surveys {
            file,
            sheet,
            dry_run,
        } => crate::survey::import_surveys(api, file, sheet, dry_run, json),
        ImportCommand::List => list(api, json),
        ImportCommand::Profiles => {
            print_profiles(&api.import_profiles()?, json);
            Ok(())
        }
        ImportCommand::ProfileRename { old, new } => {
            let p = api.rename_import_profile(&old, &new)?;
            if json {
                print_json(&p);
            } else {
                println!("已将导入方案「{old}」重命名为「{}」", p.name);
            }
            Ok(())
        }
        ImportCommand::ProfileDelete { name } => {
            api.delete_import_profile(&name)?;
            if json {
                print_json(&serde_json::json!({ "deleted": name }));
            } else {
                println!("已删除导入方案「{name}」，下次导入表头相同的表格时会重新识别各列");
            }
            Ok(())
        }
        ImportCommand::Undo { id } => {
            let r = api.undo_import(id)?;
            if r.lines > 0 {
                crate::churn::refresh_after_import(api, json);
            }
            if json {
                print_json(&r);
            } else {
                println!(
                    "已撤销导入 #{}：删除新增的 {} 位客户，恢复更新过的 {} 位客户",
                    r.id, r.inserted, r.updated
                );
            }
            Ok(())
        }
    }
}

fn print_json(value: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("serialisable")
    );
}

fn list(api: &Api, json: bool) -> Result<(), ApiError> {
    let list = api.imports()?;
    if json {
        print_json(&list);
        return Ok(());
    }
    for r in list {
        let undone = if r.undone_at.is_some() {
            "（已撤销）"
        } else {
            ""
        };
        println!(
            "#{} {} {} [{}] 读取 {} 行：新增 {}，更新 {}，未变 {}，跳过 {}，拒绝 {}，订单行 {}{undone}",
            r.id, r.created_at, r.file, r.sheet, r.rows_read, r.inserted, r.updated, r.unchanged, r.skipped,
            r.rejected, r.lines
        );
    }
    Ok(())
}

/// `import customers|transactions FILE`: the dry run or the import, and the
/// error workbook when asked for.
fn import_file(
    api: &mut Api,
    kind: ImportKind,
    args: &FileArgs,
    json: bool,
) -> Result<(), ApiError> {
    let mut progress = |p: ImportProgress| {
        if !json && p.done >= 100_000 && p.done % 100_000 < 4096 {
            let stage = match p.stage {
                ImportStage::Reading => "已读取",
                ImportStage::Matching => "已核对",
                ImportStage::Writing => "正在写入",
            };
            eprintln!("{stage} {} 行…", p.done);
        }
        true
    };
    let req = request(kind, args);
    if let Some(out) = &args.errors_out {
        let n = api.write_import_errors(&req, out)?;
        if !json {
            eprintln!("错误表已写入 {}（{n} 处问题）", out.display());
        }
    }
    if args.dry_run {
        let p = api.preview_import(&req, &mut progress)?;
        print_preview(&p, &req, json);
        return Ok(());
    }
    let s = api.commit_import(&req, &crate::who::name(), &mut progress)?;
    if s.lines > 0 {
        crate::churn::refresh_after_import(api, json);
    }
    if json {
        print_json(&s);
        return Ok(());
    }
    println!(
        "导入 #{} 完成：读取 {} 行，新增 {}，更新 {}，未变 {}，跳过 {}，拒绝 {}{}",
        s.import_id,
        s.rows_read,
        s.inserted,
        s.updated,
        s.unchanged,
        s.skipped,
        s.rejected,
        if s.lines > 0 {
            format!("；订单行 {}", s.lines)
        } else {
            String::new()
        }
    );
    print_problems(&s.errors, s.error_count);
    crate::import_ask::print_asking(&s.guessed, &s.possible_duplicates, false);
    Ok(())
}

/// What a dry run found; as JSON in the shape of an import's summary.
fn print_preview(p: &ImportPreview, req: &ImportRequest, json: bool) {
    if json {
        print_json(&serde_json::json!({
            "import_id": null,
            "file": req.path,
            "sheet": p.sheet,
            "rows_read": p.counts.rows_read,
            "inserted": p.counts.new,
            "updated": p.counts.updated,
            "unchanged": p.counts.unchanged,
            "skipped": p.counts.skipped,
            "rejected": p.counts.rejected,
            "lines": p.counts.lines,
            "lines_without_customer": p.counts.lines_without_customer,
            "error_count": p.problem_count,
            "errors": p.problems,
            "guessed": p.guessed,
            "possible_duplicates": p.possible_duplicates,
        }));
        return;
    }
    println!(
        "试导入「{}」工作表「{}」（未写入）：读取 {} 行，将新增 {}，更新 {}，未变 {}，跳过 {}，拒绝 {}{}",
        p.file_name,
        p.sheet,
        p.counts.rows_read,
        p.counts.new,
        p.counts.updated,
        p.counts.unchanged,
        p.counts.skipped,
        p.counts.rejected,
        if p.kind == ImportKind::Transactions {
            format!("；订单行 {}，无客户的行 {}", p.counts.lines, p.counts.lines_without_customer)
        } else {
            String::new()
        }
    );
    print_problems(&p.problems, p.problem_count);
    crate::import_ask::print_asking(&p.guessed, &p.possible_duplicates, true);
}

fn print_profiles(list: &[ImportProfileInfo], json: bool) {
    if json {
        print_json(&list);
        return;
    }
    if list.is_empty() {
        println!("还没有导入方案：确认列对应关系后会自动保存为导入方案，下次导入表头相同的表格时自动套用");
        return;
    }
    for p in list {
        let kind = match p.kind {
            ImportKind::Customers => "客户",
            ImportKind::Transactions => "订单",
            ImportKind::Surveys => "满意度调查",
        };
        println!("{}（{kind}，上次使用 {}）", p.name, p.updated_at);
        if p.unreadable {
            println!("  这个方案无法读取，建议删除");
        }
        for c in &p.columns {
            println!("  {} → {}", c.header, c.field);
        }
        if !p.ignored.is_empty() {
            println!("  不导入：{}", p.ignored.join("、"));
        }
    }
}
