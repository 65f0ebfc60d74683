//! `tierdesk survey`: satisfaction surveys (满意度调查) — record an answer,
//! list a customer's, delete one, and the figures per tier and period.
//! Survey sheets are imported by `tierdesk import surveys FILE` (here too:
//! [`import_surveys`]).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::PossibleValue;
use clap::{Subcommand, ValueEnum};
use tierdesk_api::domain::survey::{NewSurveyAnswer, PeriodKind, SurveyChannel, SurveyFigures};
use tierdesk_api::{Api, ApiError, SurveyImportRequest, SurveySummary};

/// A channel given by its Chinese label (电话) or its stored word (phone).
#[derive(Clone, Copy)]
pub struct ChannelArg(SurveyChannel);

impl ValueEnum for ChannelArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [ChannelArg; 7] = [
            ChannelArg(SurveyChannel::Phone),
            ChannelArg(SurveyChannel::Wechat),
            ChannelArg(SurveyChannel::Sms),
            ChannelArg(SurveyChannel::Email),
            ChannelArg(SurveyChannel::Online),
            ChannelArg(SurveyChannel::Visit),
            ChannelArg(SurveyChannel::Other),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.label()).alias(self.0.as_str()))
    }
}

/// How the summary groups answers in time: 月/季度/年 (month/quarter/year).
#[derive(Clone, Copy)]
pub struct ByArg(pub PeriodKind);

impl ValueEnum for ByArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [ByArg; 3] = [
            ByArg(PeriodKind::Month),
            ByArg(PeriodKind::Quarter),
            ByArg(PeriodKind::Year),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let (label, key) = match self.0 {
            PeriodKind::Month => ("月", "month"),
            PeriodKind::Quarter => ("季度", "quarter"),
            PeriodKind::Year => ("年", "year"),
        };
        Some(PossibleValue::new(label).alias(key))
    }
}

#[derive(Subcommand)]
pub enum SurveyCommand {
    /// Record a customer's answer (a detractor's, NPS 0–6, or a CSAT of 1–2 adds a to-do).
    Add {
        /// The customer's code (or internal id).
        customer: String,
        /// 推荐意愿, 0–10.
        #[arg(long)]
        nps: Option<i64>,
        /// 满意度, 1–5.
        #[arg(long)]
        csat: Option<i64>,
        #[arg(long, default_value = "")]
        comment: String,
        /// The day answered (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// 电话/微信/短信/邮件/网上问卷/现场/其他.
        #[arg(long, default_value = "其他")]
        channel: ChannelArg,
    },
    /// A customer's answers, newest first.
    List { customer: String },
    /// Delete an answer (its open to-do is cancelled).
    Delete { id: i64 },
    /// NPS, CSAT and average scores per tier: a month (2026-11), quarter
    /// (2026Q4), half (2026H2) or year (2026); the last 12 months by default.
    Summary {
        #[arg(long)]
        period: Option<String>,
        /// Also per 月/季度/年 inside the period.
        #[arg(long)]
        by: Option<ByArg>,
    },
}

