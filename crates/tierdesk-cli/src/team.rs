//! `tierdesk team`: the team database. `team copy --to postgres://…` copies
//! the local file (`--db`) into an empty team database and prints every
//! table with its rows and checksum on both sides (exit 1 when any differs:
//! nothing is then kept on the server).

use clap::Subcommand;
use tierdesk_api::domain::text::thousands;
use tierdesk_api::{Api, ApiError, TeamCopyReport};

#[derive(Subcommand)]
pub enum TeamCommand {
    /// 迁移到团队数据库: copy this local file into an empty team database, then compare rows and checksums.
    Copy {
        /// The empty team database: postgres://user:password@host:port/database?sslmode=…
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// The first 管理员 of an empty team database (--db postgres://…); the password from
    /// --new-password-file or TIERDESK_NEW_USER_PASSWORD.
    FirstAdmin {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        new: crate::users::NewUserPassword,
    },
}

pub fn run(api: &mut Api, cmd: TeamCommand, as_json: bool) -> Result<bool, ApiError> {
    match cmd {
        TeamCommand::FirstAdmin { login, name, new } => {
            crate::users::first_admin(api, &login, &name, &new, as_json)?;
            Ok(true)
        }
        TeamCommand::Copy { to } => {
            let mut table = String::new();
            // The team login's password: in the URL, else TIERDESK_TEAM_PASSWORD
            // (TIERDESK_DB_PASSWORD is the local file's here).
            let to = crate::team_url(&to, std::env::var("TIERDESK_TEAM_PASSWORD").ok())?;
            let report = api.copy_to_team(&to, &mut |p| {
                if !as_json && p.table != table {
                    table.clone_from(&p.table);
                    let step = if p.step == "copy" { "复制" } else { "核对" };
                    eprintln!("{step} {} …", p.table);
                }
            })?;
            if as_json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("serialisable")
                );
            } else {
                print!("{}", report_text(&report));
            }
            Ok(report.saved)
        }
    }
}

/// The per-table table, the skipped tables with their reasons, and the verdict.
fn report_text(r: &TeamCopyReport) -> String {
    let line = |cells: [&str; 6]| {
        format!(
            "{}{}{}  {}{}  {}\n",
            left(cells[0], 20),
            right(cells[1], 12),
            right(cells[2], 12),
            left(cells[3], 17),
            left(cells[4], 17),
            cells[5]
        )
    };
    let mut out = line([
        "表",
        "本机行数",
        "团队行数",
        "本机校验和",
        "团队校验和",
        "一致",
    ]);
    for t in &r.tables {
        out.push_str(&line([
            &t.table,
            &thousands(t.local_rows),
            &thousands(t.team_rows),
            short(&t.local_checksum),
            short(&t.team_checksum),
            if t.same { "✓" } else { "✗" },
        ]));
    }
    for s in &r.skipped {
        out.push_str(&format!("（未复制）{}：{}\n", s.table, s.reason));
    }
    let rows: u64 = r.tables.iter().map(|t| t.local_rows).sum();
    if r.saved {
        out.push_str(&format!(
            "已迁移到{}：{} 张表，共 {} 行，行数和校验和两边一致（{:.1} 秒）。本机文件没有改动。\n",
            r.team,
            r.tables.len(),
            thousands(rows),
            r.seconds
        ));
    } else {
        let differ: Vec<&str> = r
            .tables
            .iter()
            .filter(|t| !t.same)
            .map(|t| t.table.as_str())
            .collect();
        out.push_str(&format!(
            "核对不一致（{}），团队数据库没有保留任何内容。本机文件没有改动。\n",
            differ.join("、")
        ));
    }
    out
}

/// Columns on a terminal: a Chinese character takes two.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

fn left(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(columns(s))))
}

fn right(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(columns(s))))
}

/// The first 16 hex digits of a checksum: enough to compare by eye.
fn short(sum: &str) -> &str {
    &sum[..sum.len().min(16)]
}
