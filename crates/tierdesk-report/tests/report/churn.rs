//! The 流失与留存 section from hand-made facts: what `add_churn` does to the
//! report (masked phones, the old 流失风险 list replaced), the section's
//! blocks and HTML lines (counts), the workbook read back (every sheet,
//! value and row count; the charts' series pointing at the right cells; the
//! cohort colour scale) and the PDF's text.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use tierdesk_churn::cohorts::{CohortRow, Cohorts};
use tierdesk_churn::managers::{ManagerFigures, ManagerRow};
use tierdesk_churn::movement::{BatchTierCount, BatchTiers, TierMovement};
use tierdesk_churn::retention::{Period, RetentionFigures, RetentionRow};
use tierdesk_domain::survey::PeriodKind;
use tierdesk_report::churn_content::{
    blocks as section_blocks, cohort_table, Fit, ALERTS, BATCHES, COHORTS, HEADING, MANAGERS,
    RATES, TIERS,
};
use tierdesk_report::content::{blocks, Block};
use tierdesk_report::{
    add_churn, build_report_from, render_html, render_pdf, render_xlsx, AlertFacts, AlertLine,
    ChurnFacts, TierReport,
};

use crate::{customer, figures::facts};

fn period(key: &str, tier: Option<&str>, active: u64, churn: Option<f64>) -> RetentionRow {
    RetentionRow {
        period: key.into(),
        tier: tier.map(str::to_owned),
        active,
        new: active / 4,
        returning: active - active / 4,
        churned: active / 10,
        churn_rate: churn,
        retention_rate: churn.map(|c| 1.0 - c),
        repeat_rate: Some(0.5),
        average_interval: Some(31.5),
        value_per_active: Some(1234.0),
        ..RetentionRow::default()
    }
}

fn quarter(key: &str, label: &str, start: &str, end: &str) -> Period {
    Period {
        key: key.into(),
        label: label.into(),
        start: crate::day(start),
        end: crate::day(end),
        partial: false,
    }
}

fn cohort(month: &str, size: u64, active: &[u64]) -> CohortRow {
    CohortRow {
        cohort: month.into(),
        label: format!("{}年{}月", &month[..4], month[5..].trim_start_matches('0')),
        size,
        active: active.to_vec(),
        shares: active
            .iter()
            .map(|n| {
                if size > 0 {
                    *n as f64 / size as f64
                } else {
                    0.0
                }
            })
            .collect(),
    }
}

fn batch(id: i64, period: &str, counts: &[(Option<&str>, u64)], up: u64, down: u64) -> BatchTiers {
    BatchTiers {
        batch_id: id,
        period: period.into(),
        as_of: crate::day("2024-06-30"),
        counts: counts
            .iter()
            .map(|(t, n)| BatchTierCount {
                tier: t.map(str::to_owned),
                customers: *n,
            })
            .collect(),
        flows: vec![],
        up,
        down,
        same: 0,
    }
}

fn manager(
    name: &str,
    customers: u64,
    revenue: f64,
    alerts: Option<(u64, u64)>,
    coverage: Option<f64>,
) -> ManagerRow {
    ManagerRow {
        manager: name.into(),
        unassigned: name.is_empty(),
        customers,
        revenue,
        alerts_open: alerts.map(|a| a.0),
        alerts_recovered: alerts.map(|a| a.1),
        coverage,
        ..ManagerRow::default()
    }
}

