use chrono::NaiveDate;
use clap::builder::PossibleValue;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::Value;
use tierdesk_api::domain::merge::EditBase;
use tierdesk_api::domain::{Customer, CustomerDraft, CustomerQuery, SortKey};
use tierdesk_api::{Api, ApiError};

#[derive(Subcommand)]
pub enum CustomersCommand {
    /// Add a customer.
    Add(DraftArgs),
    /// List customers, searched and filtered.
    List(ListArgs),
    /// Show one customer by code or id.
    Show { id_or_code: String },
    /// Change the given fields of a customer.
    Update {
        id_or_code: String,
        #[command(flatten)]
        changes: DraftArgs,
        /// Why the tier changes (required with a new --tier); kept in the tier history.
        #[arg(long)]
        reason: Option<String>,
    },
    /// A customer's tier changes, newest first: ratings and changes by hand.
    History { id_or_code: String },
    /// A customer's timeline, newest first: orders, tier changes, follow-ups, complaints …
    Timeline {
        id_or_code: String,
        /// Only these kinds (repeat it): 购买, 等级变化, 跟进, 投诉, 满意度, 权益使用, 导入, 资料修改, 待办完成.
        #[arg(long, value_enum)]
        kind: Vec<crate::record::KindArg>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Every event, not only the newest `limit`.
        #[arg(long)]
        all: bool,
    },
    /// How fast one customer's record opens: a customer with 10,000 order lines and about
    /// 2,000 timeline events, p50/p95 of each read against the 50 ms goal.
    Bench(crate::record_bench::RecordBenchArgs),
    /// A customer's order lines, newest first, a page at a time.
    Lines {
        id_or_code: String,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        page_size: u32,
    },
    /// Move a customer to the recycle bin.
    Delete { id_or_code: String },
    /// Bring a customer back from the recycle bin.
    Restore { id_or_code: String },
    /// Delete everything in the recycle bin for good.
    EmptyBin,
}

/// `--sort`: a column the list can be sorted by. Its choices are the
/// domain's own list (`SortKey::ALL`, named by `SortKey::as_str`) rather than
/// a derived copy of it, so a column added there is offered here at once.
#[derive(Clone, Copy)]
pub struct Sort(SortKey);

static SORTS: [Sort; SortKey::ALL.len()] = {
    let mut out = [Sort(SortKey::Id); SortKey::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = Sort(SortKey::ALL[i]);
        i += 1;
    }
    out
};

impl ValueEnum for Sort {
    fn value_variants<'a>() -> &'a [Self] {
        &SORTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.as_str()))
    }
}

#[derive(Args)]
pub struct ListArgs {
    /// Name, pinyin initials (zs finds 张三), code or phone.
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    tier: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// The column to sort by.
    #[arg(long, value_enum, default_value = "id")]
    sort: Sort,
    #[arg(long)]
    desc: bool,
    /// List the recycle bin.
    #[arg(long)]
    deleted: bool,
}

#[derive(Args, Default)]
pub struct DraftArgs {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    code: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    spend: Option<f64>,
    #[arg(long)]
    frequency: Option<f64>,
    #[arg(long)]
    tenure_years: Option<f64>,
    #[arg(long)]
    influence: Option<f64>,
    #[arg(long)]
    tier: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    manager: Option<String>,
    #[arg(long)]
    address: Option<String>,
    /// Date as 2024-03-01.
    #[arg(long)]
    registered_on: Option<NaiveDate>,
    /// Comma-separated tags.
    #[arg(long)]
    tags: Option<String>,
    /// A custom field value, KEY=VALUE; repeat for several.
    #[arg(long = "field", value_name = "KEY=VALUE")]
    fields: Vec<String>,
}

impl DraftArgs {
    /// Applies the given options onto a draft; options not given leave the draft as it is.
    fn apply(self, d: &mut CustomerDraft) -> Result<(), ApiError> {
        if let Some(v) = self.name {
            d.name = v;
        }
        if let Some(v) = self.code {
            d.code = Some(v);
        }
        if let Some(v) = self.phone {
            d.phone = Some(v);
        }
        if let Some(v) = self.spend {
            d.spend = Some(v);
        }
        if let Some(v) = self.frequency {
            d.frequency = Some(v);
        }
        if let Some(v) = self.tenure_years {
            d.tenure_years = Some(v);
        }
        if let Some(v) = self.influence {
            d.influence = Some(v);
        }
        if let Some(v) = self.tier {
            d.tier = Some(v);
        }
        if let Some(v) = self.email {
            d.email = Some(v);
        }
        if let Some(v) = self.manager {
            d.manager = Some(v);
        }
        if let Some(v) = self.address {
            d.address = Some(v);
        }
        if let Some(v) = self.registered_on {
            d.registered_on = Some(v);
        }
        if let Some(v) = self.tags {
            d.tags = v
                .split([',', '，', '、'])
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect();
        }
        for kv in self.fields {
            let Some((k, v)) = kv.split_once('=') else {
                return Err(ApiError::invalid(format!(
                    "--field 需要写成 字段标识=值，例如 satisfaction=90，而不是 '{kv}'"
                )));
            };
            d.fields
                .insert(k.trim().to_owned(), Value::String(v.to_owned()));
        }
        Ok(())
    }
}

