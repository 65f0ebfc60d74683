//! `tierdesk todo`: to-dos (待办) — list them by due date, add one, mark one
//! done, postpone or cancel one, and run the rules that create them.

use chrono::NaiveDate;
use clap::builder::PossibleValue;
use clap::{Subcommand, ValueEnum};
use tierdesk_api::domain::{Repeat, RepeatUnit, Todo, TodoDue, TodoFilter, TodoKind};
use tierdesk_api::{Api, ApiError, TodoRequest};

/// A to-do's kind by its Chinese label (跟进, 生日/纪念日 …) or its stored word.
#[derive(Clone, Copy)]
pub struct KindArg(TodoKind);

impl ValueEnum for KindArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [KindArg; 7] = [
            KindArg(TodoKind::Followup),
            KindArg(TodoKind::Date),
            KindArg(TodoKind::Rating),
            KindArg(TodoKind::Case),
            KindArg(TodoKind::Benefit),
            KindArg(TodoKind::Custom),
            KindArg(TodoKind::Points),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let v = PossibleValue::new(self.0.label()).alias(self.0.key());
        Some(match self.0 {
            TodoKind::Date => v.aliases(["生日", "纪念日"]),
            TodoKind::Points => v.aliases(["积分", "积分过期"]),
            _ => v,
        })
    }
}

/// Which due dates: 今天 (today), 逾期 (overdue), 本周 (week: the next 7 days), 以后
/// (upcoming: after today within the week), 全部 (all).
#[derive(Clone, Copy)]
pub struct DueArg(TodoDue);

impl ValueEnum for DueArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [DueArg; 5] = [
            DueArg(TodoDue::Today),
            DueArg(TodoDue::Overdue),
            DueArg(TodoDue::Week),
            DueArg(TodoDue::Upcoming),
            DueArg(TodoDue::All),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self.0 {
            TodoDue::Today => PossibleValue::new("today").aliases(["今天", "今日"]),
            TodoDue::Overdue => PossibleValue::new("overdue").aliases(["逾期", "已逾期"]),
            TodoDue::Week => PossibleValue::new("week").aliases(["本周", "7天"]),
            TodoDue::Upcoming => PossibleValue::new("upcoming").alias("以后"),
            TodoDue::All => PossibleValue::new("all").alias("全部"),
        })
    }
}

/// A repetition unit: 天/周/月/年 or day/week/month/year.
#[derive(Clone, Copy)]
pub struct UnitArg(RepeatUnit);

impl ValueEnum for UnitArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [UnitArg; 4] = [
            UnitArg(RepeatUnit::Day),
            UnitArg(RepeatUnit::Week),
            UnitArg(RepeatUnit::Month),
            UnitArg(RepeatUnit::Year),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.label()).alias(self.0.key()))
    }
}

