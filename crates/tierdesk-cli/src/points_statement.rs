//! `tierdesk points statement CODE OUT.pdf [--from DAY --to DAY]`: a
//! customer's 积分对账单 saved as .pdf or .html (by the extension), this
//! calendar year up to today unless a period is given.

use std::path::Path;

use chrono::NaiveDate;
use tierdesk_api::report_model::points_statement::count_signed;
use tierdesk_api::{Api, ApiError};

pub fn run(
    api: &Api,
    customer: &str,
    out: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    json: bool,
) -> Result<(), ApiError> {
    let id = api.find_customer(customer)?.id;
    let s = api.save_points_statement(id, from, to, out, tierdesk_api::today())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&s).expect("serialisable")
        );
        return Ok(());
    }
    let change = |n: i64| {
        if n > 0 {
            format!("+{}", count_signed(n))
        } else {
            count_signed(n)
        }
    };
    println!(
        "已保存积分对账单：{}（{} 至 {}）",
        out.display(),
        s.from,
        s.to
    );
    println!(
        "期初 {}，获得 {}，期初导入 {}，兑换 {}，过期 {}，调整与冲销 {}，期末 {}；明细 {} 条",
        count_signed(s.opening),
        change(s.earned),
        change(s.carried_in),
        change(-s.redeemed),
        change(-s.expired),
        change(s.adjusted),
        count_signed(s.closing),
        count_signed(s.lines.len() as i64)
    );
    Ok(())
}
