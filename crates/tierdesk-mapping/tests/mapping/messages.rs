//! Every problem the readers write carries its message: a table of bad
//! cells, each with the key and parameters it must give, the row's fate,
//! and the Chinese `message` equal to the message rendered (the CLI's and
//! the error workbook's text).

use std::collections::BTreeMap;

use tierdesk_domain::{Cell, Msg};
use tierdesk_mapping::survey::{guess_survey_mapping, read_survey_row};
use tierdesk_mapping::*;

use crate::{n, row, t};

/// The parameters as a sorted list, for comparing with a table.
fn params(m: &Msg) -> Vec<(&str, &str)> {
    m.params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// A bad cell: its header, the cell, the key and parameters it gives, and
/// whether its row is kept.
type CellCase<'a> = (&'a str, Cell, &'a str, Vec<(&'a str, &'a str)>, bool);

/// A problem's message is its `message`, in Chinese.
fn check_chinese(p: &Problem) {
    assert_eq!(p.message, Problem::chinese(&p.msg, &p.more), "{p:?}");
    assert!(
        !p.msg.zh().contains('{'),
        "a hole left open: {}",
        p.msg.zh()
    );
}

#[test]
fn every_bad_customer_cell_gives_its_key_and_params() {
    // (header, cell, key, params, row kept)
    let cases: Vec<CellCase> = vec![
        (
            "消费金额",
            t("十万"),
            "value.money_hint",
            vec![("value", "十万")],
            false,
        ),
        (
            "消费金额",
            Cell::Bool(true),
            "value.money",
            vec![("value", "TRUE")],
            false,
        ),
        (
            "购买频次",
            t("经常"),
            "value.count",
            vec![("value", "经常")],
            false,
        ),
        (
            "使用年限",
            t("很久"),
            "value.years",
            vec![("value", "很久")],
            false,
        ),
        (
            "影响力评分",
            t("高"),
            "value.score",
            vec![("value", "高")],
            false,
        ),
        (
            "上次评级日期",
            t("下周"),
            "value.date",
            vec![("value", "下周")],
            false,
        ),
        (
            "性别",
            t("未知"),
            "value.gender",
            vec![("value", "未知")],
            false,
        ),
        (
            "联系方式",
            t("请联系前台"),
            "value.phone",
            vec![("value", "请联系前台")],
            true,
        ),
        (
            "积分",
            t("约500"),
            "value.points_not_number",
            vec![("value", "约500")],
            true,
        ),
        (
            "积分",
            t("-3"),
            "value.points_negative",
            vec![("value", "-3")],
            true,
        ),
        (
            "积分",
            t("1.5"),
            "value.points_fraction",
            vec![("value", "1.5")],
            true,
        ),
        (
            "积分",
            t("100000001"),
            "value.points_too_many",
            vec![("max", "100,000,000"), ("value", "100000001")],
            true,
        ),
        (
            "身份证号",
            n(110101199003070000.0),
            "value.digits_lost",
            vec![("number", "110101199003070000")],
            true,
        ),
        (
            "邮编",
            n(10000.0),
            "value.postcode_zero",
            vec![("number", "10000")],
            true,
        ),
    ];
    let opts = ReadOptions {
        tiers: vec![],
        date_1904: false,
    };
    let mut seen = Vec::new();
    for (header, cell, key, want, kept) in &cases {
        let head = row(&["客户名称", header]);
        let data = vec![t("张三"), cell.clone()];
        let m = guess_mapping(&[head, data.clone()], None, &[]);
        let problems = match read_customer(1, &data, &m, &opts) {
            Ok(r) => {
                assert!(*kept, "{header}: the row was kept");
                r.warnings
            }
            Err(ps) => {
                assert!(!*kept, "{header}: the row was refused: {ps:?}");
                ps
            }
        };
        assert_eq!(problems.len(), 1, "{header}: {problems:?}");
        let p = &problems[0];
        assert_eq!((p.msg.key.as_str(), p.row_kept), (*key, *kept), "{header}");
        assert_eq!(params(&p.msg), *want, "{header}");
        assert_eq!((p.col, p.header.as_str()), (1, *header));
        // A kept row says so after the reason, naming the column left empty.
        let then: Vec<(&str, Vec<(&str, &str)>)> =
            p.more.iter().map(|m| (m.key.as_str(), params(m))).collect();
        let want_then = if *kept {
            vec![("import.row_kept", vec![("header", *header)])]
        } else {
            vec![]
        };
        assert_eq!(then, want_then, "{header}");
        check_chinese(p);
        seen.push(p.msg.key.clone());
    }
    assert_eq!(seen.len(), cases.len());
    // The same reading as before the messages: the CLI prints this text.
    let head = row(&["客户名称", "联系方式"]);
    let data = row(&["张三", "12345"]);
    let m = guess_mapping(&[head, data.clone()], None, &[]);
    let kept = read_customer(1, &data, &m, &opts).unwrap();
    assert_eq!(
        kept.warnings[0].message,
        "不是有效的电话号码：'12345'（手机号如 13812345678，座机如 010-12345678、\
         0755-1234567 转 123，本地号码如 12345678，或 400-123-4567、+852 91234567）；\
         本行其余内容照常导入，「联系方式」留空"
    );
}

#[test]
fn a_row_without_a_name_and_a_refused_row_keep_their_reasons_alone() {
    let head = row(&["客户名称", "联系方式", "消费金额"]);
    let data = row(&["", "12345", "十万"]);
    let m = guess_mapping(&[head, data.clone()], None, &[]);
    let ps = read_customer(1, &data, &m, &ReadOptions::default()).unwrap_err();
    let got: Vec<(&str, bool, usize)> = ps
        .iter()
        .map(|p| (p.msg.key.as_str(), p.row_kept, p.more.len()))
        .collect();
    // The phone is refused with its row: no "the rest is imported".
    assert_eq!(
        got,
        vec![
            ("value.phone", false, 0),
            ("value.money_hint", false, 0),
            ("import.name_missing", false, 0),
        ]
    );
    ps.iter().for_each(check_chinese);
    assert_eq!(ps[2].message, "客户名称为空");
}

#[test]
fn every_bad_order_line_gives_its_key() {
    let head = row(&[
        "订单编号",
        "客户编号",
        "客户名称",
        "下单日期",
        "数量",
        "单价",
        "金额",
    ]);
    // (cells, keys of the problems in order)
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["", "C1", "", "2024-01-02", "1", "", "10"],
            vec!["import.order_missing"],
        ),
        (
            vec!["A1", "C1", "", "", "1", "", "10"],
            vec!["import.date_missing"],
        ),
        (
            vec!["A1", "C1", "", "昨天", "1", "", "10"],
            vec!["value.date"],
        ),
        (
            vec!["A1", "", "", "2024-01-02", "1", "", "10"],
            vec!["import.no_customer"],
        ),
        (
            vec!["A1", "C1", "", "2024-01-02", "1", "", ""],
            vec!["import.no_amount"],
        ),
        (
            vec!["A1", "C1", "", "2024-01-02", "几个", "", "10"],
            vec!["value.number"],
        ),
        (
            vec!["A1", "C1", "", "2024-01-02", "1", "便宜", "10"],
            vec!["value.money_hint"],
        ),
        (
            vec!["A1", "C1", "", "2024-01-02", "1", "", "很多"],
            vec!["value.money_hint"],
        ),
    ];
    let m = guess_mapping(&[head.clone(), row(&cases[0].0)], None, &[]);
    for (cells, keys) in &cases {
        let data = row(cells);
        let ps = read_transaction(1, &data, &m, &ReadOptions::default()).unwrap_err();
        let got: Vec<&str> = ps.iter().map(|p| p.msg.key.as_str()).collect();
        assert_eq!(got, *keys, "{cells:?}");
        ps.iter().for_each(check_chinese);
    }
}

