//! `tierdesk points`: a customer's points (积分) — show the balance and the
//! ledger, add or take points by hand, redeem from the catalogue, undo a
//! row, expire as of a day, list or add catalogue items.

use chrono::NaiveDate;
use clap::builder::PossibleValue;
use clap::{Subcommand, ValueEnum};
use tierdesk_api::domain::points::{ItemKind, PointsEntry};
use tierdesk_api::{Api, ApiError};

/// A catalogue item's kind: 礼品/券/服务 or gift/coupon/service.
#[derive(Clone, Copy)]
pub struct ItemKindArg(ItemKind);

impl ValueEnum for ItemKindArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [ItemKindArg; 3] = [
            ItemKindArg(ItemKind::Gift),
            ItemKindArg(ItemKind::Coupon),
            ItemKindArg(ItemKind::Service),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.label()).alias(self.0.key()))
    }
}

#[derive(Subcommand)]
pub enum PointsCommand {
    /// A customer's balance, points about to expire and ledger.
    Show {
        /// Customer code or internal id.
        customer: String,
    },
    /// Add points by hand (a negative number takes them), with a reason.
    Earn {
        customer: String,
        #[arg(allow_negative_numbers = true)]
        points: i64,
        #[arg(long)]
        reason: String,
    },
    /// Redeem a catalogue item (by name or #id).
    Redeem {
        customer: String,
        item: String,
        #[arg(long, default_value_t = 1)]
        qty: i64,
    },
    /// Undo a redemption or a hand adjustment (ledger row #id), with a reason.
    Undo {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Expire the points that have run out by the end of a day (default: today).
    Expire {
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// The 积分对账单 of a period (default: this year up to today), saved as .pdf or .html.
    Statement {
        /// Customer code or internal id.
        customer: String,
        /// Where to save it: its extension (.pdf or .html) decides the format.
        out: std::path::PathBuf,
        /// First day of the period (default: 1 January of the last day's year).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day of the period (default: today).
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// The catalogue; `add` puts an item in it.
    Catalogue {
        #[command(subcommand)]
        add: Option<CatalogueCommand>,
    },
}

#[derive(Subcommand)]
pub enum CatalogueCommand {
    /// Add an item: name, kind (礼品/券/服务), price in points, optional stock.
    Add {
        name: String,
        #[arg(long)]
        kind: ItemKindArg,
        #[arg(long)]
        price: i64,
        #[arg(long)]
        stock: Option<i64>,
    },
}

fn print(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

fn line(e: &PointsEntry) -> String {
    let expires = e
        .expires_on
        .map(|d| format!("  至 {d}"))
        .unwrap_or_default();
    let order = e
        .order_no
        .as_deref()
        .map(|o| format!("  订单 {o}"))
        .unwrap_or_default();
    format!(
        "#{}  {}  {}  {:+}  余额 {}  {}{order}{expires}",
        e.id,
        e.on_day,
        e.kind.label(),
        e.points,
        e.balance_after,
        e.reason
    )
}

fn entry(e: &PointsEntry, json: bool) {
    if json {
        print(e);
    } else {
        println!("{}", line(e));
    }
}

pub fn run(api: &mut Api, cmd: PointsCommand, json: bool) -> Result<(), ApiError> {
    let today = tierdesk_api::today();
    match cmd {
        PointsCommand::Show { customer } => {
            let id = api.find_customer(&customer)?.id;
            let account = api.points_account(id, today)?;
            if json {
                print(&account);
            } else {
                println!(
                    "积分余额 {}（约 ¥{:.2}）；{} 前将过期 {} 分{}",
                    account.balance,
                    account.value,
                    account.expiring_by,
                    account.expiring,
                    if account.earning_on {
                        ""
                    } else {
                        "；当前方案未开启订单积分"
                    }
                );
                for e in &account.entries {
                    println!("{}", line(e));
                }
            }
        }
        PointsCommand::Earn {
            customer,
            points,
            reason,
        } => {
            let id = api.find_customer(&customer)?.id;
            entry(&api.points_adjust(id, points, &reason, today)?, json);
        }
        PointsCommand::Redeem {
            customer,
            item,
            qty,
        } => {
            let id = api.find_customer(&customer)?.id;
            entry(&api.points_redeem(id, &item, qty, today)?, json);
        }
        PointsCommand::Undo { id, reason } => {
            entry(&api.points_undo(id, &reason, today)?, json);
        }
        PointsCommand::Expire { as_of } => {
            let run = api.points_expire(as_of.unwrap_or(today))?;
            if json {
                print(&run);
            } else {
                println!(
                    "截至 {}：{} 位客户共 {} 分过期",
                    run.as_of, run.customers, run.points
                );
            }
        }
        PointsCommand::Statement {
            customer,
            out,
            from,
            to,
        } => crate::points_statement::run(api, &customer, &out, from, to, json)?,
        PointsCommand::Catalogue { add } => {
            if let Some(CatalogueCommand::Add {
                name,
                kind,
                price,
                stock,
            }) = add
            {
                let item = api.points_catalogue_add(&name, kind.0, price, stock)?;
                if json {
                    print(&item);
                } else {
                    println!("已加入兑换目录：#{} {}", item.id, item.name);
                }
                return Ok(());
            }
            let items = api.points_catalogue()?;
            if json {
                print(&items);
            } else {
                for i in &items {
                    let stock = i
                        .stock
                        .map(|s| format!("库存 {s}"))
                        .unwrap_or("不限量".into());
                    let off = if i.active { "" } else { "  （已停用）" };
                    println!(
                        "#{}  [{}]  {}  {} 分  {stock}{off}",
                        i.id,
                        i.kind.label(),
                        i.name,
                        i.price
                    );
                }
            }
        }
    }
    Ok(())
}
