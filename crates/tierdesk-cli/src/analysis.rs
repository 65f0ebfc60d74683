//! `tierdesk analysis`: the figures management asks for (管理指标) —
//! retention per period and tier, cohort retention, the figures per
//! 客户经理 and the tier movement of the rating batches. Tables in Chinese,
//! or the API's figures as they are with `--json`.

use std::collections::HashMap;

use chrono::NaiveDate;
use clap::Subcommand;
use tierdesk_api::churn_model::cohorts::Cohorts;
use tierdesk_api::churn_model::managers::ManagerFigures;
use tierdesk_api::churn_model::movement::TierMovement;
use tierdesk_api::churn_model::retention::{RetentionFigures, RetentionRow};
use tierdesk_api::domain::survey::PeriodKind;
use tierdesk_api::report_model::model::{percent, yuan};
use tierdesk_api::{Api, ApiError};

use crate::survey::ByArg;

#[derive(Subcommand)]
pub enum AnalysisCommand {
    /// Active, new, returning and churned customers, churn, retention and
    /// repeat rates per period and tier.
    Retention {
        /// 月/季度/年 (month/quarter/year).
        #[arg(long, default_value = "月")]
        by: ByArg,
        /// The last day counted (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// How many periods (default: 12 months, 8 quarters or 5 years).
        #[arg(long)]
        periods: Option<u32>,
    },
    /// Customers by month of first purchase × months since, as counts and shares.
    Cohorts {
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// How many monthly groups (default 12).
        #[arg(long)]
        months: Option<u32>,
    },
    /// Per 客户经理: customers, revenue, churn alerts, follow-up coverage.
    Managers {
        /// First day (default: twelve months before the last day).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day (default: today).
        #[arg(long, alias = "to")]
        as_of: Option<NaiveDate>,
    },
    /// Customers per tier in each rating batch, and who moved up or down.
    Movement,
    /// Everything the 分析 page shows, read in one pass (as JSON; the tables
    /// of the other commands otherwise).
    All {
        #[arg(long, default_value = "月")]
        by: ByArg,
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
}

pub fn run(api: &Api, cmd: AnalysisCommand, json: bool) -> Result<(), ApiError> {
    let today = tierdesk_api::today();
    match cmd {
        AnalysisCommand::Retention { by, as_of, periods } => {
            let f = api.analysis_retention(by.0, as_of.unwrap_or(today), periods)?;
            if json {
                print_json(&f);
            } else {
                print_retention(&f, &tier_names(api));
            }
        }
        AnalysisCommand::Cohorts { as_of, months } => {
            let c = api.analysis_cohorts(as_of.unwrap_or(today), months)?;
            if json {
                print_json(&c);
            } else {
                print_cohorts(&c);
            }
        }
        AnalysisCommand::Managers { from, as_of } => {
            let m = api.analysis_managers(from, as_of.unwrap_or(today))?;
            if json {
                print_json(&m);
            } else {
                print_managers(&m);
            }
        }
        AnalysisCommand::All { by, as_of } => {
            let all = api.analysis_all(by.0, as_of.unwrap_or(today))?;
            if json {
                print_json(&all);
            } else {
                let names = tier_names(api);
                print_retention(&all.retention, &names);
                println!();
                print_cohorts(&all.cohorts);
                println!();
                print_managers(&all.managers);
                println!();
                print_movement(&all.movement, &names);
            }
        }
        AnalysisCommand::Movement => {
            let m = api.analysis_tier_movement()?;
            if json {
                print_json(&m);
            } else {
                print_movement(&m, &tier_names(api));
            }
        }
    }
    Ok(())
}

/// Tier key → Chinese name, from the active scheme.
fn tier_names(api: &Api) -> HashMap<String, String> {
    api.tier_labels()
        .map(|l| l.into_iter().map(|t| (t.key, t.name)).collect())
        .unwrap_or_default()
}

fn tier_name(names: &HashMap<String, String>, tier: Option<&str>) -> String {
    match tier {
        Some(t) => names.get(t).cloned().unwrap_or_else(|| t.to_owned()),
        None => "未分级".to_owned(),
    }
}

/// 42.0% (the report's one percentage), or — without a denominator.
fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), percent)
}