pub fn run(api: &mut Api, cmd: SurveyCommand, json: bool) -> Result<(), ApiError> {
    let today = tierdesk_api::today();
    match cmd {
        SurveyCommand::Add {
            customer,
            nps,
            csat,
            comment,
            date,
            channel,
        } => {
            let c = api.find_customer(&customer)?;
            let answer = NewSurveyAnswer {
                customer_id: c.id,
                survey_id: None,
                answered_on: date.unwrap_or(today),
                channel: channel.0,
                nps,
                csat,
                scores: Default::default(),
                comment,
            };
            let a = api.add_survey_answer(answer, today)?;
            if json {
                print_json(&a);
            } else {
                println!("已录入答卷 #{}（{} {}）", a.id, c.name, a.answered_on);
                if tierdesk_api::domain::survey::needs_follow_up(nps, csat) {
                    println!("推荐意愿低或不满意：已为客户经理新建回访待办");
                }
            }
        }
        SurveyCommand::List { customer } => {
            let c = api.find_customer(&customer)?;
            let list = api.customer_survey_answers(c.id)?;
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!("{} 还没有满意度答卷", c.name);
            } else {
                for a in list {
                    println!(
                        "#{} {} {} 推荐意愿 {} 满意度 {} {}",
                        a.id,
                        a.answered_on,
                        a.channel.label(),
                        a.nps.map(|v| v.to_string()).unwrap_or("—".into()),
                        a.csat.map(|v| v.to_string()).unwrap_or("—".into()),
                        a.comment
                    );
                }
            }
        }
        SurveyCommand::Delete { id } => {
            let a = api.delete_survey_answer(id)?;
            if json {
                print_json(&a);
            } else {
                println!("已删除答卷 #{}", a.id);
            }
        }
        SurveyCommand::Summary { period, by } => {
            let s = api.survey_summary(period.as_deref(), by.map(|b| b.0), today)?;
            if json {
                print_json(&s);
            } else {
                print_summary(&s);
            }
        }
    }
    Ok(())
}

/// `tierdesk import surveys FILE`.
pub fn import_surveys(
    api: &mut Api,
    file: PathBuf,
    sheet: Option<String>,
    dry_run: bool,
    json: bool,
) -> Result<(), ApiError> {
    let req = SurveyImportRequest {
        path: file.to_string_lossy().into_owned(),
        sheet,
    };
    let today = tierdesk_api::today();
    let s = if dry_run {
        api.preview_survey_import(&req, today)?
    } else {
        api.import_surveys(&req, today)?
    };
    if json {
        print_json(&s);
        return Ok(());
    }
    let verb = if dry_run { "将导入" } else { "已导入" };
    println!(
        "{verb}「{}」工作表「{}」：答卷 {} 份（{} 位客户），拒绝 {} 行，新建回访待办 {} 项{}{}",
        s.file,
        s.sheet,
        s.answers,
        s.customers,
        s.rejected,
        s.follow_ups,
        if s.unchanged > 0 {
            format!(
                "；{} 份档案里已有（同一张表再次导入），没有重复导入",
                s.unchanged
            )
        } else {
            String::new()
        },
        s.import_id
            .map(|id| format!("（导入 #{id}，可用 tierdesk import undo {id} 撤销）"))
            .unwrap_or_default()
    );
    for p in s.problems.iter().take(20) {
        let cell = if p.column.is_empty() {
            format!("第 {} 行", p.row)
        } else {
            format!("{}{}", p.column, p.row)
        };
        eprintln!("  {cell} {} '{}' {}", p.header, p.value, p.message);
    }
    if s.problem_count > 20 {
        eprintln!("  …… 共 {} 处问题", s.problem_count);
    }
    Ok(())
}

fn print_summary(s: &SurveySummary) {
    println!("满意度调查：{}（{} 至 {}）", s.label, s.from, s.to);
    if s.rows.is_empty() {
        println!("这段时间没有答卷");
        return;
    }
    let name = |key: &Option<String>| match key.as_deref() {
        None => "全部".to_owned(),
        Some("") => "未评级".to_owned(),
        Some(k) => s
            .tiers
            .iter()
            .find(|t| t.key == k)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| k.to_owned()),
    };
    let pct = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or("—".into());
    for r in &s.rows {
        let f: &SurveyFigures = &r.figures;
        println!(
            "{}\t{}\t答卷 {}\tNPS {}\tCSAT {}%\t平均推荐 {}\t平均满意 {}{}",
            if r.period.is_empty() {
                "合计"
            } else {
                &r.period
            },
            name(&r.tier),
            f.responses,
            pct(f.nps),
            pct(f.csat),
            pct(f.nps_avg),
            pct(f.csat_avg),
            if f.low_count {
                "\t（不足 30 份，仅供参考）"
            } else {
                ""
            }
        );
    }
}

fn print_json(value: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    );
}
