use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use tierdesk_api::{Api, ApiError};

#[derive(Subcommand)]
pub enum SchemeCommand {
    /// List the tier schemes.
    List,
    /// Show a scheme's tiers and rules (as TOML with --json off).
    Show { key: String },
    /// Write a scheme to a TOML file.
    Export { key: String, file: PathBuf },
    /// Read a scheme from a TOML file (a used scheme gets a new version).
    Import { file: PathBuf },
    /// Make a scheme the active one.
    Activate { key: String },
}

#[derive(Subcommand)]
pub enum BatchCommand {
    /// List evaluation batches, newest first.
    List,
    /// Show a batch: counts per tier, movements, tiers chosen at review and the customers who moved.
    Show { id: i64 },
    /// Undo the newest batch still in force.
    Undo,
}

fn json(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

pub fn scheme(api: &Api, cmd: SchemeCommand, as_json: bool) -> Result<(), ApiError> {
    match cmd {
        SchemeCommand::List => {
            let list = api.schemes()?;
            if as_json {
                json(&list);
            } else {
                for s in list {
                    let tiers: Vec<String> = s.tiers.iter().map(|t| t.name.clone()).collect();
                    println!(
                        "{} {:<12} v{}  {}（{}，{}）：{}",
                        if s.active { "*" } else { " " },
                        s.key,
                        s.version,
                        s.name,
                        s.method,
                        s.cycle,
                        tiers.join(" > ")
                    );
                }
            }
        }
        SchemeCommand::Show { key } => {
            let s = api.scheme(&key)?;
            if as_json {
                json(&s)
            } else {
                print!("{}", s.to_toml())
            }
        }
        SchemeCommand::Export { key, file } => {
            let s = api.scheme(&key)?;
            tierdesk_api::save_file(&file, s.to_toml().as_bytes())?;
            if !as_json {
                println!("已将方案「{}」导出到 {}", s.name, file.display());
            }
        }
        SchemeCommand::Import { file } => {
            let s = api.import_scheme_file(&file)?;
            if as_json {
                json(&s)
            } else {
                println!("已导入方案「{}」（{} 第 {} 版）", s.name, s.key, s.version)
            }
        }
        SchemeCommand::Activate { key } => {
            api.activate_scheme(&key)?;
            if !as_json {
                println!("当前方案：{}", api.scheme(&key)?.name);
            }
        }
    }
    Ok(())
}

pub struct EvaluateArgs {
    pub scheme: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub period: Option<String>,
    pub apply: bool,
}

pub fn evaluate(api: &mut Api, args: EvaluateArgs, as_json: bool) -> Result<(), ApiError> {
    let key = match args.scheme {
        Some(k) => k,
        None => api.active_scheme()?.key,
    };
    let as_of = match (args.as_of, &args.period) {
        (Some(d), _) => d,
        (None, Some(p)) => {
            tierdesk_api::engine::parse_period(p)
                .map_err(|e| ApiError::invalid(e.to_string()))?
                .1
        }
        (None, None) => chrono::Local::now().date_naive(),
    };
    let preview = api.preview_evaluation_in(&key, as_of, args.period.as_deref())?;
    let batch = if args.apply {
        let batch = api.apply_evaluation(
            &key,
            as_of,
            args.period.as_deref(),
            &crate::who::name(),
            &[],
        )?;
        // New tiers mean new visit intervals, and the rating to-dos are done.
        api.refresh_todos(chrono::Local::now().date_naive())?;
        Some(batch)
    } else {
        None
    };
    if as_json {
        let counts: serde_json::Map<String, serde_json::Value> = preview
            .counts
            .iter()
            .map(|c| (c.tier.clone(), c.count.into()))
            .collect();
        json(&serde_json::json!({
            "scheme": preview.scheme,
            "scheme_version": preview.scheme_version,
            "as_of": preview.as_of,
            "period": batch.as_ref().map(|b| b.period.clone()).unwrap_or(preview.period.clone()),
            "counts": counts,
            "moves": preview.moves,
            "matrix": preview.matrix,
            "batch_id": batch.as_ref().map(|b| b.id),
        }));
    } else {
        println!(
            "方案 {}（第 {} 版），评级日期 {}，共 {} 位客户",
            preview.scheme, preview.scheme_version, preview.as_of, preview.customers
        );
        for c in &preview.counts {
            println!("  {:<8} {:>8}", c.name, c.count);
        }
        println!("等级将变化的客户：{}", preview.moved);
        match batch {
            Some(b) => println!(
                "已应用为评级批次 #{}（{}），可用 `tierdesk batch undo` 撤销",
                b.id, b.period
            ),
            None => println!("（预演，未保存；加 --apply 应用）"),
        }
    }
    Ok(())
}

pub fn explain(
    api: &Api,
    id_or_code: &str,
    scheme: Option<&str>,
    as_json: bool,
) -> Result<(), ApiError> {
    let c = api.find_customer(id_or_code)?;
    let x = api.explain(c.id, scheme, chrono::Local::now().date_naive())?;
    if as_json {
        json(&x);
        return Ok(());
    }
    // RFM figures carry a note on how their score came about.
    let rfm = x.figures.iter().any(|f| f.note.is_some());
    println!(
        "{}：{}{}",
        c.name,
        x.tier_name,
        x.score
            .map(|s| if rfm {
                format!("（RFM {s}）")
            } else {
                format!("（综合得分 {s}）")
            })
            .unwrap_or_default()
    );
    if let Some(held) = &x.held {
        println!("  {held}");
    }
    for f in &x.figures {
        let v = f
            .value
            .map(|v| tierdesk_api::engine::show(&f.key, v))
            .unwrap_or_else(|| "缺失".into());
        match (f.score, f.weight, f.contribution) {
            (Some(s), Some(w), Some(ctb)) => println!(
                "  {}：{v}，得分 {s}，权重 {}%，贡献 {ctb}",
                f.label,
                w * 100.0
            ),
            (Some(s), None, None) => println!(
                "  {}：{v}，{s} 分（{}）",
                f.label,
                f.note.as_deref().unwrap_or_default()
            ),
            _ => println!("  {}：{v}", f.label),
        }
    }
    for line in &x.conditions {
        let mark = match line.holds {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "?",
        };
        println!("  {mark} {}：{}", line.tier_name, line.text);
    }
    for s in [&x.next_up, &x.margin].into_iter().flatten() {
        println!("  {s}");
    }
    Ok(())
}

pub fn batch(api: &mut Api, cmd: BatchCommand, as_json: bool) -> Result<(), ApiError> {
    match cmd {
        BatchCommand::List => {
            let list = api.batches()?;
            if as_json {
                json(&list);
            } else {
                for b in list {
                    println!(
                        "#{:<4} {} {} v{}  {} 位客户，{} 位变化，{} 位人工调整  {} {}{}",
                        b.id,
                        b.period,
                        b.scheme_key,
                        b.scheme_version,
                        b.customers,
                        b.moved,
                        b.overrides,
                        b.applied_at,
                        b.applied_by,
                        if b.undone_at.is_some() {
                            "（已撤销）"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        BatchCommand::Show { id } => {
            let d = api.batch_detail(id)?;
            if as_json {
                json(&d);
            } else {
                print_batch(&d);
            }
        }
        BatchCommand::Undo => {
            let b = api.undo_last_batch()?;
            if as_json {
                json(&b)
            } else {
                println!("已撤销评级批次 #{}（{}）", b.id, b.period)
            }
        }
    }
    Ok(())
}

fn print_batch(d: &tierdesk_api::BatchDetail) {
    let b = &d.batch;
    let name = |key: &str| -> String {
        if key.is_empty() {
            return "未评级".into();
        }
        d.counts
            .iter()
            .find(|c| c.tier == key)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| key.to_owned())
    };
    println!(
        "评级批次 #{}：{}（{} 第 {} 版），{}，评级日期 {}",
        b.id, d.scheme_name, b.scheme_key, b.scheme_version, b.period, b.as_of
    );
    println!(
        "{} 于 {} 应用；{} 位客户，{} 位变化，{} 位人工调整{}",
        b.applied_by,
        b.applied_at,
        b.customers,
        b.moved,
        b.overrides,
        b.undone_at
            .as_deref()
            .map(|u| format!("；已于 {u} 撤销"))
            .unwrap_or_default()
    );
    println!("各等级人数：");
    for c in &d.counts {
        println!("  {:<8} {:>8}", c.name, c.count);
    }
    println!("等级变化（原等级 → 新等级：人数）：");
    for (from, row) in &d.matrix {
        for (to, n) in row {
            if from != to {
                println!("  {} → {}：{n}", name(from), name(to));
            }
        }
    }
    if !d.overrides.is_empty() {
        println!("人工调整：");
        for o in &d.overrides {
            println!(
                "  {} {}：{} → {}，{}{}（{}）",
                o.code.as_deref().unwrap_or("-"),
                o.name,
                name(&o.proposed_tier),
                name(&o.tier),
                o.reason,
                o.expires_on
                    .map(|e| format!("，至 {e} 有效"))
                    .unwrap_or_default(),
                o.who
            );
        }
    }
    println!("等级变化的客户：");
    for m in &d.moves {
        println!(
            "  {} {}：{} → {}  {}",
            m.code.as_deref().unwrap_or("-"),
            m.name,
            name(m.from.as_deref().unwrap_or_default()),
            name(&m.to),
            m.reason.as_deref().unwrap_or_default()
        );
    }
}
