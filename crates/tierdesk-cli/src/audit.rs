//! `tierdesk audit`: the audit log (操作日志) — list entries with filters,
//! and check the hash chain (exit 0 when intact, 1 when not).

use chrono::NaiveDate;
use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use tierdesk_api::domain::audit::{AuditEntry, AuditFilter, ACTIONS};
use tierdesk_api::{Api, ApiError, ErrorCode};

/// Every action key, and each group of them (`customer.`), as `--action`
/// takes them. (clap wants the choices for the life of the program; the
/// group words are made once, at parse.)
fn action_choices() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = ACTIONS.iter().map(|(k, _)| *k).collect();
    for (key, _) in ACTIONS {
        if let Some((group, _)) = key.split_once('.') {
            let group = format!("{group}.");
            if !out.contains(&group.as_str()) {
                out.push(group.leak());
            }
        }
    }
    out
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// List entries, newest first.
    List {
        /// Only entries about this customer (code, or id).
        #[arg(long, value_name = "CODE")]
        customer: Option<String>,
        /// Only this action (customer.edit), or a group of them (customer.).
        #[arg(long, value_parser = PossibleValuesParser::new(action_choices()))]
        action: Option<String>,
        /// Only entries by this person.
        #[arg(long)]
        person: Option<String>,
        /// From this day on, e.g. 2026-01-01.
        #[arg(long)]
        since: Option<NaiveDate>,
        /// Up to this day, included.
        #[arg(long)]
        until: Option<NaiveDate>,
        /// At most this many entries.
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Check that no entry was changed or removed (exit 1 with the first broken entry).
    Verify,
}

pub fn run(api: &Api, cmd: AuditCommand, json: bool) -> Result<(), ApiError> {
    match cmd {
        AuditCommand::List {
            customer,
            action,
            person,
            since,
            until,
            limit,
        } => {
            let customer_id = match customer {
                Some(key) => Some(api.find_customer(&key)?.id),
                None => None,
            };
            let page = api.audit_list(&AuditFilter {
                actor: person,
                action,
                customer_id,
                since,
                until,
                limit: Some(limit),
                offset: None,
            })?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&page.items).expect("serialisable")
                );
            } else {
                for e in &page.items {
                    print_entry(e);
                }
                println!("共 {} 条记录，显示 {} 条", page.total, page.items.len());
            }
            Ok(())
        }
        AuditCommand::Verify => {
            let check = api.audit_verify()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&check).expect("serialisable")
                );
            } else if check.broken.is_none() {
                println!("{}", check.message);
            }
            match check.broken {
                None => Ok(()),
                Some(_) => Err(ApiError::new(ErrorCode::Database, check.message)),
            }
        }
    }
}

/// One entry as a line, then its changes and facts indented.
fn print_entry(e: &AuditEntry) {
    let customer = match (&e.customer_code, e.customer_id) {
        (Some(code), _) => format!("  [{code}]"),
        _ => String::new(),
    };
    println!(
        "#{}  {}  {}（{}）  {}{customer}",
        e.id,
        e.at,
        e.actor,
        e.source.label(),
        e.summary
    );
    // A scheme's whole text is in its entry; a line shows its start.
    let show = |v: &Option<String>| match v {
        None => "（空）".to_owned(),
        Some(v) if v.chars().count() > 60 => {
            let start: String = v.chars().take(40).collect();
            format!(
                "{}…（共 {} 字）",
                start.replace('\n', " "),
                v.chars().count()
            )
        }
        Some(v) => v.clone(),
    };
    if let Some(d) = &e.details {
        for c in &d.changes {
            println!(
                "      {}：{} → {}",
                c.label,
                show(&c.before),
                show(&c.after)
            );
        }
        for f in &d.facts {
            println!("      {}：{}", f.name, f.value);
        }
    } else if e.details_erased {
        println!("      （详情已随该客户的个人信息一起删除）");
    }
}