fn alert(id: i64, code: &str, tier: &str, value: f64, reasons: &[&str]) -> AlertLine {
    AlertLine {
        alert_id: id * 10,
        customer_id: id,
        code: code.into(),
        name: format!("预警客户{id}"),
        phone: format!("1390000{id:04}"),
        tier: tier.into(),
        level: "高".into(),
        status: "新".into(),
        owner: if id == 2 {
            String::new()
        } else {
            "王经理".into()
        },
        raised_on: "2024-06-20".into(),
        value_at_risk: value,
        p_alive: Some(0.25),
        reasons: reasons.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// Three quarters, all customers and two tiers (one the scheme lacks);
/// three cohorts; two batches; three 客户经理 (one empty); 25 alerts.
pub fn churn_facts() -> ChurnFacts {
    let quarters = [
        quarter("2024Q1", "2024年第一季度", "2024-01-01", "2024-03-31"),
        quarter("2024Q2", "2024年第二季度", "2024-04-01", "2024-06-30"),
        quarter("2024Q3", "2024年第三季度", "2024-07-01", "2024-09-30"),
    ];
    let mut totals = Vec::new();
    let mut by_tier = Vec::new();
    for (i, q) in quarters.iter().enumerate() {
        totals.push(period(
            &q.key,
            None,
            100 + i as u64,
            Some(0.1 * (i + 1) as f64),
        ));
        by_tier.push(period(&q.key, Some("diamond"), 10 + i as u64, Some(0.05)));
        by_tier.push(period(&q.key, Some("gone"), 3, None));
    }
    ChurnFacts {
        retention: RetentionFigures {
            by: PeriodKind::Quarter,
            as_of: crate::day("2024-09-30"),
            periods: quarters.to_vec(),
            totals,
            by_tier,
        },
        definition: "流失：期末时距上次购买已超过其下单间隔的 2 倍。".into(),
        cohorts: Cohorts {
            as_of: crate::day("2024-09-30"),
            months: 3,
            rows: vec![
                cohort("2024-07", 8, &[8, 4, 2]),
                cohort("2024-08", 5, &[5, 1]),
                cohort("2024-09", 0, &[0]),
            ],
        },
        movement: TierMovement {
            batches: vec![
                batch(
                    1,
                    "2024Q1",
                    &[(Some("diamond"), 3), (Some("gold"), 7), (None, 2)],
                    0,
                    0,
                ),
                batch(
                    2,
                    "2024Q2",
                    &[(Some("diamond"), 4), (Some("gold"), 6), (None, 2)],
                    2,
                    1,
                ),
            ],
        },
        managers: ManagerFigures {
            from: crate::day("2023-10-01"),
            to: crate::day("2024-09-30"),
            rows: vec![
                manager("王经理", 6, 120000.0, Some((3, 1)), Some(0.5)),
                manager("李经理", 4, 80000.0, Some((1, 0)), Some(1.0)),
                manager("", 2, 1000.0, Some((0, 0)), None),
            ],
            total: manager("", 12, 201000.0, Some((4, 1)), Some(0.7)),
        },
        alerts: Some(AlertFacts {
            refreshed_on: "2024-09-30".into(),
            open: 26,
            high: 9,
            lines: (1..=25)
                .map(|i| {
                    alert(
                        i,
                        &format!("K{i:03}"),
                        if i % 2 == 0 { "diamond" } else { "gold" },
                        10000.0 - i as f64 * 100.0,
                        &[
                            "平均每 30 天下单，已 84 天未下单",
                            "近 90 天消费较前 90 天下降 42.0%",
                        ],
                    )
                })
                .collect(),
        }),
    }
}

/// A report whose fixed list holds one diamond customer (no contact for a year).
fn base() -> TierReport {
    let mut c = customer(1, Some("diamond"), Some(500.0));
    c.last_contact_on = Some(crate::day("2023-06-01"));
    let r = build_report_from(facts(), vec![c]);
    assert_eq!(r.at_risk.len(), 1, "the fixed list has the customer");
    r
}

fn report() -> TierReport {
    let mut r = base();
    add_churn(&mut r, churn_facts());
    r
}

#[test]
fn alerts_replace_the_fixed_list_and_phones_are_masked() {
    let r = report();
    assert!(r.at_risk.is_empty(), "one list of customers at risk");
    let a = r.churn.as_ref().unwrap().alerts.as_ref().unwrap();
    assert_eq!(a.lines.len(), 25);
    assert_eq!(a.lines[0].phone, "139****0001");

    // Without alerts (never refreshed) the fixed list stays.
    let mut r = base();
    add_churn(
        &mut r,
        ChurnFacts {
            alerts: None,
            ..churn_facts()
        },
    );
    assert_eq!(r.at_risk.len(), 1);
    let b = blocks(&r, 500.0);
    assert!(b
        .iter()
        .any(|x| matches!(x, Block::Table(t) if t.name == "流失风险")));
    assert!(b
        .iter()
        .any(|x| matches!(x, Block::Paragraph(p) if p.contains("尚未生成流失预警"))));

    // Unmasked reports keep the phone.
    let mut r = base();
    r.masked = false;
    add_churn(&mut r, churn_facts());
    let a = r.churn.as_ref().unwrap().alerts.as_ref().unwrap();
    assert_eq!(a.lines[0].phone, "13900000001");
}

fn tables(b: &[Block]) -> Vec<(String, usize, usize)> {
    b.iter()
        .filter_map(|x| match x {
            Block::Table(t) => Some((t.name.clone(), t.rows.len(), t.columns.len())),
            _ => None,
        })
        .collect()
}

#[test]
fn the_section_follows_customer_service_with_its_tables() {
    let r = report();
    let b = blocks(&r, 500.0);
    let seven = b
        .iter()
        .position(|x| x == &Block::Heading("七、客户服务".into()))
        .unwrap();
    let eight = b
        .iter()
        .position(|x| x == &Block::Heading(HEADING.into()))
        .expect("the section heading");
    assert_eq!(eight, seven + 3, "right after 客户服务's note and table");
    let c = r.churn.as_ref().unwrap();
    assert_eq!(&b[eight..], &section_blocks(&r, c, 500.0)[..]);
    assert_eq!(
        tables(&b[eight..]),
        vec![
            (RATES.into(), 3, 10),
            (TIERS.into(), 2, 10),
            // 2024-07 has months 1 and 2 after its first.
            (COHORTS.into(), 3, 4),
            // 钻石 金牌 银牌 普通 未评级, 升级, 降级.
            (BATCHES.into(), 2, 8),
            (MANAGERS.into(), 3, 6),
            (ALERTS.into(), 20, 8),
        ]
    );
    // Section 五 points at the alerts instead of listing its own.
    let five = b
        .iter()
        .position(|x| x == &Block::Heading("五、高价值客户流失预警".into()))
        .unwrap();
    match &b[five + 1] {
        Block::Paragraph(p) => assert!(
            p.contains("共 26 条未处理预警（高 9 条）") && p.contains("最高的 20 条"),
            "{p}"
        ),
        other => panic!("{other:?}"),
    }
    assert!(!tables(&b).iter().any(|t| t.0 == "流失风险"));
    // A line chart of the rates: one line per rate.
    let charts: Vec<_> = b[eight..]
        .iter()
        .filter_map(|x| match x {
            Block::Charts(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(charts.len(), 1);
    let lines = charts[0][0]
        .shapes
        .iter()
        .filter(|s| matches!(s, tierdesk_report::chart::Shape::Line { points, .. } if points.len() == 3))
        .count();
    assert_eq!(lines, 3, "three rates over three periods");
}

#[test]
fn the_page_shows_the_recent_rows_and_cells_as_the_facts_say() {
    let r = report();
    let c = r.churn.as_ref().unwrap();
    let b = section_blocks(&r, c, 500.0);
    let t = |name: &str| {
        b.iter()
            .find_map(|x| match x {
                Block::Table(t) if t.name == name => Some(t.clone()),
                _ => None,
            })
            .unwrap()
    };
    let rates = t(RATES);
    let cells: Vec<Vec<String>> = rates
        .rows
        .iter()
        .map(|row| row.iter().map(|v| v.display()).collect())
        .collect();
    assert_eq!(
        cells[2],
        [
            "2024年第三季度",
            "102",
            "25",
            "77",
            "10",
            "30.0%",
            "70.0%",
            "50.0%",
            "31.5",
            "¥1,234"
        ]
    );
    // The tier table names the tiers; a key the scheme lacks stays a key.
    let tiers = t(TIERS);
    assert_eq!(tiers.rows[0][0].display(), "钻石");
    assert_eq!(tiers.rows[1][0].display(), "gone");
    assert_eq!(tiers.rows[1][5].display(), "", "no churn rate");
    let cohorts = t(COHORTS);
    assert_eq!(
        cohorts
            .rows
            .iter()
            .map(|row| row.iter().map(|v| v.display()).collect::<Vec<_>>())
            .collect::<Vec<_>>(),
        vec![
            vec!["2024年7月", "8", "50.0%", "25.0%"],
            vec!["2024年8月", "5", "20.0%", ""],
            vec!["2024年9月", "0", "", ""],
        ]
    );
    let batches = t(BATCHES);
    assert_eq!(
        batches
            .columns
            .iter()
            .map(|c| c.header.as_str())
            .collect::<Vec<_>>(),
        [
            "评级批次",
            "钻石",
            "金牌",
            "银牌",
            "普通",
            "未评级",
            "升级",
            "降级"
        ]
    );
    assert_eq!(batches.rows[1][1].display(), "4");
    assert_eq!(batches.rows[1][5].display(), "2");
    let managers = t(MANAGERS);
    assert_eq!(managers.rows[2][0].display(), "未分配");
    let total: Vec<String> = managers
        .total
        .unwrap()
        .iter()
        .map(|v| v.display())
        .collect();
    // Coverage over the customers with a figure: (6 × 0.5 + 4 × 1) / 10.
    assert_eq!(total, ["合计", "12", "¥201,000", "4", "1", "70.0%"]);
    let alerts = t(ALERTS);
    assert_eq!(alerts.rows[0][0].display(), "K001");
    assert_eq!(alerts.rows[0][2].display(), "139****0001");
    assert_eq!(alerts.rows[0][5].display(), "¥9,900");
    assert_eq!(alerts.rows[0][6].display(), "25.0%");
    assert_eq!(alerts.wrap, Some(7), "the reasons wrap in the PDF");
    assert_eq!(
        alerts.rows[0][7].display(),
        "平均每 30 天下单，已 84 天未下单；近 90 天消费较前 90 天下降 42.0%"
    );
    // Only the last PERIODS_ON_PAGE periods and COHORTS_ON_PAGE cohorts.
    let mut many = churn_facts();
    many.retention.totals = (0..12)
        .map(|i| period(&format!("P{i}"), None, 5, Some(0.1)))
        .collect();
    many.cohorts.rows = (0..15)
        .map(|i| cohort(&format!("20{:02}-01", 10 + i), 1, &[1; 20]))
        .collect();
    let b = section_blocks(&r, &many, 500.0);
    let shape = tables(&b);
    assert_eq!(shape[0], (RATES.into(), 8, 10));
    assert_eq!(
        shape[1],
        (COHORTS.into(), 12, 13),
        "12 cohorts, months 1–11"
    );
    assert!(matches!(&b[2], Block::Table(t) if t.rows[0][0].display() == "P4"));
}

#[test]
fn periods_before_the_first_purchase_are_left_out() {
    let mut facts = churn_facts();
    let f = &mut facts.retention;
    f.periods.insert(
        0,
        quarter("2023Q4", "2023年第四季度", "2023-10-01", "2023-12-31"),
    );
    f.totals.insert(
        0,
        RetentionRow {
            period: "2023Q4".into(),
            ..RetentionRow::default()
        },
    );
    let mut r = base();
    add_churn(&mut r, facts);
    let c = r.churn.as_ref().unwrap();
    assert_eq!(c.retention.totals.len(), 4);
    assert_eq!(c.totals().len(), 3);
    assert_eq!(c.totals()[0].period, "2024Q1");
    let b = section_blocks(&r, c, 500.0);
    assert_eq!(tables(&b)[0], (RATES.into(), 3, 10));
    let bytes = render_xlsx(&r).unwrap();
    assert_eq!(sheet(&bytes, RATES)[4..].len(), 3 + 6);
    assert_eq!(text(&sheet(&bytes, RATES)[4][0]), "2024年第一季度");
    // No first purchase in the cohorts' months: a sentence instead of a table.
    let mut facts = churn_facts();
    facts.cohorts.rows = vec![cohort("2024-08", 0, &[0, 0]), cohort("2024-09", 0, &[0])];
    let mut r = base();
    add_churn(&mut r, facts);
    let b = section_blocks(&r, r.churn.as_ref().unwrap(), 500.0);
    assert!(!tables(&b).iter().any(|t| t.0 == COHORTS));
    assert!(b.contains(&Block::Paragraph(
        "同期群留存：近 3 个月没有首次购买的客户。".into()
    )));
    // A period with no purchase after the first one stays.
    let mut facts = churn_facts();
    facts.retention.totals[1] = RetentionRow {
        period: "2024Q2".into(),
        ..RetentionRow::default()
    };
    assert_eq!(facts.totals().len(), 3);
}

#[test]
fn the_html_has_every_line() {
    let html = render_html(&report());
    let at = html
        .find(&format!("<h2>{HEADING}</h2>"))
        .expect("the section");
    let section = &html[at..];
    // Rates 3 + tiers 2 + cohorts 3 + batches 2 + managers 3 + alerts 20 rows, + 6 headers, + 1 total.
    assert_eq!(
        section.matches("<tr>").count(),
        3 + 2 + 3 + 2 + 3 + 20 + 6 + 1
    );
    for i in 1..=20 {
        assert_eq!(section.matches(&format!(">K{i:03}<")).count(), 1, "K{i:03}");
    }
    assert!(!section.contains(">K021<"), "only 20 alerts on the page");
    assert!(!section.contains("13900000001"), "phones masked");
    assert!(section.contains("<svg"), "the rate chart");
}

fn zip_files(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
            let _ = f.read_to_string(&mut s);
            (name, s)
        })
        .collect()
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not a text: {other:?}"),
    }
}

#[test]
fn the_workbook_has_a_sheet_per_table_with_the_facts_values() {
    let r = report();
    let c = r.churn.clone().unwrap();
    let bytes = render_xlsx(&r).unwrap();
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let names = wb.sheet_names();
    for s in [RATES, COHORTS, BATCHES, MANAGERS, ALERTS] {
        assert_eq!(names.iter().filter(|n| n.as_str() == s).count(), 1, "{s}");
    }
    assert!(
        !names.iter().any(|n| n == TIERS || n == "流失风险"),
        "{names:?}"
    );

    // Rates: header on row 4 (index 3), then all customers, then each tier's periods.
    let rows = sheet(&bytes, RATES);
    let data = &rows[4..];
    let f = &c.retention;
    assert_eq!(
        data.len(),
        f.totals.len() + f.by_tier.len(),
        "every period row"
    );
    // All customers first, then each tier's quarters (by_tier comes quarter by quarter).
    let order = [
        (&f.totals[0], "全部", "2024年第一季度"),
        (&f.totals[1], "全部", "2024年第二季度"),
        (&f.totals[2], "全部", "2024年第三季度"),
        (&f.by_tier[0], "钻石", "2024年第一季度"),
        (&f.by_tier[2], "钻石", "2024年第二季度"),
        (&f.by_tier[4], "钻石", "2024年第三季度"),
        (&f.by_tier[1], "gone", "2024年第一季度"),
        (&f.by_tier[3], "gone", "2024年第二季度"),
        (&f.by_tier[5], "gone", "2024年第三季度"),
    ];
    for (row, (p, tier, label)) in data.iter().zip(order) {
        assert_eq!(text(&row[0]), label);
        assert_eq!(text(&row[1]), tier);
        assert_eq!(num(&row[2]), p.active as f64);
        assert_eq!(num(&row[5]), p.churned as f64);
        match p.churn_rate {
            Some(v) => assert_eq!(num(&row[6]), v),
            None => assert_eq!(row[6], Data::Empty),
        }
        assert_eq!(num(&row[9]), 31.5);
        assert_eq!(num(&row[10]), 1234.0);
    }

    let rows = sheet(&bytes, COHORTS);
    let data = &rows[4..];
    assert_eq!(data.len(), c.cohorts.rows.len());
    assert_eq!(text(&data[0][0]), "2024年7月");
    assert_eq!((num(&data[0][2]), num(&data[0][3])), (0.5, 0.25));
    assert_eq!(num(&data[1][2]), 0.2);

    let rows = sheet(&bytes, BATCHES);
    assert_eq!(rows[4..].len(), 2);
    assert_eq!(
        rows[4][..8]
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
        ["2024Q1（第 1 批）", "3", "7", "0", "0", "2", "0", "0"]
    );

    let rows = sheet(&bytes, MANAGERS);
    assert_eq!(rows[4..].len(), 3 + 1, "three lines and the total");
    assert_eq!(text(&rows[6][0]), "未分配");
    assert_eq!(num(&rows[5][2]), 80000.0);

    let rows = sheet(&bytes, ALERTS);
    let data = &rows[4..];
    let lines = &c.alerts.as_ref().unwrap().lines;
    assert_eq!(data.len(), lines.len(), "all 25 alerts, not the page's 20");
    for (row, l) in data.iter().zip(lines) {
        assert_eq!(text(&row[0]), l.code);
        assert_eq!(text(&row[2]), l.phone);
        assert_eq!(num(&row[7]), l.value_at_risk);
        assert_eq!(num(&row[8]), 0.25);
        assert_eq!(text(&row[9]), l.reasons.join("；"));
    }
    assert_eq!(text(&data[0][5]), "新");
    assert_eq!(text(&data[1][6]), "未分配", "no owner");

    // Native charts over the sheets' own cells.
    let files = zip_files(&bytes);
    let charts: Vec<&String> = files
        .iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .map(|(_, x)| x)
        .collect();
    let has = |needle: &str| charts.iter().filter(|x| x.contains(needle)).count();
    // Line: three rates over the three rows of all customers (rows 5–7).
    assert_eq!(
        has("<c:lineChart>"),
        1 + 1,
        "the rate lines and the Pareto curve"
    );
    for col in ["G", "H", "I"] {
        assert_eq!(
            has(&format!("<c:f>流失与留存!${col}$5:${col}$7</c:f>")),
            1,
            "{col}"
        );
    }
    assert_eq!(has("<c:f>流失与留存!$A$5:$A$7</c:f>"), 1);
    // Stacked columns: one series per tier column B–F over two batches.
    assert_eq!(has("<c:grouping val=\"stacked\"/>"), 1);
    for col in ["B", "C", "D", "E", "F"] {
        assert_eq!(
            has(&format!("<c:f>等级变化!${col}$5:${col}$6</c:f>")),
            1,
            "{col}"
        );
    }
    assert!(
        charts.iter().any(|x| x.contains("6B3FA0")),
        "diamond's colour"
    );
    // Bars: revenue of three managers (not the total), value at risk of the first 10 alerts.
    assert_eq!(has("<c:f>客户经理!$C$5:$C$7</c:f>"), 1);
    assert_eq!(has("<c:f>流失预警!$H$5:$H$14</c:f>"), 1);
    assert_eq!(has("<c:f>流失预警!$B$5:$B$14</c:f>"), 1);
    // The cohort shares coloured by a three-colour scale; headers frozen.
    let sheet_xml = |name: &str| {
        let wbx = &files
            .iter()
            .find(|(n, _)| n == "xl/workbook.xml")
            .unwrap()
            .1;
        let at = wbx.find(&format!("name=\"{name}\"")).unwrap();
        let id = wbx[at..]
            .split("sheetId=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        files
            .iter()
            .find(|(n, _)| n == &format!("xl/worksheets/sheet{id}.xml"))
            .unwrap()
            .1
            .clone()
    };
    let cohorts = sheet_xml(COHORTS);
    assert!(cohorts.contains("<colorScale>"), "heat colours");
    assert!(cohorts.contains("sqref=\"C5:D7\""), "over the shares");
    for s in [RATES, COHORTS, BATCHES, MANAGERS, ALERTS] {
        assert!(sheet_xml(s).contains("topLeftCell=\"A5\""), "{s} frozen");
    }
}

#[test]
fn without_figures_the_sheets_are_there_and_say_so() {
    // No purchases: the periods and months are there, all empty (as the churn crate gives them).
    let mut r = base();
    let facts = churn_facts();
    add_churn(
        &mut r,
        ChurnFacts {
            retention: RetentionFigures {
                totals: facts
                    .retention
                    .periods
                    .iter()
                    .map(|p| RetentionRow {
                        period: p.key.clone(),
                        ..RetentionRow::default()
                    })
                    .collect(),
                by_tier: vec![],
                ..facts.retention.clone()
            },
            cohorts: Cohorts {
                rows: vec![cohort("2024-08", 0, &[0, 0]), cohort("2024-09", 0, &[0])],
                ..facts.cohorts.clone()
            },
            movement: TierMovement { batches: vec![] },
            managers: ManagerFigures {
                rows: vec![],
                ..facts.managers.clone()
            },
            alerts: None,
            ..facts
        },
    );
    let b = blocks(&r, 500.0);
    let eight = b
        .iter()
        .position(|x| x == &Block::Heading(HEADING.into()))
        .unwrap();
    assert_eq!(tables(&b[eight..]), vec![], "no table of empty figures");
    assert!(!b[eight..].iter().any(|x| matches!(x, Block::Charts(_))));
    assert!(b[eight..]
        .iter()
        .any(|x| matches!(x, Block::Paragraph(p) if p.contains("所列期间没有购买记录"))));
    let c = r.churn.as_ref().unwrap();
    assert_eq!(
        cohort_table(c, Fit::Whole).rows[0][2],
        tierdesk_report::content::Val::Empty,
        "an empty cohort has no share"
    );
    let bytes = render_xlsx(&r).unwrap();
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    for s in [RATES, COHORTS, BATCHES, MANAGERS, ALERTS] {
        assert!(wb.sheet_names().iter().any(|n| n == s), "{s}");
    }
    let rows = sheet(&bytes, ALERTS);
    assert!(text(&rows[1][0]).contains("尚未生成流失预警"));
    render_pdf(&r).unwrap();
}

#[test]
fn the_pdf_has_the_section() {
    let bytes = render_pdf(&report()).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let path = std::env::temp_dir().join(format!("tierdesk-churn-{}.pdf", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    let Ok(out) = out else {
        eprintln!("pdftotext is not installed: the PDF's text is not checked");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("流失与留存"), "{text}");
    assert!(text.contains("K001") && text.contains("K020"), "{text}");
    assert!(!text.contains("K021"));
    // The reasons wrap instead of being cut: the end of the second reason is there.
    assert_eq!(text.matches("下降 42.0%").count(), 20, "{text}");
}