pub(crate) fn print_customer(c: &Customer, json: bool) {
    if json {
        println!("{}", serde_json::to_string_pretty(c).expect("serialisable"));
        return;
    }
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    println!(
        "ID：{}\n客户编号：{}\n客户名称：{}\n联系方式：{}",
        c.id,
        opt(&c.code),
        c.name,
        opt(&c.phone)
    );
    println!(
        "消费金额：{}\n购买频次：{}\n使用年限：{}\n影响力评分：{}",
        num(c.spend),
        num(c.frequency),
        num(c.tenure_years),
        num(c.influence)
    );
    println!("当前等级：{}", opt(&c.tier));
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    println!(
        "上次评级日期：{}\n下一次评级日期：{}",
        date(c.last_rated_on),
        date(c.next_rating_on)
    );
    for (k, v) in &c.fields {
        println!("{k}：{v}");
    }
    if c.deleted_at.is_some() {
        println!("（在回收站中）");
    }
}

pub fn run(api: &mut Api, cmd: CustomersCommand, json: bool) -> Result<(), ApiError> {
    match cmd {
        CustomersCommand::Add(args) => {
            let mut d = CustomerDraft::default();
            args.apply(&mut d)?;
            let c = api.create_customer(d)?;
            if json {
                print_customer(&api.shown(c)?, true)
            } else {
                println!("已添加客户「{}」（ID {}）", c.name, c.id)
            }
        }
        CustomersCommand::List(args) => list(api, args, json)?,
        // Phones (and what else is masked) as the app shows them; `tierdesk
        // privacy reveal` shows everything, for a purpose it logs.
        CustomersCommand::Show { id_or_code } => {
            print_customer(&api.shown(api.find_customer(&id_or_code)?)?, json)
        }
        CustomersCommand::Update {
            id_or_code,
            changes,
            reason,
        } => {
            let c = api.find_customer(&id_or_code)?;
            // What was read is the base: a change another desk saves in
            // between is merged, or refused with both values (no silent
            // overwrite, as in the app).
            let base = EditBase::new(c.version, CustomerDraft::from(&c));
            let mut d = CustomerDraft::from(&c);
            changes.apply(&mut d)?;
            // The history names the person at the desk, as the app does.
            let who = crate::who::name();
            let c = api
                .save_customer(c.id, d, base, (reason.as_deref().unwrap_or(""), &who))?
                .item;
            if json {
                print_customer(&api.shown(c)?, true)
            } else {
                println!("已更新客户「{}」", c.name)
            }
        }
        CustomersCommand::History { id_or_code } => history(api, &id_or_code, json)?,
        CustomersCommand::Timeline {
            id_or_code,
            kind,
            limit,
            all,
        } => crate::record::timeline(api, &id_or_code, &kind, limit, all, json)?,
        CustomersCommand::Bench(args) => crate::record_bench::run(args)?,
        CustomersCommand::Lines {
            id_or_code,
            page,
            page_size,
        } => crate::record::lines(api, &id_or_code, page, page_size, json)?,
        CustomersCommand::Delete { id_or_code } => {
            let c = api.find_customer(&id_or_code)?;
            api.delete_customers(&[c.id])?;
            if json {
                println!("{}", serde_json::json!({ "deleted": c.id }))
            } else {
                println!("已将「{}」移到回收站，可用 restore 恢复", c.name)
            }
        }
        CustomersCommand::Restore { id_or_code } => {
            let c = api.find_customer(&id_or_code)?;
            api.restore_customers(&[c.id])?;
            if json {
                println!("{}", serde_json::json!({ "restored": c.id }))
            } else {
                println!("已恢复客户「{}」", c.name)
            }
        }
        CustomersCommand::EmptyBin => {
            let n = api.empty_recycle_bin()?;
            if json {
                println!("{}", serde_json::json!({ "removed": n }))
            } else {
                println!("已永久删除回收站中的 {n} 位客户")
            }
        }
    }
    Ok(())
}

fn list(api: &Api, a: ListArgs, json: bool) -> Result<(), ApiError> {
    let (limit, offset) = (a.limit, a.offset);
    let q = CustomerQuery {
        search: a.search,
        tier: a.tier,
        manager: None,
        sort: a.sort.0,
        descending: a.desc,
        limit,
        offset,
        deleted: a.deleted,
        ..CustomerQuery::default()
    };
    let page = api.list_customers_masked(&q)?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "total": page.total,
                "limit": limit,
                "offset": offset,
                "items": page.items,
            })
        );
        return Ok(());
    }
    println!("共 {} 位客户", page.total);
    if !page.items.is_empty() && (page.items.len() as u64) < page.total {
        // Say which part of the list this is, so a cut list is never taken
        // for the whole archive.
        println!(
            "以下为第 {} 至 {} 位（--limit {limit}，--offset {offset}）",
            offset as u64 + 1,
            offset as u64 + page.items.len() as u64
        );
    }
    for c in &page.items {
        println!(
            "{:>8}  {:<10}  {:<24}  {:<14}  {:>12}  {}",
            c.id,
            c.code.as_deref().unwrap_or("-"),
            c.name,
            c.phone.as_deref().unwrap_or("-"),
            c.spend.map(|s| format!("{s:.0}")).unwrap_or_default(),
            c.tier.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

fn history(api: &Api, id_or_code: &str, json: bool) -> Result<(), ApiError> {
    let c = api.find_customer(id_or_code)?;
    let history = api.tier_history(c.id)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&history).expect("serialisable")
        );
        return Ok(());
    }
    println!("「{}」的等级变化共 {} 条", c.name, history.len());
    for h in &history {
        println!(
            "{}  {} → {}  {}（{}）",
            h.at,
            h.from_tier.as_deref().unwrap_or("无"),
            h.to_tier.as_deref().unwrap_or("无"),
            h.reason,
            h.who
        );
    }
    Ok(())
}
