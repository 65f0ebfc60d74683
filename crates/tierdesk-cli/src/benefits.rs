//! `tierdesk calibrate` and `tierdesk benefits`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use tierdesk_api::report_model::statement::quota_text as quota;
use tierdesk_api::{Api, ApiError, BenefitUseRequest};

#[derive(Subcommand)]
pub enum BenefitsCommand {
    /// A customer's benefits this period: quota, used, remaining, and the uses.
    Show {
        id_or_code: String,
        /// The day whose period is shown (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// Record a use of a benefit of the customer's current tier.
    Use {
        id_or_code: String,
        benefit: String,
        /// Day of the use (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
        /// Record a use beyond the quota, saying why.
        #[arg(long)]
        over_quota: Option<String>,
    },
    /// Delete a recorded use by its number (see `benefits show`).
    Undo { use_id: i64 },
    /// Write the printable benefits statement (HTML, A4).
    Statement {
        id_or_code: String,
        out: PathBuf,
        /// The day whose period is printed (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// The active scheme's benefits per tier with this period's usage.
    Catalogue {
        /// The day whose period is counted (default: today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
}

fn json(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

pub fn calibrate(
    api: &Api,
    scheme: Option<String>,
    as_of: Option<NaiveDate>,
    as_json: bool,
) -> Result<(), ApiError> {
    let key = match scheme {
        Some(k) => k,
        None => api.active_scheme()?.key,
    };
    let as_of = as_of.unwrap_or_else(tierdesk_api::today);
    let c = api.calibrate(&key, as_of)?;
    if as_json {
        json(&c);
        return Ok(());
    }
    println!(
        "方案「{}」与旧表等级对照（{}）：{} 位客户有旧等级，可对照 {} 位，一致 {} 位，一致率 {}%",
        c.scheme_name, c.as_of, c.with_old_tier, c.compared, c.agreed, c.agreement
    );
    let names: Vec<&str> = c.tiers.iter().map(|t| t.name.as_str()).collect();
    println!("\n旧等级 \\ 新等级\t{}", names.join("\t"));
    for (i, row) in c.matrix.iter().enumerate() {
        let cells: Vec<String> = row.iter().map(u64::to_string).collect();
        println!("{}\t\t{}", names[i], cells.join("\t"));
    }
    if !c.unmapped.is_empty() {
        let words: Vec<String> = c
            .unmapped
            .iter()
            .map(|u| format!("「{}」{} 位", u.text, u.customers))
            .collect();
        println!("\n无法对应到方案等级的旧等级：{}", words.join("、"));
    }
    if c.disagreement_count > 0 {
        println!(
            "\n不一致的客户（{} 位，按消费金额排序）：",
            c.disagreement_count
        );
        let by_key = |k: &str| {
            c.tiers
                .iter()
                .find(|t| t.key == k)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| k.to_owned())
        };
        for d in c.disagreements.iter().take(50) {
            println!(
                "  {:<10} {:<8} 旧：{}（{}） → 新：{}  消费 {}",
                d.code.as_deref().unwrap_or("-"),
                d.name,
                by_key(&d.old),
                d.old_text,
                by_key(&d.proposed),
                d.spend
                    .map(|s| format!("{s:.0}"))
                    .unwrap_or_else(|| "-".into())
            );
        }
    }
    match (&c.suggestion, &c.suggestion_note) {
        (Some(s), _) => {
            println!(
                "\n推荐分界点（{}），一致率可达 {}%：",
                s.figure_label, s.agreement
            );
            for cut in &s.cuts {
                println!(
                    "  {:<6} {} >= {}（现为 {}）",
                    cut.name,
                    s.figure,
                    cut.suggested,
                    cut.current
                        .map(|x| x.to_string())
                        .unwrap_or_else(|| "-".into())
                );
            }
        }
        (None, Some(note)) => println!("\n{note}"),
        _ => {}
    }
    Ok(())
}

pub fn run(api: &mut Api, cmd: BenefitsCommand, as_json: bool) -> Result<(), ApiError> {
    let day = |as_of: Option<NaiveDate>| as_of.unwrap_or_else(tierdesk_api::today);
    match cmd {
        BenefitsCommand::Show { id_or_code, as_of } => show(api, &id_or_code, day(as_of), as_json),
        BenefitsCommand::Use {
            id_or_code,
            benefit,
            date,
            note,
            over_quota,
        } => {
            let c = api.find_customer(&id_or_code)?;
            let req = BenefitUseRequest {
                customer_id: c.id,
                benefit,
                date,
                note,
                over_quota_reason: over_quota,
            };
            record(api, &c.name, &req, &crate::who::name(), as_json)
        }
        BenefitsCommand::Undo { use_id } => {
            let u = api.undo_benefit_use(use_id)?;
            if as_json {
                json(&u);
            } else {
                println!("已撤销 {} 的「{}」使用记录", u.used_on, u.benefit);
            }
            Ok(())
        }
        BenefitsCommand::Statement {
            id_or_code,
            out,
            as_of,
        } => {
            let c = api.find_customer(&id_or_code)?;
            let html = api.benefit_statement_html(c.id, day(as_of))?;
            tierdesk_api::save_file(&out, html.as_bytes())?;
            if as_json {
                json(&serde_json::json!({ "path": out }));
            } else {
                println!("已将 {} 的权益单写入 {}", c.name, out.display());
            }
            Ok(())
        }
        BenefitsCommand::Catalogue { as_of } => catalogue(api, day(as_of), as_json),
    }
}

/// `benefits show`: quota, used and left of each benefit, and the uses.
fn show(api: &Api, id_or_code: &str, as_of: NaiveDate, as_json: bool) -> Result<(), ApiError> {
    let c = api.find_customer(id_or_code)?;
    let b = api.customer_benefits(c.id, as_of)?;
    if as_json {
        json(&b);
        return Ok(());
    }
    println!(
        "{}（{}）等级：{}　周期：{}（{} 至 {}）",
        b.name,
        b.code.as_deref().unwrap_or("无编号"),
        b.tier.as_ref().map(|t| t.name.as_str()).unwrap_or("未评级"),
        b.period,
        b.period_from,
        b.period_to
    );
    if let Some(note) = &b.note {
        println!("{note}");
    }
    for x in &b.benefits {
        println!(
            "  {:<10} 额度 {:<4} 已用 {:<3} 剩余 {}",
            x.name,
            quota(x.quota),
            x.used,
            quota(x.remaining)
        );
    }
    if !b.uses.is_empty() {
        println!("本期使用记录：");
        for u in &b.uses {
            println!(
                "  #{} {} {} {} {}{}",
                u.id,
                u.used_on,
                u.benefit,
                u.who,
                u.note,
                u.over_quota_reason
                    .as_deref()
                    .map(|r| format!("（超额：{r}）"))
                    .unwrap_or_default()
            );
        }
    }
    Ok(())
}

/// `benefits use`: records the use and says what is left in its period.
fn record(
    api: &mut Api,
    name: &str,
    req: &BenefitUseRequest,
    who: &str,
    as_json: bool,
) -> Result<(), ApiError> {
    let u = api.record_benefit_use(req, who, tierdesk_api::today())?;
    let left = api
        .customer_benefits(req.customer_id, u.used_on)?
        .benefits
        .into_iter()
        .find(|b| b.name == u.benefit)
        .and_then(|b| b.remaining);
    if as_json {
        json(&serde_json::json!({ "use": u, "remaining": left }));
    } else {
        println!(
            "已登记 {name} 使用「{}」（{}），本期剩余 {}",
            u.benefit,
            u.used_on,
            quota(left)
        );
    }
    Ok(())
}

/// `benefits catalogue`: each tier's benefits with the period's usage.
fn catalogue(api: &Api, as_of: NaiveDate, as_json: bool) -> Result<(), ApiError> {
    let cat = api.benefit_catalogue(as_of)?;
    if as_json {
        json(&cat);
        return Ok(());
    }
    println!(
        "方案「{}」的权益，{} 使用情况：",
        cat.scheme_name, cat.period
    );
    for t in &cat.tiers {
        println!("{}（{} 位客户）", t.tier.name, t.customers);
        for b in &t.benefits {
            println!(
                "  {:<10} 额度 {:<4} 单次成本 {:<6} 本期使用 {} 次 / {} 位",
                b.name,
                quota(b.quota),
                b.cost,
                b.uses,
                b.customers_used
            );
        }
    }
    Ok(())
}
