//! The 流失与留存 section from hand-made facts: what `add_churn` does to the
//! report (masked phones, the old 流失风险 list replaced), the section's
//! blocks and HTML lines (counts) and the PDF's text. The workbook's sheets
//! are read back in `churn_xlsx.rs`; the facts built here serve both.

use tierdesk_churn::cohorts::{CohortRow, Cohorts};
use tierdesk_churn::managers::{ManagerFigures, ManagerRow};
use tierdesk_churn::movement::{BatchTierCount, BatchTiers, TierMovement};
use tierdesk_churn::retention::{Period, RetentionFigures, RetentionRow};
use tierdesk_domain::survey::PeriodKind;
use tierdesk_report::churn_content::{
    blocks as section_blocks, ALERTS, BATCHES, COHORTS, HEADING, MANAGERS, RATES, TIERS,
};
use tierdesk_report::content::{blocks, Block};
use tierdesk_report::{
    add_churn, build_report_from, render_html, render_pdf, render_xlsx, AlertFacts, AlertLine,
    ChurnFacts, TierReport,
};

use crate::churn_xlsx::{sheet, text};
use crate::{customer, figures::facts};

pub(crate) fn period(
    key: &str,
    tier: Option<&str>,
    active: u64,
    churn: Option<f64>,
) -> RetentionRow {
    RetentionRow {
        period: key.into(),
        tier: tier.map(str::to_owned),
        active,
        new: active / 4,
        returning: active - active / 4,
        churned: active / 10,
        // Distinct from every other cell, so a swapped column shows.
        alive_at_start: active - active / 4 + 3,
        churned_from_start: active / 20,
        churn_rate: churn,
        retention_rate: churn.map(|c| 1.0 - c),
        repeat_rate: Some(0.5),
        average_interval: Some(31.5),
        value_per_active: Some(1234.0),
        ..RetentionRow::default()
    }
}

pub(crate) fn quarter(key: &str, label: &str, start: &str, end: &str) -> Period {
    Period {
        key: key.into(),
        label: label.into(),
        start: crate::day(start),
        end: crate::day(end),
        partial: false,
    }
}

pub(crate) fn cohort(month: &str, size: u64, active: &[u64]) -> CohortRow {
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

pub(crate) fn batch(
    id: i64,
    period: &str,
    counts: &[(Option<&str>, u64)],
    up: u64,
    down: u64,
) -> BatchTiers {
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
        first: 0,
    }
}

pub(crate) fn manager(
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
pub(crate) fn base() -> TierReport {
    let mut c = customer(1, Some("diamond"), Some(500.0));
    c.last_contact_on = Some(crate::day("2023-06-01"));
    let r = build_report_from(facts(), vec![c]);
    assert_eq!(r.at_risk.len(), 1, "the fixed list has the customer");
    r
}

pub(crate) fn report() -> TierReport {
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

pub(crate) fn tables(b: &[Block]) -> Vec<(String, usize, usize)> {
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
            (RATES.into(), 3, 12),
            (TIERS.into(), 2, 12),
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
            "80",
            "5",
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
    assert_eq!(tiers.rows[1][7].display(), "", "no churn rate");
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
    assert_eq!(shape[0], (RATES.into(), 8, 12));
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
    assert_eq!(tables(&b)[0], (RATES.into(), 3, 12));
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
