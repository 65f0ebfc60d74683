//! `tierdesk case`: complaints and feedback (投诉与反馈) — receive one, take
//! it a step further, list them with overdue ones first, show one.

use chrono::NaiveDateTime;
use clap::builder::PossibleValue;
use clap::{Subcommand, ValueEnum};
use tierdesk_api::domain::case::{
    overdue_words, Case, CaseChannel, CaseFilter, CaseMove, CaseSeverity, CaseStatus, CaseType,
};
use tierdesk_api::{Api, ApiError, CaseDetail, CaseLine, CaseRequest};

/// A choice of the domain given on the command line by its Chinese label
/// (服务) or its stored word (service); the list of choices is in Chinese.
#[derive(Clone, Copy)]
pub struct Pick<T>(pub T);

macro_rules! pick {
    ($t:ty) => {
        impl ValueEnum for Pick<$t> {
            fn value_variants<'a>() -> &'a [Self] {
                static ALL: std::sync::LazyLock<Vec<Pick<$t>>> =
                    std::sync::LazyLock::new(|| <$t>::ALL.iter().map(|c| Pick(*c)).collect());
                &ALL
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.0.label()).alias(self.0.key()))
            }
        }
    };
}

pub(crate) use pick;

pick!(CaseChannel);
pick!(CaseType);
pick!(CaseSeverity);
pick!(CaseStatus);

#[derive(Subcommand)]
pub enum CaseCommand {
    /// Receive a complaint or piece of feedback from a customer.
    Add {
        /// The customer's code (or internal id).
        customer: String,
        /// 产品质量/服务/物流/价格/建议/表扬/其他.
        #[arg(long = "type")]
        kind: Pick<CaseType>,
        /// What the customer said.
        #[arg(long)]
        content: String,
        /// 电话/微信/邮件/上门/网站/其他 (default 电话).
        #[arg(long)]
        channel: Option<Pick<CaseChannel>>,
        /// 一般/较重/严重 (default 一般).
        #[arg(long)]
        severity: Option<Pick<CaseSeverity>>,
        /// Who handles it (default: the customer's 客户经理, else you).
        #[arg(long)]
        owner: Option<String>,
        /// When it was received, `2026-11-30 09:30` (default: now).
        #[arg(long)]
        received: Option<String>,
    },
    /// Take a case to its next status with a note.
    Update {
        /// The case's number (TS202611300001) or internal id.
        case: String,
        /// 处理中/待客户确认/已关闭/驳回.
        #[arg(long)]
        status: Pick<CaseStatus>,
        /// What was done, or why (needed to reject or to reopen).
        #[arg(long, default_value = "")]
        note: String,
        /// How it was resolved (needed to close).
        #[arg(long)]
        resolution: Option<String>,
        /// The customer's satisfaction with the resolution, 1–5 (when closing).
        #[arg(long)]
        satisfaction: Option<u8>,
    },
    /// List cases, overdue first.
    List {
        /// Only cases not closed or rejected.
        #[arg(long)]
        open: bool,
        /// Only overdue cases.
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        status: Option<Pick<CaseStatus>>,
        #[arg(long = "type")]
        kind: Option<Pick<CaseType>>,
        /// A tier key of the active scheme (the tier held when received).
        #[arg(long)]
        tier: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// One customer's cases (code or internal id).
        #[arg(long)]
        customer: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// One case with its steps.
    Show { case: String },
}

fn print(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

/// `2026-11-30 09:30`, with or without seconds, or a day alone (09:00).
fn parse_received(text: &str) -> Result<NaiveDateTime, ApiError> {
    let text = text.trim();
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t);
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "收到时间「{text}」看不懂，请写成 2026-11-30 09:30 这样。"
            ))
        })
}

