//! `tierdesk`: the customer archive from the command line, over the same API
//! crate as the desktop app. `--json` prints machine-readable output; errors
//! print the same Chinese message the app shows and exit non-zero.

mod analysis;
mod audit;
mod backup;
mod bench;
mod benefits;
mod case;
mod churn;
mod churn_bench;
mod customers;
mod export;
mod followup;
mod import;
mod import_ask;
mod password;
mod points;
mod points_statement;
mod privacy;
mod rating;
mod record;
mod record_bench;
mod survey;
mod team;
mod todo;
mod todo_bench;
mod users;
mod who;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use tierdesk_api::{Api, ApiError};

#[derive(Parser)]
#[command(
    name = "tierdesk",
    version,
    about = "TierDesk 星级客户管理台 命令行工具"
)]
struct Cli {
    /// Database: a file, or a team database's URL
    /// (postgres://user@host:port/database); default: the app's database
    /// file in the OS app-data folder.
    #[arg(long, global = true, env = "TIERDESK_DB", value_name = "FILE|URL")]
    db: Option<PathBuf>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    /// A file whose first line is the database's password (else TIERDESK_DB_PASSWORD).
    #[arg(long, global = true, value_name = "PATH")]
    password_file: Option<PathBuf>,
    /// Who is acting, as batches, imports and the audit log name them (default: the OS user).
    #[arg(long, global = true, env = "TIERDESK_WHO", value_name = "NAME")]
    who: Option<String>,
    /// On a team database: the login to sign in as (the password from
    /// --user-password-file or TIERDESK_USER_PASSWORD).
    #[arg(long, global = true, env = "TIERDESK_USER", value_name = "LOGIN")]
    user: Option<String>,
    /// A file whose first line is the user's password (else TIERDESK_USER_PASSWORD).
    #[arg(long, global = true, value_name = "PATH")]
    user_password_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add, list, show, change, delete and restore customers.
    #[command(subcommand)]
    Customers(customers::CustomersCommand),
    /// Fill the database with realistic demo customers.
    Demo {
        #[arg(long, default_value_t = 1000)]
        customers: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Where the database is and how many customers it holds.
    Info,
    /// Tier schemes: list, show, export, import, activate.
    #[command(subcommand)]
    Scheme(rating::SchemeCommand),
    /// Rate every customer with a scheme (preview with --dry-run, save with --apply).
    Evaluate {
        #[arg(long)]
        scheme: Option<String>,
        /// Rating date, e.g. 2024-12-31 (default: the end of --period, else today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        /// Rating period: 2024, 2024H1 or 2024Q1.
        #[arg(long)]
        period: Option<String>,
        #[arg(long, conflicts_with = "apply")]
        dry_run: bool,
        #[arg(long)]
        apply: bool,
    },
    /// Explain a customer's tier under a scheme.
    Explain {
        id_or_code: String,
        #[arg(long)]
        scheme: Option<String>,
    },
    /// Evaluation batches: list, undo the newest.
    #[command(subcommand)]
    Batch(rating::BatchCommand),
    /// Import customers or order lines from Excel/CSV; list and undo imports.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write the blank template or the customer list as .xlsx.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Write the tier report as .pdf, .xlsx or .html (by the file's extension).
    Report {
        out: PathBuf,
        #[arg(long)]
        scheme: Option<String>,
        /// Report this batch (see `tierdesk batch list`).
        #[arg(long, conflicts_with = "period")]
        batch: Option<i64>,
        /// Report the latest batch of this period: 2024, 2024H1 or 2024Q1.
        #[arg(long)]
        period: Option<String>,
        /// Company name for the header (default: the one saved in the app).
        #[arg(long)]
        company: Option<String>,
        /// A PNG or JPEG logo for the header (default: the one saved in the app).
        #[arg(long)]
        logo: Option<PathBuf>,
        /// Print phone numbers in full.
        #[arg(long)]
        no_mask: bool,
    },
    /// Compare a scheme with the tiers customers had in their old sheet.
    Calibrate {
        /// Scheme key (default: the active scheme).
        #[arg(long)]
        scheme: Option<String>,
        /// Rating date (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Benefits: show a customer's, record or undo a use, print a statement.
    #[command(subcommand)]
    Benefits(benefits::BenefitsCommand),
    /// Follow-ups (跟进记录): log one, list them, delete one.
    #[command(subcommand)]
    Followup(followup::FollowupCommand),
    /// To-dos (待办): list by due date, add, done, postpone, cancel, run the rules.
    #[command(subcommand)]
    Todo(todo::TodoCommand),
    /// Points (积分): show, earn by hand, redeem, undo, expire, the catalogue.
    #[command(subcommand)]
    Points(points::PointsCommand),
    /// Complaints and feedback (投诉与反馈): add, update, list, show.
    #[command(subcommand)]
    Case(case::CaseCommand),
    /// Churn early warning (流失预警): refresh, list, set a status, show, bench.
    #[command(subcommand)]
    Churn(churn::ChurnCommand),
    /// Satisfaction surveys (满意度调查): add an answer, list, delete, NPS/CSAT per tier.
    #[command(subcommand)]
    Survey(survey::SurveyCommand),
    /// The figures management asks for (管理指标): retention, cohorts, per 客户经理, tier movement.
    #[command(subcommand)]
    Analysis(analysis::AnalysisCommand),
    /// Privacy (PIPL): a person's copy, erasing a person, 显示完整, what is masked.
    #[command(subcommand)]
    Privacy(privacy::PrivacyCommand),
    /// The audit log (操作日志): list entries, check that none was changed.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Backups: take one, list them, restore one.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// The database password: set, change, remove, status.
    #[command(subcommand)]
    Password(password::PasswordCommand),
    /// Measure list queries over a million demo customers.
    Bench(bench::BenchArgs),
    /// The team database: copy this local file into an empty one (迁移到团队数据库).
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// The team database's users (管理员): list, add, edit, set a password.
    #[command(subcommand)]
    Users(users::UsersCommand),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match choice_refused(&e) {
            Some(message) => {
                eprintln!("错误：{message}");
                return ExitCode::from(2);
            }
            None => e.exit(),
        },
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{}", e.message);
            for p in &e.problems {
                if !e.message.contains(&p.message) {
                    eprintln!("  - {}", p.message);
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// A value outside a fixed list of choices, said in Chinese with the list
/// (clap's own words for it are English). Other usage errors, and help, stay
/// clap's.
fn choice_refused(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidValue {
        return None;
    }
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg)?;
    let value = text(ContextKind::InvalidValue)?;
    let Some(ContextValue::Strings(choices)) = e.get(ContextKind::ValidValue) else {
        return None;
    };
    let arg = arg.split_whitespace().next().unwrap_or(&arg).to_owned();
    Some(format!(
        "{arg} 不能是「{value}」；可选：{}",
        choices.join("、")
    ))
}

/// A team database's URL with the login's password: the URL's own, else
/// `password` (from `--password-file` / `TIERDESK_DB_PASSWORD`), so the
/// password need not sit in the URL, the process list or the shell history.
pub(crate) fn team_url(url: &str, password: Option<String>) -> Result<String, ApiError> {
    let team = tierdesk_api::TeamUrl::parse(url)?;
    Ok(match (&team.password, password) {
        (None, Some(pw)) => team.with_password(Some(&pw)).to_url(),
        _ => url.to_owned(),
    })
}

fn open(db: &Option<PathBuf>) -> Result<Api, ApiError> {
    let path = db.clone().unwrap_or_else(tierdesk_api::default_db_path);
    // A team database is named by its URL (postgres://…).
    let url = path
        .to_str()
        .filter(|p| p.starts_with("postgres://") || p.starts_with("postgresql://"));
    let mut api = match url {
        Some(url) => Api::open_team(&team_url(url, password::current())?)?,
        None => Api::open_with_password(&path, password::current())?,
    };
    api.set_actor(&who::name(), tierdesk_api::domain::audit::Source::Cli);
    users::sign_in(&mut api)?;
    Ok(api)
}

fn run(cli: Cli) -> Result<(), ApiError> {
    password::remember(cli.password_file.as_deref())?;
    who::remember(cli.who.as_deref());
    users::remember(cli.user.as_deref(), cli.user_password_file.as_deref())?;
    match cli.command {
        Command::Customers(cmd) => customers::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Demo { customers, seed } => {
            let mut api = open(&cli.db)?;
            let n = api.fill_demo(customers, seed, |done| {
                if !cli.json && done % 100_000 == 0 {
                    eprintln!("已生成 {done} 位客户…");
                }
            })?;
            if cli.json {
                println!("{}", serde_json::json!({ "inserted": n }));
            } else {
                println!("已添加 {n} 位演示客户");
            }
            Ok(())
        }
        Command::Info => {
            let info = open(&cli.db)?.db_info()?;
            if cli.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&info).expect("serialisable")
                );
            } else {
                println!(
                    "数据库：{}\n客户数：{}\n结构版本：{}",
                    info.path, info.customers, info.schema_version
                );
            }
            Ok(())
        }
        Command::Bench(args) => bench::run(args),
        Command::Team(cmd) => {
            if team::run(&mut open(&cli.db)?, cmd, cli.json)? {
                Ok(())
            } else {
                Err(ApiError::new(
                    tierdesk_api::ErrorCode::Conflict,
                    "迁移没有保留：有表的行数或校验和两边不一致",
                ))
            }
        }
        Command::Users(cmd) => users::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Audit(cmd) => audit::run(&open(&cli.db)?, cmd, cli.json),
        Command::Backup(cmd) => backup::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Password(cmd) => password::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Privacy(cmd) => privacy::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Case(cmd) => case::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Churn(churn::ChurnCommand::Bench(args)) => churn_bench::run(args),
        Command::Churn(cmd) => churn::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Calibrate { scheme, as_of } => {
            benefits::calibrate(&open(&cli.db)?, scheme, as_of, cli.json)
        }
        Command::Benefits(cmd) => benefits::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Todo(todo::TodoCommand::Bench(args)) => todo_bench::run(args),
        Command::Followup(cmd) => followup::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Todo(cmd) => todo::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Points(cmd) => points::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Survey(cmd) => survey::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Analysis(cmd) => analysis::run(&open(&cli.db)?, cmd, cli.json),
        Command::Import(cmd) => import::run(&mut open(&cli.db)?, cmd, cli.json),
        Command::Scheme(cmd) => rating::scheme(&open(&cli.db)?, cmd, cli.json),
        Command::Evaluate {
            scheme,
            as_of,
            period,
            dry_run: _,
            apply,
        } => rating::evaluate(
            &mut open(&cli.db)?,
            rating::EvaluateArgs {
                scheme,
                as_of,
                period,
                apply,
            },
            cli.json,
        ),
        Command::Explain { id_or_code, scheme } => {
            rating::explain(&open(&cli.db)?, &id_or_code, scheme.as_deref(), cli.json)
        }
        Command::Batch(cmd) => rating::batch(&mut open(&cli.db)?, cmd, cli.json),
        Command::Export(cmd) => export::export(&open(&cli.db)?, cmd, cli.json),
        Command::Report {
            out,
            scheme,
            batch,
            period,
            company,
            logo,
            no_mask,
        } => export::report(
            &open(&cli.db)?,
            export::ReportArgs {
                out,
                scheme,
                batch,
                period,
                company,
                logo,
                no_mask,
            },
            cli.json,
        ),
    }
}

#[cfg(test)]
mod team_url_tests {
    use super::team_url;

    #[test]
    fn the_password_comes_from_the_file_or_variable_unless_the_url_has_one() {
        let url = "postgres://tierdesk@db.example.cn:5432/crm";
        let with = team_url(url, Some("口令 1".into())).unwrap();
        let parsed = tierdesk_api::TeamUrl::parse(&with).unwrap();
        assert_eq!(parsed.password.as_deref(), Some("口令 1"));
        assert_eq!(
            parsed.without_password(),
            tierdesk_api::TeamUrl::parse(url)
                .unwrap()
                .without_password()
        );
        // The URL's own password wins; none given leaves the URL as it was.
        let own = "postgres://tierdesk:own@db.example.cn/crm";
        assert_eq!(team_url(own, Some("other".into())).unwrap(), own);
        assert_eq!(team_url(url, None).unwrap(), url);
        assert!(team_url("postgres://", Some("x".into())).is_err());
    }
}
