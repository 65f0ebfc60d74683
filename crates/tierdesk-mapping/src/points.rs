//! An opening points balance (期初积分) read from a customer sheet's 积分 /
//! 积分余额 column: a whole number of points from 0 to
//! [`MAX_OPENING_POINTS`], `1,200`, `1200分` and full-width digits too.
//! Anything else is a reason (`value.points_*`); the row is imported without points.

use tierdesk_domain::points_rules::MAX_OPENING_POINTS;
use tierdesk_domain::text::thousands;
use tierdesk_domain::{Cell, Msg};

use crate::values::read_number;

/// The points a cell holds, or why it holds none.
pub fn read_points(cell: &Cell) -> Result<i64, Msg> {
    let shown = cell.display().trim().to_owned();
    let bad = |key: &str| Msg::new(key).with("value", &shown);
    let n = match cell {
        Cell::Number(_) | Cell::Text(_) => {
            read_number(cell).map_err(|_| bad("value.points_not_number"))?
        }
        _ => return Err(bad("value.points_not_number")),
    };
    if n < 0.0 {
        return Err(bad("value.points_negative"));
    }
    if n.fract() != 0.0 {
        return Err(bad("value.points_fraction"));
    }
    if n > MAX_OPENING_POINTS as f64 {
        let max = thousands(MAX_OPENING_POINTS as u64);
        return Err(bad("value.points_too_many").with("max", max));
    }
    Ok(n as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_points_or_a_chinese_reason() {
        let text = |s: &str| Cell::Text(s.into());
        // (cell, points, or the start of the message)
        let cases: Vec<(Cell, Result<i64, &str>)> = vec![
            (text("500"), Ok(500)),
            (text(" 1,200 "), Ok(1200)),
            (text("1200分"), Ok(1200)),
            (text("１２００"), Ok(1200)),
            (Cell::Number(0.0), Ok(0)),
            (Cell::Number(3000.0), Ok(3000)),
            (text("100000000"), Ok(100_000_000)),
            (text("约500"), Err("积分不是数字：'约500'")),
            (text("-3"), Err("积分不能为负数：'-3'")),
            (Cell::Number(-3.0), Err("积分不能为负数：'-3'")),
            (text("1.5"), Err("积分须为整数，不能有小数：'1.5'")),
            (Cell::Number(1.5), Err("积分须为整数，不能有小数：'1.5'")),
            (text("1e12"), Err("积分 '1e12' 超过上限 100,000,000")),
            (
                text("100000001"),
                Err("积分 '100000001' 超过上限 100,000,000"),
            ),
            (Cell::Bool(true), Err("积分不是数字")),
        ];
        for (i, (cell, want)) in cases.iter().enumerate() {
            match (read_points(cell), want) {
                (Ok(got), Ok(want)) => assert_eq!(got, *want, "case {i}"),
                (Err(got), Err(want)) => assert!(got.zh().starts_with(want), "case {i}: {got}"),
                (got, want) => panic!("case {i}: {got:?}, wanted {want:?}"),
            }
        }
    }
}