pub fn run(api: &mut Api, cmd: CaseCommand, json: bool) -> Result<(), ApiError> {
    let now = tierdesk_api::now();
    match cmd {
        CaseCommand::Add {
            customer,
            kind,
            content,
            channel,
            severity,
            owner,
            received,
        } => {
            let c = api.find_customer(&customer)?;
            let req = CaseRequest {
                customer_id: c.id,
                channel: channel.map_or(CaseChannel::Phone, |p| p.0),
                kind: kind.0,
                severity: severity.map(|p| p.0),
                description: content,
                owner,
                received_at: received.as_deref().map(parse_received).transpose()?,
            };
            let case = api.open_case(&req, now)?;
            if json {
                print(&case);
            } else {
                println!(
                    "已登记投诉 {}（{}，{}），负责人：{}\n  响应时限：{}\n  解决时限：{}",
                    case.number,
                    case.kind.label(),
                    case.severity.label(),
                    case.owner,
                    case.respond_by,
                    case.resolve_by
                );
            }
        }
        CaseCommand::Update {
            case,
            status,
            note,
            resolution,
            satisfaction,
        } => {
            let id = api.find_case(&case)?.id;
            let m = CaseMove {
                to: status.0,
                note,
                resolution,
                satisfaction,
            };
            let d = api.step_case(id, &m, now)?;
            if json {
                print(&d);
            } else {
                let c = &d.line.case;
                println!("投诉 {} 已改为「{}」", c.number, c.status.label());
            }
        }
        CaseCommand::List {
            open,
            overdue,
            status,
            kind,
            tier,
            owner,
            customer,
            limit,
        } => {
            let customer_id = match customer {
                Some(code) => Some(api.find_customer(&code)?.id),
                None => None,
            };
            let filter = CaseFilter {
                status: status.map(|p| p.0),
                open,
                kind: kind.map(|p| p.0),
                tier,
                owner,
                overdue,
                customer_id,
                limit: Some(limit),
                offset: None,
            };
            let page = api.list_cases(&filter, now)?;
            if json {
                print(&page);
            } else {
                println!("共 {} 件投诉与反馈", page.total);
                for line in &page.items {
                    println!("{}", line_text(line));
                }
            }
        }
        CaseCommand::Show { case } => {
            let id = api.find_case(&case)?.id;
            let d = api.case_detail(id, now)?;
            if json {
                print(&d);
            } else {
                show(&d);
            }
        }
    }
    Ok(())
}

/// Why a case is late, or nothing.
fn late(c: &Case) -> String {
    match (c.response_overdue_minutes, c.resolve_overdue_minutes) {
        (_, Some(m)) => format!("  解决已逾期 {}", overdue_words(m)),
        (Some(m), None) => format!("  响应已逾期 {}", overdue_words(m)),
        (None, None) => String::new(),
    }
}

fn line_text(line: &CaseLine) -> String {
    let c = &line.case;
    format!(
        "{}  {}  {}  {}/{}  {}  负责人：{}  收到：{}{}",
        c.number,
        line.customer_name,
        line.tier.as_ref().map_or("无等级", |t| t.name.as_str()),
        c.kind.label(),
        c.severity.label(),
        c.status.label(),
        c.owner,
        c.received_at,
        late(c)
    )
}

fn show(d: &CaseDetail) {
    let c = &d.line.case;
    println!("{}", line_text(&d.line));
    println!("  渠道：{}", c.channel.label());
    println!("  内容：{}", c.description);
    println!("  响应时限：{}  解决时限：{}", c.respond_by, c.resolve_by);
    if !c.resolution.is_empty() {
        println!("  处理结果：{}", c.resolution);
    }
    if let Some(s) = c.satisfaction {
        println!("  客户满意度：{s} 分");
    }
    println!("  处理记录：");
    for s in &d.steps {
        let from = s.from_status.map_or("", |f| f.label());
        let arrow = if from.is_empty() {
            format!("登记为「{}」", s.to_status.label())
        } else {
            format!("{from} → {}", s.to_status.label())
        };
        println!("    {}  {}  {}  {}", s.at, arrow, s.who, s.note);
    }
    if !d.next.is_empty() {
        let next: Vec<&str> = d.next.iter().map(|s| s.label()).collect();
        println!("  可以改为：{}", next.join("、"));
    }
}
