//! The 积分对账单: figures of a period out of a ledger with every kind of
//! row across a year boundary (with a reversal and a row written after
//! later-dated ones), the sum a reader checks, and the HTML and PDF read back.

use chrono::NaiveDate;
use tierdesk_domain::points::{EntryKind, PointsEntry, SourceKind};
use tierdesk_report::{
    points_statement_html, points_statement_pdf, PointsStatement, StatementHolder,
};

use crate::{day, star4};

/// An order number far wider than its column: wrapped, never cut.
const LONG_ORDER: &str = "WX2025123100012345678901234567";
/// A reason over several lines of its column; its end must be printed.
const LONG_REASON: &str = "客户在周年庆活动现场反映去年双十一的三笔订单漏记积分，经门店核对小票与系统流水后补录，并已电话告知客户本人，结尾标记ZZQ";

fn row(
    id: i64,
    on: &str,
    kind: EntryKind,
    points: i64,
    source: SourceKind,
    reason: &str,
) -> PointsEntry {
    PointsEntry {
        id,
        customer_id: 7,
        at: format!("{on} 10:00:00"),
        on_day: day(on),
        kind,
        points,
        // What the ledger stored; the statement computes its own by day.
        balance_after: 0,
        source,
        order_no: None,
        import_id: None,
        item_id: None,
        qty: None,
        reason: reason.into(),
        who: "张三".into(),
        expires_on: None,
        reverses_id: None,
    }
}

/// Every kind, 2024 to 2026. Row 9 (an order of 2025-03-05) was written
/// after rows dated later (an old sheet imported late).
fn ledger() -> Vec<PointsEntry> {
    use EntryKind::*;
    use SourceKind::*;
    let mut earn_order = row(2, "2024-11-20", Earn, 300, Order, "");
    earn_order.order_no = Some("581475".into());
    let mut redeem = row(4, "2025-01-10", Redeem, -200, SourceKind::Person, "保温杯");
    redeem.qty = Some(2);
    redeem.item_id = Some(1);
    let mut undo = row(
        5,
        "2025-01-12",
        Reverse,
        200,
        SourceKind::Person,
        "客户改选",
    );
    undo.reverses_id = Some(4);
    let mut late = row(9, "2025-03-05", Earn, 120, Order, "");
    late.order_no = Some(LONG_ORDER.into());
    vec![
        row(1, "2024-06-01", Opening, 1_000, Import, "旧表结转"),
        earn_order,
        row(3, "2024-12-31", Expire, -150, Rule, "到期"),
        redeem,
        undo,
        row(6, "2025-01-01", Earn, 500, Rule, "首购奖励"),
        row(
            7,
            "2025-06-18",
            Adjust,
            -80,
            SourceKind::Person,
            LONG_REASON,
        ),
        row(8, "2025-12-31", Expire, -90, Rule, "到期"),
        late,
        row(10, "2026-01-01", Adjust, 40, SourceKind::Person, "补录"),
        row(
            11,
            "2026-02-01",
            Redeem,
            -1_000,
            SourceKind::Person,
            "购物券",
        ),
    ]
}

fn holder() -> StatementHolder {
    StatementHolder {
        customer_id: 7,
        code: Some("C007".into()),
        name: "王<五>".into(),
        tier: Some(star4()[1].clone()),
        phone: Some("13812345678".into()),
        printed_on: day("2026-03-01"),
        expiring: 1_234,
        expiring_by: day("2026-05-30"),
        value_per_point: 0.01,
    }
}

fn statement(from: &str, to: &str) -> PointsStatement {
    PointsStatement::build(holder(), &ledger(), day(from), day(to))
}