fn by_word(by: PeriodKind) -> &'static str {
    match by {
        PeriodKind::Month => "月",
        PeriodKind::Quarter => "季度",
        PeriodKind::Year => "年",
    }
}

fn retention_line(label: &str, r: &RetentionRow) {
    println!(
        "{label}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        r.active,
        r.new,
        r.returning,
        r.alive_at_start,
        r.churned,
        pct(r.churn_rate),
        pct(r.retention_rate),
        pct(r.repeat_rate),
        r.average_interval
            .map_or_else(|| "—".to_owned(), |d| format!("{d:.1} 天")),
        yuan(r.spend),
        r.value_per_active.map_or_else(|| "—".to_owned(), yuan),
    );
}

const RETENTION_HEAD: &str =
    "期间\t活跃\t新客\t回头客\t期初在购\t流失\t流失率\t留存率\t复购率\t平均间隔\t消费\t每活跃客户消费";

fn print_retention(f: &RetentionFigures, names: &HashMap<String, String>) {
    println!(
        "留存分析（按{}，截至 {}；流失：超过 k × 购买间隔未再下单）",
        by_word(f.by),
        f.as_of
    );
    println!("{RETENTION_HEAD}");
    for (p, r) in f.periods.iter().zip(&f.totals) {
        let label = if p.partial {
            format!("{}（至 {}）", p.label, p.end)
        } else {
            p.label.clone()
        };
        retention_line(&label, r);
    }
    for p in &f.periods {
        let rows: Vec<&RetentionRow> = f.by_tier.iter().filter(|r| r.period == p.key).collect();
        if rows.is_empty() {
            continue;
        }
        println!("\n{} 按等级", p.label);
        println!("{}", RETENTION_HEAD.replacen("期间", "等级", 1));
        for r in rows {
            retention_line(&tier_name(names, r.tier.as_deref()), r);
        }
    }
}

fn print_cohorts(c: &Cohorts) {
    println!(
        "同期群留存（按首次购买月份，截至 {}；第 N 月仍有购买的客户数与占比）",
        c.as_of
    );
    let width = c.rows.first().map_or(0, |r| r.active.len());
    let head: Vec<String> = (0..width).map(|i| format!("第{i}月")).collect();
    println!("首购月份\t客户数\t{}", head.join("\t"));
    for r in &c.rows {
        let cells: Vec<String> = r
            .active
            .iter()
            .zip(&r.shares)
            .map(|(a, s)| format!("{a}（{:.1}%）", s * 100.0))
            .collect();
        println!("{}\t{}\t{}", r.label, r.size, cells.join("\t"));
    }
}

fn count(v: Option<u64>) -> String {
    v.map_or_else(|| "—".to_owned(), |n| n.to_string())
}

fn print_managers(m: &ManagerFigures) {
    println!("客户经理（{} 至 {}）", m.from, m.to);
    if m.total.alerts_open.is_none() {
        println!("（流失预警尚未刷新：预警列为空，运行 tierdesk churn refresh 后显示）");
    }
    println!("客户经理\t客户数\t有购买\t消费\t未处理预警\t已挽回\t应拜访\t已拜访\t跟进覆盖率");
    for r in m.rows.iter().chain([&m.total]) {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.manager,
            r.customers,
            r.active,
            yuan(r.revenue),
            count(r.alerts_open),
            count(r.alerts_recovered),
            r.visits_due,
            r.visited,
            pct(r.coverage),
        );
    }
}

fn print_movement(m: &TierMovement, names: &HashMap<String, String>) {
    if m.batches.is_empty() {
        println!("还没有评级批次");
        return;
    }
    for b in &m.batches {
        let counts: Vec<String> = b
            .counts
            .iter()
            .map(|c| format!("{} {}", tier_name(names, c.tier.as_deref()), c.customers))
            .collect();
        println!(
            "批次 #{}（{}，截至 {}）：{}；升级 {}，降级 {}，不变 {}，首次评级 {}",
            b.batch_id,
            b.period,
            b.as_of,
            counts.join("，"),
            b.up,
            b.down,
            b.same,
            b.first
        );
    }
}

fn print_json(value: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    );
}
