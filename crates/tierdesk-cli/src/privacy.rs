//! `tierdesk privacy`: a person's copy (PIPL art. 45), erasing a person
//! (art. 47), 显示完整 with a purpose, and what is masked.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use tierdesk_api::domain::Masking;
use tierdesk_api::{Api, ApiError};

#[derive(Subcommand)]
pub enum PrivacyCommand {
    /// Write everything held about one customer, unmasked, as .xlsx (a sheet per kind) or .json.
    Export { id_or_code: String, out: PathBuf },
    /// Erase a customer's personal data everywhere in the file (cannot be undone; a backup is taken first).
    Erase {
        id_or_code: String,
        /// Why (for the log), e.g. 客户本人要求删除.
        #[arg(long)]
        reason: String,
    },
    /// Show a customer with every value unmasked; the purpose is logged.
    Reveal {
        id_or_code: String,
        /// Why, e.g. 客户来电核实.
        #[arg(long)]
        purpose: String,
    },
    /// Show or change what is masked besides phones (always masked).
    Masking {
        /// Mask e-mail addresses.
        #[arg(long)]
        email: Option<Switch>,
        /// Custom field keys to mask (replaces the list; give none with --no-sensitive).
        #[arg(long = "sensitive", value_name = "KEY")]
        sensitive: Vec<String>,
        /// Mask no custom field.
        #[arg(long, conflicts_with = "sensitive")]
        no_sensitive: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

fn print(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

pub fn run(api: &mut Api, cmd: PrivacyCommand, json: bool) -> Result<(), ApiError> {
    match cmd {
        PrivacyCommand::Export { id_or_code, out } => {
            let written = api.write_person_copy(&id_or_code, &out, tierdesk_api::today())?;
            if json {
                print(&written);
            } else {
                println!("已保存个人信息副本：{}", written.file);
                if out
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
                {
                    for (sheet, rows) in &written.sheets {
                        println!("  {sheet}：{rows} 行");
                    }
                }
            }
        }
        PrivacyCommand::Erase { id_or_code, reason } => {
            let s = api.erase_customer(&id_or_code, &reason)?;
            if json {
                print(&s);
            } else {
                println!(
                    "已删除客户 #{} 的个人信息，记录改名为「{}」；订单金额、日期和等级保留用于统计。",
                    s.customer_id, s.name
                );
                if let Some(b) = &s.backup {
                    println!("删除前的备份：{b}（其中仍有此人的信息，直到按保留规则被轮换删除）");
                }
                if !s.wal_emptied {
                    println!(
                        "注意：另一个程序正在读取数据库，部分已删除的页面要等它关闭后才会清除。"
                    );
                }
            }
        }
        PrivacyCommand::Reveal {
            id_or_code,
            purpose,
        } => {
            let id = api.find_customer(&id_or_code)?.id;
            let c = api.reveal_customer(id, &purpose)?;
            crate::customers::print_customer(&c, json);
        }
        PrivacyCommand::Masking {
            email,
            sensitive,
            no_sensitive,
        } => {
            let mut m = api.masking()?;
            let changes = email.is_some() || !sensitive.is_empty() || no_sensitive;
            if let Some(s) = email {
                m.mask_email = matches!(s, Switch::On);
            }
            if !sensitive.is_empty() || no_sensitive {
                m.sensitive_fields = sensitive;
            }
            let m: Masking = if changes { api.set_masking(&m)? } else { m };
            if json {
                print(&m);
            } else {
                println!(
                    "手机号：始终打码\n邮箱：{}\n敏感字段：{}",
                    if m.mask_email { "打码" } else { "不打码" },
                    if m.sensitive_fields.is_empty() {
                        "无".to_owned()
                    } else {
                        m.sensitive_fields.join("、")
                    }
                );
            }
        }
    }
    Ok(())
}
