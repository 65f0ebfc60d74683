//! `tierdesk export template|customers` and `tierdesk report`.

use std::path::PathBuf;

use clap::Subcommand;
use tierdesk_api::domain::CustomerQuery;
use tierdesk_api::{Api, ApiError, ReportRequest};

#[derive(Subcommand)]
pub enum ExportCommand {
    /// A blank 星级客户管理表 workbook that imports back with no mapping step.
    Template {
        out: PathBuf,
        /// The scheme whose tiers the 当前等级 drop-down offers (default: the active one).
        #[arg(long)]
        scheme: Option<String>,
    },
    /// Customers in the template's layout (all of them, or those a filter matches).
    Customers {
        out: PathBuf,
        /// Only customers of this tier key.
        #[arg(long)]
        tier: Option<String>,
        /// Only customers whose name, code or phone matches.
        #[arg(long)]
        search: Option<String>,
        /// Write phone numbers (and e-mail and sensitive fields, when so set)
        /// in full. Masked (138****5678) by default; an unmasked export is
        /// logged with how many people it holds.
        #[arg(long, visible_alias = "unmasked")]
        full: bool,
        /// Masked is the default now; kept so that older scripts still run.
        #[arg(long, hide = true)]
        mask_phone: bool,
    },
}

pub fn export(api: &Api, cmd: ExportCommand, json: bool) -> Result<(), ApiError> {
    match cmd {
        ExportCommand::Template { out, scheme } => {
            api.export_template(scheme.as_deref(), &out)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "file": out.display().to_string() })
                );
            } else {
                println!("已保存模板：{}", out.display());
            }
        }
        ExportCommand::Customers {
            out,
            tier,
            search,
            full,
            mask_phone: _,
        } => {
            let q = CustomerQuery {
                tier,
                search,
                ..CustomerQuery::default()
            };
            let n = api.export_customers(&q, !full, &out, &mut |done, total| {
                if !json && done % 100_000 == 0 && done > 0 {
                    eprintln!("已写入 {done} / {total} 位客户…");
                }
            })?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "file": out.display().to_string(), "customers": n })
                );
            } else {
                println!("已导出 {n} 位客户：{}", out.display());
            }
        }
    }
    Ok(())
}

pub struct ReportArgs {
    pub out: PathBuf,
    pub scheme: Option<String>,
    pub batch: Option<i64>,
    pub period: Option<String>,
    pub company: Option<String>,
    pub logo: Option<PathBuf>,
    pub no_mask: bool,
}

pub fn report(api: &Api, a: ReportArgs, json: bool) -> Result<(), ApiError> {
    let req = ReportRequest {
        scheme: a.scheme,
        batch: a.batch,
        period: a.period,
        company: a.company,
        logo: a.logo.map(|p| p.display().to_string()),
        no_mask: a.no_mask,
    };
    let r = api.export_report(&req, &a.out, tierdesk_api::today())?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "file": a.out.display().to_string(),
                "scheme": r.scheme_key,
                "period": r.period,
                "as_of": r.as_of,
                "customers": r.customers,
                "revenue": r.revenue,
                "tiers": r.tiers.iter().map(|t| serde_json::json!({"key": t.key, "name": t.name, "customers": t.customers, "revenue": t.revenue})).collect::<Vec<_>>(),
            })
        );
    } else {
        println!("已保存报告：{}（{} 位客户）", a.out.display(), r.customers);
    }
    Ok(())
}
