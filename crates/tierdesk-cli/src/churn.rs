//! `tierdesk churn`: churn early warning (流失预警) — refresh the alerts,
//! list them by value at risk, take one a step further with a note, show
//! one; `churn bench` times the refresh over a million customers.

use chrono::NaiveDate;
use clap::builder::PossibleValue;
use clap::{Subcommand, ValueEnum};
use tierdesk_api::churn_model::alert::{AlertFilter, AlertLevel, AlertMove, AlertStatus};
use tierdesk_api::report_model::model::yuan;
use tierdesk_api::{Api, ApiError, ChurnDetail, ChurnLine};

use crate::case::{pick, Pick};

pick!(AlertLevel);
pick!(AlertStatus);

#[derive(Subcommand)]
pub enum ChurnCommand {
    /// Refresh the alerts from the order lines, surveys, complaints and ratings.
    Refresh {
        /// The day the alerts are for (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// List alerts by value at risk, highest first (default: the open ones).
    List {
        /// 高/中/低.
        #[arg(long)]
        level: Option<Pick<AlertLevel>>,
        /// A tier key of the active scheme.
        #[arg(long)]
        tier: Option<String>,
        /// The 客户经理 the alert falls to.
        #[arg(long)]
        owner: Option<String>,
        /// A rule: 购买节奏/模型估计/消费下降/投诉超时/评价不满/未按时跟进/等级下降 (or its key).
        #[arg(long)]
        rule: Option<String>,
        /// 新/已跟进/已挽回/已流失/忽略.
        #[arg(long)]
        status: Option<Pick<AlertStatus>>,
        /// Closed alerts too.
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Take an alert to its next status with a note.
    Set {
        /// The alert's number.
        id: i64,
        /// 已跟进/已挽回/已流失/忽略.
        #[arg(long)]
        status: Pick<AlertStatus>,
        /// What was done, or why (needed to close an alert).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// One alert with its steps and the customer's scores.
    Show { id: i64 },
    /// Time the refresh over 1,000,000 customers and 20,000,000 order lines.
    Bench(crate::churn_bench::ChurnBenchArgs),
}

fn print(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

fn line_text(l: &ChurnLine) -> String {
    let a = &l.alert;
    let tier = l.tier_label.as_ref().map_or_else(
        || a.tier.clone().unwrap_or_else(|| "—".into()),
        |t| t.name.clone(),
    );
    let reasons: Vec<&str> = a.reasons.iter().map(|r| r.reason.as_str()).collect();
    format!(
        "#{:<6} {} {:<4} {:<10} {:<8} {:<6} {:>14}  {}{}",
        a.id,
        a.level.label(),
        a.status.label(),
        a.customer_name,
        tier,
        a.owner,
        yuan(a.value_at_risk),
        reasons.join("；"),
        if a.signals_gone_on.is_some() {
            "（信号已消失）"
        } else {
            ""
        }
    )
}

fn print_detail(d: &ChurnDetail) {
    println!("{}", line_text(&d.line));
    for s in &d.steps {
        let from = s.from_status.map_or("—", |f| f.label());
        println!(
            "  {} {} → {} {} {}",
            s.at,
            from,
            s.to_status.label(),
            s.who,
            s.note
        );
    }
    if !d.next.is_empty() {
        let next: Vec<&str> = d.next.iter().map(|s| s.label()).collect();
        println!("  可改为：{}", next.join("、"));
    }
}

pub fn run(api: &mut Api, cmd: ChurnCommand, json: bool) -> Result<(), ApiError> {
    match cmd {
        ChurnCommand::Refresh { as_of } => {
            let c = api.churn_refresh(as_of.unwrap_or_else(tierdesk_api::today))?;
            if json {
                print(&c);
            } else {
                println!(
                    "流失预警已刷新（截至 {}）：{} 位有购买的客户，{} 位有信号；新预警 {}，更新 {}，信号已消失 {}，新增待办 {}；未处理预警 {}（高 {}）",
                    c.as_of, c.customers, c.found, c.raised, c.updated, c.gone, c.todos, c.open, c.open_high
                );
            }
        }
        ChurnCommand::List {
            level,
            tier,
            owner,
            rule,
            status,
            all,
            limit,
        } => {
            let page = api.churn_list(&AlertFilter {
                tier,
                level: level.map(|p| p.0),
                owner,
                rule,
                status: status.map(|p| p.0),
                include_closed: all,
                limit: Some(limit),
                offset: None,
            })?;
            if json {
                print(&page);
            } else if page.items.is_empty() {
                println!("没有符合条件的流失预警。");
            } else {
                println!("共 {} 条（按风险金额从高到低）", page.total);
                for l in &page.items {
                    println!("{}", line_text(l));
                }
            }
        }
        ChurnCommand::Set { id, status, note } => {
            let d = api.churn_set_status(id, &AlertMove { to: status.0, note })?;
            if json {
                print(&d);
            } else {
                println!("流失预警 #{id} 已改为「{}」", d.line.alert.status.label());
            }
        }
        ChurnCommand::Show { id } => {
            let d = api.churn_get(id)?;
            if json {
                print(&d);
            } else {
                print_detail(&d);
            }
        }
        ChurnCommand::Bench(_) => unreachable!("the bench opens its own file"),
    }
    Ok(())
}

/// The refresh after an order import or its undo (alerts follow the lines);
/// a refresh that fails is said on stderr and does not fail the import.
pub fn refresh_after_import(api: &mut Api, json: bool) {
    match api.churn_refresh(tierdesk_api::today()) {
        Ok(c) if !json => eprintln!(
            "流失预警已刷新：新预警 {}，更新 {}；未处理预警 {}（高 {}）",
            c.raised, c.updated, c.open, c.open_high
        ),
        Ok(_) => {}
        Err(e) => eprintln!("流失预警没有刷新：{}", e.message),
    }
}
