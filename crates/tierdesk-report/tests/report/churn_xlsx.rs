//! The 流失与留存 sheets of the report workbook read back: every sheet,
//! value and row count as the facts give them, the native charts' series
//! over the sheets' own cells, the cohort colour scale and frozen headers;
//! and the sheets present (and saying so) without figures.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use tierdesk_churn::cohorts::Cohorts;
use tierdesk_churn::managers::ManagerFigures;
use tierdesk_churn::movement::TierMovement;
use tierdesk_churn::retention::{RetentionFigures, RetentionRow};
use tierdesk_report::churn_content::{
    cohort_table, Fit, ALERTS, BATCHES, COHORTS, HEADING, MANAGERS, RATES, TIERS,
};
use tierdesk_report::content::{blocks, Block};
use tierdesk_report::{add_churn, render_pdf, render_xlsx, ChurnFacts};

use crate::churn::{base, churn_facts, cohort, report, tables};

pub(crate) fn zip_files(bytes: &[u8]) -> Vec<(String, String)> {
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

pub(crate) fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

pub(crate) fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

pub(crate) fn text(d: &Data) -> String {
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
        assert_eq!(num(&row[6]), p.alive_at_start as f64);
        assert_eq!(num(&row[7]), p.churned_from_start as f64);
        match p.churn_rate {
            Some(v) => assert_eq!(num(&row[8]), v),
            None => assert_eq!(row[8], Data::Empty),
        }
        assert_eq!(num(&row[11]), 31.5);
        assert_eq!(num(&row[12]), 1234.0);
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
    assert!(
        text(&rows[1][0]).ends_with("从高到低列出前 25 条。"),
        "26 open, 25 listed: {:?}",
        rows[1][0]
    );
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
    for col in ["I", "J", "K"] {
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