#[test]
fn every_bad_survey_cell_gives_its_key() {
    let head = row(&["客户编号", "手机", "答卷日期", "推荐意愿", "满意度"]);
    // (cells, keys and whether the row is kept)
    let cases: Vec<(Vec<&str>, Vec<&str>, bool)> = vec![
        (
            vec!["C1", "", "2024-01-02", "11", ""],
            vec!["survey.nps_range"],
            false,
        ),
        (
            vec!["C1", "", "2024-01-02", "7.5", ""],
            vec!["survey.nps_fraction"],
            false,
        ),
        (
            vec!["C1", "", "2024-01-02", "很好", ""],
            vec!["survey.nps_not_whole"],
            false,
        ),
        (
            vec!["C1", "", "2024-01-02", "", "0"],
            vec!["survey.csat_range"],
            false,
        ),
        (
            vec!["C1", "", "2024-01-02", "", "4.5"],
            vec!["survey.csat_fraction"],
            false,
        ),
        (
            vec!["C1", "", "2024-01-02", "", "好"],
            vec!["survey.csat_not_whole"],
            false,
        ),
        (vec!["C1", "", "某天", "9", ""], vec!["value.date"], false),
        (
            vec!["", "", "2024-01-02", "9", ""],
            vec!["survey.no_customer"],
            false,
        ),
        (
            vec!["C1", "", "2024-01-02", "", ""],
            vec!["survey.no_score"],
            false,
        ),
        (
            vec!["C1", "12345", "2024-01-02", "9", ""],
            vec!["value.phone"],
            true,
        ),
    ];
    let m = guess_survey_mapping(&[head]);
    for (cells, keys, kept) in &cases {
        let data = row(cells);
        let ps = match read_survey_row(1, &data, &m, false) {
            Ok(r) => {
                assert!(*kept, "{cells:?}");
                r.warnings
            }
            Err(ps) => {
                assert!(!*kept, "{cells:?}");
                ps
            }
        };
        let got: Vec<&str> = ps.iter().map(|p| p.msg.key.as_str()).collect();
        assert_eq!(got, *keys, "{cells:?}");
        ps.iter().for_each(check_chinese);
    }
    // The range message names both ends and what the sheet says.
    let data = row(&["C1", "", "2024-01-02", "11", ""]);
    let p = &read_survey_row(1, &data, &m, false).unwrap_err()[0];
    let want: BTreeMap<String, String> = [("high", "10"), ("low", "0"), ("value", "11")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
    assert_eq!(p.msg.params, want);
    assert_eq!(p.message, "推荐意愿（NPS）应在 0 到 10 之间，填的是 11");
}
