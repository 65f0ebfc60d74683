//! `tierdesk followup`: follow-ups (跟进记录) — log one, list them, delete one.

use chrono::NaiveDate;
use clap::builder::PossibleValue;
use clap::{Subcommand, ValueEnum};
use tierdesk_api::domain::{Channel, Followup, FollowupDraft, FollowupFilter, FollowupLine};
use tierdesk_api::{Api, ApiError};

/// A channel given by its Chinese label (电话) or its stored word (phone);
/// the list of choices is in Chinese.
#[derive(Clone, Copy)]
pub struct ChannelArg(Channel);

impl ValueEnum for ChannelArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [ChannelArg; 6] = [
            ChannelArg(Channel::Visit),
            ChannelArg(Channel::Phone),
            ChannelArg(Channel::Wechat),
            ChannelArg(Channel::Meeting),
            ChannelArg(Channel::Email),
            ChannelArg(Channel::Other),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.label()).alias(self.0.as_str()))
    }
}

#[derive(Subcommand)]
pub enum FollowupCommand {
    /// Log a follow-up of a customer.
    Add {
        /// The customer's code (or internal id).
        customer: String,
        /// 拜访/电话/微信/会议/邮件/其他.
        #[arg(long)]
        channel: ChannelArg,
        /// What was said.
        #[arg(long)]
        content: String,
        #[arg(long, default_value = "")]
        subject: String,
        #[arg(long, default_value = "")]
        outcome: String,
        /// The next step agreed.
        #[arg(long, default_value = "")]
        next_step: String,
        /// The next contact date, e.g. 2026-12-15 (a 跟进 to-do is added for it).
        #[arg(long)]
        next: Option<NaiveDate>,
        /// When it happened, `2026-11-30 14:30` or a day (default: now).
        #[arg(long)]
        at: Option<String>,
        /// The person spoken to.
        #[arg(long, default_value = "")]
        contact: String,
    },
    /// List follow-ups, newest first: one customer's, or everyone's.
    List {
        /// The customer's code (or internal id); all customers when absent.
        customer: Option<String>,
        #[arg(long)]
        channel: Option<ChannelArg>,
        /// First day included.
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day included.
        #[arg(long)]
        to: Option<NaiveDate>,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Delete a follow-up (the customer's contact dates are recomputed).
    Delete { id: i64 },
}

fn print(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

fn line(f: &Followup) -> String {
    let next = f
        .next_contact_on
        .map(|d| format!("  下次联系 {d}"))
        .unwrap_or_default();
    format!(
        "#{}  {}  {}  {}  {}{next}",
        f.id,
        f.at,
        f.channel.label(),
        f.who,
        f.content
    )
}

pub fn run(api: &mut Api, cmd: FollowupCommand, json: bool) -> Result<(), ApiError> {
    match cmd {
        FollowupCommand::Add {
            customer,
            channel,
            content,
            subject,
            outcome,
            next_step,
            next,
            at,
            contact,
        } => {
            let c = api.find_customer(&customer)?;
            let draft = FollowupDraft {
                channel: channel.0,
                at,
                // Who made the contact: the global `--who` when given, else
                // the customer's 客户经理, else the person the CLI acts as.
                who: crate::who::given().unwrap_or_default(),
                contact_name: contact,
                subject,
                content,
                outcome,
                next_step,
                next_contact_on: next,
                ..FollowupDraft::default()
            };
            let f = api.add_followup(c.id, draft, tierdesk_api::now())?;
            if json {
                print(&f);
            } else {
                println!("已记录跟进 {}", line(&f));
            }
        }
        FollowupCommand::List {
            customer,
            channel,
            from,
            to,
            limit,
        } => {
            let customer_id = match customer {
                Some(key) => Some(api.find_customer(&key)?.id),
                None => None,
            };
            let page = api.list_followups(&FollowupFilter {
                customer_id,
                channel: channel.map(|c| c.0),
                from,
                to,
                limit,
                ..FollowupFilter::default()
            })?;
            if json {
                print(&page);
            } else {
                print_lines(&page.items, page.total);
            }
        }
        FollowupCommand::Delete { id } => {
            let f = api.delete_followup(id)?;
            if json {
                print(&f);
            } else {
                println!("已删除跟进 {}", line(&f));
            }
        }
    }
    Ok(())
}

fn print_lines(items: &[FollowupLine], total: u64) {
    if items.is_empty() {
        println!("没有跟进记录");
        return;
    }
    for l in items {
        let code = l.customer_code.as_deref().unwrap_or("-");
        println!("{}  {code} {}", line(&l.followup), l.customer_name);
    }
    if total > items.len() as u64 {
        println!("（共 {total} 条，显示 {} 条）", items.len());
    }
}