/// (from, to, opening, earned, carried in, redeemed, expired, adjusted, closing, line ids)
type Case = (&'static str, &'static str, [i64; 7], &'static [i64]);

const CASES: &[Case] = &[
    // The whole history: opening 0.
    (
        "2024-01-01",
        "2026-12-31",
        [0, 920, 1_000, 1_200, 240, 160, 640],
        &[1, 2, 3, 6, 4, 5, 9, 7, 8, 10, 11],
    ),
    // 2025 alone: 2024 left 1,150; the redemption and its reversal cancel out.
    (
        "2025-01-01",
        "2025-12-31",
        [1_150, 620, 0, 200, 90, 120, 1_600],
        &[6, 4, 5, 9, 7, 8],
    ),
    // Across the year boundary: the last day of 2024 and the first of 2025.
    (
        "2024-12-31",
        "2025-01-01",
        [1_300, 500, 0, 0, 150, 0, 1_650],
        &[3, 6],
    ),
    // 2026 so far: the late 2025 order counts before it.
    (
        "2026-01-01",
        "2026-03-01",
        [1_600, 0, 0, 1_000, 0, 40, 640],
        &[10, 11],
    ),
    // A period with no row: opening = closing.
    (
        "2025-07-01",
        "2025-12-30",
        [1_690, 0, 0, 0, 0, 0, 1_690],
        &[],
    ),
    // Before the first row.
    ("2023-01-01", "2023-12-31", [0, 0, 0, 0, 0, 0, 0], &[]),
];

#[test]
fn figures_of_each_period() {
    for (from, to, [opening, earned, carried, redeemed, expired, adjusted, closing], ids) in CASES {
        let s = statement(from, to);
        let got = [
            s.opening,
            s.earned,
            s.carried_in,
            s.redeemed,
            s.expired,
            s.adjusted,
            s.closing,
        ];
        assert_eq!(
            got,
            [*opening, *earned, *carried, *redeemed, *expired, *adjusted, *closing],
            "{from} – {to}"
        );
        let line_ids: Vec<i64> = s.lines.iter().map(|l| l.id).collect();
        assert_eq!(&line_ids, ids, "{from} – {to}: the lines by day, then id");
    }
}

/// Opening + every movement = closing, each line's balance follows from the
/// one before, and a period's closing is the next day's opening, for every
/// period between two days of the ledger's span.
#[test]
fn opening_plus_movements_is_closing_for_every_period() {
    let days: Vec<NaiveDate> = day("2024-05-31")
        .iter_days()
        .take_while(|d| *d <= day("2026-02-02"))
        .step_by(3)
        .chain(ledger().iter().map(|e| e.on_day))
        .collect();
    let mut checked = 0;
    for &from in &days {
        for &to in days.iter().filter(|d| **d >= from).step_by(7) {
            let s = PointsStatement::build(holder(), &ledger(), from, to);
            assert_eq!(
                s.opening + s.earned + s.carried_in - s.redeemed - s.expired + s.adjusted,
                s.closing,
                "{from} – {to}"
            );
            let mut balance = s.opening;
            for l in &s.lines {
                balance += l.points;
                assert_eq!(l.balance_after, balance, "{from} – {to} line {}", l.id);
            }
            assert_eq!(balance, s.closing);
            let next = PointsStatement::build(
                holder(),
                &ledger(),
                to.succ_opt().unwrap(),
                to.succ_opt().unwrap(),
            );
            assert_eq!(
                next.opening, s.closing,
                "closing of {to} opens the next day"
            );
            checked += 1;
        }
    }
    assert!(checked > 1_000, "{checked} periods");
}

#[test]
fn lines_say_where_they_came_from() {
    let s = statement("2024-01-01", "2026-12-31");
    let by_id = |id: i64| s.lines.iter().find(|l| l.id == id).unwrap();
    assert_eq!(by_id(2).source, "订单 581475");
    assert_eq!(by_id(4).reason, "保温杯 ×2");
    assert_eq!(by_id(5).reason, "客户改选；冲销第 4 号记录");
    assert_eq!(by_id(6).source, "规则");
    assert_eq!(s.phone.as_deref(), Some("138****5678"));
}

#[test]
fn the_html_escapes_and_masks() {
    let html = points_statement_html(&statement("2025-01-01", "2025-12-31"));
    assert!(html.contains("王&lt;五&gt;"), "the name escaped");
    assert!(html.contains("138****5678") && !html.contains("13812345678"));
    for text in [
        "积分对账单",
        "2025-01-01 至 2025-12-31",
        "1,150",
        "1,600",
        "+620",
        "-200",
        LONG_ORDER,
        LONG_REASON,
        "1,234 分将于 2026-05-30 前过期",
    ] {
        assert!(html.contains(text), "{text} missing");
    }
    assert_eq!(html.matches("<td>调整</td>").count(), 1);
}

fn pdf_text(s: &PointsStatement) -> Option<String> {
    let bytes = points_statement_pdf(s).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let path = std::env::temp_dir().join(format!(
        "tierdesk-points-statement-{}-{}.pdf",
        std::process::id(),
        s.lines.len()
    ));
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(_) => {
            eprintln!("pdftotext is not installed: the PDF's text is not checked");
            None
        }
    }
}

/// Ledger lines in the PDF's text: a line starting with a day and a kind.
fn printed_lines(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            let l = l.trim_start();
            let (Some(head), Some(rest)) = (l.get(..10), l.get(10..)) else {
                return false;
            };
            NaiveDate::parse_from_str(head, "%Y-%m-%d").is_ok()
                && ["获得", "兑换", "调整", "过期", "冲销", "期初"]
                    .iter()
                    .any(|k| rest.trim_start().starts_with(k))
        })
        .count()
}

#[test]
fn the_pdf_reads_back_the_figures_and_every_line() {
    let s = statement("2025-01-01", "2025-12-31");
    let Some(text) = pdf_text(&s) else { return };
    assert!(text.contains("积分对账单"), "{text}");
    assert!(text.contains("138****5678") && !text.contains("13812345678"));
    for figure in ["期初余额", "1,150", "期末余额", "1,600", "+620", "1,234"] {
        assert!(text.contains(figure), "{figure} missing:\n{text}");
    }
    assert_eq!(printed_lines(&text), s.lines.len(), "{text}");
    // Wrapped, not cut: the long reason's end and the whole order number.
    assert!(text.contains("结尾标记ZZQ"), "{text}");
    let squeezed: String = text.split_whitespace().collect();
    assert!(squeezed.contains(LONG_ORDER), "{text}");
    assert!(!text.contains('…'), "nothing cut:\n{text}");
}

/// A long ledger runs over pages with the header repeated; every line is there.
#[test]
fn a_long_statement_prints_every_line() {
    let mut rows = Vec::new();
    let mut id = 0;
    for d in day("2025-01-01").iter_days().take(365) {
        id += 1;
        let mut e = row(
            id,
            &d.to_string(),
            EntryKind::Earn,
            10 + id % 7,
            SourceKind::Order,
            "",
        );
        e.order_no = Some(format!("SO{id:06}"));
        rows.push(e);
    }
    let s = PointsStatement::build(holder(), &rows, day("2025-01-01"), day("2025-12-31"));
    assert_eq!(s.lines.len(), 365);
    let Some(text) = pdf_text(&s) else { return };
    assert_eq!(printed_lines(&text), 365);
    let headers = text
        .lines()
        .filter(|l| l.trim_start().starts_with("日期") && l.contains("类型"))
        .count();
    assert!(headers >= 5, "the lines' header on every page: {headers}");
    let squeezed: String = text.split_whitespace().collect();
    assert!(squeezed.contains("第5页/共"), "{text}");
    assert!(text.contains("SO000365"));
}