#[derive(Subcommand)]
pub enum TodoCommand {
    /// List to-dos still to do, soonest first.
    List {
        /// today/今天, overdue/逾期, week/本周 (the next 7 days), all/全部 (default).
        #[arg(long)]
        due: Option<DueArg>,
        /// Only this owner's.
        #[arg(long)]
        owner: Option<String>,
        /// 跟进, 生日/纪念日, 评级到期, 投诉处理, 权益到期, 自定义.
        #[arg(long)]
        kind: Option<KindArg>,
        /// One customer's (code or internal id), done and cancelled ones too.
        #[arg(long)]
        customer: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Add a to-do (自定义 unless --kind says otherwise).
    Add {
        /// What to do.
        title: String,
        /// Due day, e.g. 2026-12-15.
        #[arg(long)]
        due: NaiveDate,
        /// Due hour, e.g. 14:30 (default: the whole day).
        #[arg(long)]
        time: Option<String>,
        /// The customer it is about (code or internal id).
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        kind: Option<KindArg>,
        #[arg(long, default_value = "")]
        note: String,
        /// Who does it (default: the customer's 客户经理, else you).
        #[arg(long, default_value = "")]
        owner: String,
        /// Repeat every N units, e.g. `--every 3 --unit 月`.
        #[arg(long, requires = "unit")]
        every: Option<u32>,
        #[arg(long)]
        unit: Option<UnitArg>,
    },
    /// Mark a to-do done (a repeating one gets its next).
    Done { id: i64 },
    /// Cancel a to-do.
    Cancel { id: i64 },
    /// Move a to-do to another day (and hour).
    Postpone {
        id: i64,
        #[arg(long)]
        to: NaiveDate,
        #[arg(long)]
        time: Option<String>,
    },
    /// 今日待办 latency over a large file of its own (p50/p95 against 50 ms).
    Bench(crate::todo_bench::TodoBenchArgs),
    /// Run the rules (regular visits by tier, birthdays, rating dates) as of a day.
    Refresh {
        /// Default: today.
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
}

fn print(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

fn line(t: &Todo) -> String {
    let when = match &t.due_time {
        Some(h) => format!("{} {h}", t.due_on),
        None => t.due_on.to_string(),
    };
    let who = match (&t.customer_code, &t.customer_name) {
        (Some(code), Some(name)) => format!("  {code} {name}"),
        (None, Some(name)) => format!("  {name}"),
        _ => String::new(),
    };
    let late = if t.overdue { "  【逾期】" } else { "" };
    format!(
        "#{}  {when}  [{}]  {}  {}{who}  {}{late}",
        t.id,
        t.kind.label(),
        t.title,
        t.status.label(),
        if t.owner.is_empty() { "-" } else { &t.owner }
    )
}

pub fn run(api: &mut Api, cmd: TodoCommand, json: bool) -> Result<(), ApiError> {
    let now = tierdesk_api::now();
    match cmd {
        TodoCommand::List {
            due,
            owner,
            kind,
            customer,
            limit,
        } => {
            let customer_id = match customer {
                Some(key) => Some(api.find_customer(&key)?.id),
                None => None,
            };
            let filter = TodoFilter {
                due: due.map(|d| d.0).filter(|d| *d != TodoDue::All),
                owner,
                kind: kind.map(|k| k.0),
                customer_id,
                include_closed: customer_id.is_some(),
                limit: Some(limit),
            };
            let todos = api.todos(&filter, now)?;
            if json {
                print(&todos);
            } else if todos.is_empty() {
                println!("没有待办");
            } else {
                for t in &todos {
                    println!("{}", line(t));
                }
                let c = api.todo_counts(now)?;
                println!(
                    "（今日 {} 项，逾期 {} 项，7 天内 {} 项）",
                    c.today, c.overdue, c.week
                );
            }
        }
        TodoCommand::Add {
            title,
            due,
            time,
            customer,
            kind,
            note,
            owner,
            every,
            unit,
        } => {
            let customer_id = match customer {
                Some(key) => Some(api.find_customer(&key)?.id),
                None => None,
            };
            let repeat = unit.map(|u| Repeat {
                unit: u.0,
                every: every.unwrap_or(1),
            });
            let req = TodoRequest {
                customer_id,
                kind: kind.map(|k| k.0),
                title,
                note,
                due_on: due,
                due_time: time,
                owner,
                repeat,
            };
            let t = api.todo_add(&req, now)?;
            if json {
                print(&t);
            } else {
                println!("已添加待办 {}", line(&t));
            }
        }
        TodoCommand::Done { id } => {
            let done = api.todo_done(id, now)?;
            if json {
                print(&done);
            } else {
                println!("已完成 {}", line(&done.todo));
                if let Some(next) = &done.next {
                    println!("下一次 {}", line(next));
                }
            }
        }
        TodoCommand::Cancel { id } => {
            let t = api.todo_cancel(id, now)?;
            if json {
                print(&t);
            } else {
                println!("已取消 {}", line(&t));
            }
        }
        TodoCommand::Postpone { id, to, time } => {
            let t = api.todo_postpone(id, to, time, now)?;
            if json {
                print(&t);
            } else {
                println!("已延期 {}", line(&t));
            }
        }
        TodoCommand::Bench(_) => {
            return Err(ApiError::invalid(
                "todo bench 使用自己的数据库文件，不能在这里运行",
            ));
        }
        TodoCommand::Refresh { as_of } => {
            let r = api.refresh_todos(as_of.unwrap_or_else(tierdesk_api::today))?;
            if json {
                print(&r);
            } else {
                println!(
                    "按规则生成待办：回访 {} 项，生日/纪念日 {} 项，评级 {} 项；关闭评级待办 {} 项",
                    r.visits, r.dates, r.ratings, r.closed
                );
            }
        }
    }
    Ok(())
}
