//! Header detection, synonyms and every value form, as tables of cases.
//!
//! (Over 600 lines: the tables of cases are the bulk; code is a few loops.)

use chrono::NaiveDate;
use tierdesk_domain::{Cell, FieldKind, TierLabel, TxKind};
use tierdesk_mapping::values::*;
use tierdesk_mapping::*;

mod asking;
mod messages;

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}
fn n(v: f64) -> Cell {
    Cell::Number(v)
}
fn row(cells: &[&str]) -> Vec<Cell> {
    cells
        .iter()
        .map(|s| if s.is_empty() { Cell::Empty } else { t(s) })
        .collect()
}

#[test]
fn money() {
    let check = |cell: Cell, unit: Option<Unit>, want: Result<f64, &str>| {
        let got = read_money(&cell, unit);
        match want {
            Ok(v) => assert_eq!(got, Ok(v), "{cell:?}"),
            Err(part) => assert!(
                got.as_ref().is_err_and(|m| m.zh().contains(part)),
                "{cell:?} → {got:?}"
            ),
        }
    };
    check(t("¥10,000"), None, Ok(10000.0));
    check(t("￥10,000"), None, Ok(10000.0));
    check(t("10,000元"), None, Ok(10000.0));
    check(t("1.2万"), None, Ok(12000.0));
    check(t("3.5万元"), None, Ok(35000.0));
    check(t("（1,000）"), None, Ok(-1000.0));
    check(t("(1,000)"), None, Ok(-1000.0));
    check(t("１２３４"), None, Ok(1234.0));
    check(t("1.2"), Some(Unit::Wan), Ok(12000.0));
    check(n(50.0), Some(Unit::Wan), Ok(500000.0));
    check(t("2万"), Some(Unit::Wan), Ok(20000.0));
    check(n(99.5), None, Ok(99.5));
    check(t("十万"), None, Err("不是金额：'十万'"));
    check(t("约1万"), None, Err("不是金额"));
}

#[test]
fn counts_durations_scores() {
    for (cell, want, converted) in [
        (t("5次/年"), 5.0, false),
        (t("10次"), 10.0, false),
        (t("每月2次"), 24.0, true),
        (t("每季度1次"), 4.0, true),
        (t("每周1次"), 52.0, true),
        (n(12.0), 12.0, false),
    ] {
        assert_eq!(
            read_count_per_year(&cell),
            Ok((want, converted)),
            "{cell:?}"
        );
    }
    assert!(read_count_per_year(&t("经常")).is_err_and(|m| m.zh().contains("不是购买次数")));
    for (cell, want) in [
        (t("2年"), 2.0),
        (t("3年6个月"), 3.5),
        (t("18个月"), 1.5),
        (t("半年"), 0.5),
        (t("1年半"), 1.5),
        (n(4.0), 4.0),
    ] {
        assert_eq!(read_years(&cell), Ok(want), "{cell:?}");
    }
    assert!(read_years(&t("很久")).is_err());
    for (cell, want) in [
        (t("3分"), 3.0),
        (t("4.5"), 4.5),
        (t("★★★"), 3.0),
        (t("★★★☆☆"), 3.0),
        (n(5.0), 5.0),
    ] {
        assert_eq!(read_score(&cell), Ok(want), "{cell:?}");
    }
    assert!(read_score(&t("好")).is_err());
}

#[test]
fn dates() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    for (cell, want) in [
        (t("2023-03-01"), d(2023, 3, 1)),
        (t("2023/3/1"), d(2023, 3, 1)),
        (t("2023.3.1"), d(2023, 3, 1)),
        (t("2023年3月1日"), d(2023, 3, 1)),
        (t("2023年5月"), d(2023, 5, 1)),
        (t("20230301"), d(2023, 3, 1)),
        (n(20230301.0), d(2023, 3, 1)),
        (n(44986.0), d(2023, 3, 1)),
        (n(1.0), d(1900, 1, 1)),
        (n(61.0), d(1900, 3, 1)),
        (t("2010-12-01 08:26:00"), d(2010, 12, 1)),
    ] {
        assert_eq!(read_date(&cell, false), Ok(want), "{cell:?}");
    }
    // The same day in the 1904 system is 1,462 days less.
    assert_eq!(read_date(&n(43524.0), true), Ok(d(2023, 3, 1)));
    assert!(read_date(&t("下周"), false).is_err_and(|m| m.zh().contains("不是日期：'下周'")));
    assert!(
        read_date(&n(60.0), false).is_err(),
        "1900-02-29 never existed"
    );
    let dt = read_datetime(&t("2010-12-01 08:26:00"), false).unwrap();
    assert_eq!(dt.format("%H:%M").to_string(), "08:26");
}

/// A four-tier scheme, diamond down to regular, as calibration sees it.
fn four_tiers() -> Vec<TierLabel> {
    [
        ("diamond", "钻石", 4),
        ("gold", "金牌", 3),
        ("silver", "银牌", 2),
        ("regular", "普通", 1),
    ]
    .iter()
    .map(|(k, n, s)| TierLabel {
        key: k.to_string(),
        name: n.to_string(),
        color: String::new(),
        stars: *s,
    })
    .collect()
}

#[test]
fn phones_codes_tiers() {
    for (cell, want) in [
        (n(13812345678.0), "13812345678"),
        (n(1.3812345678e10), "13812345678"),
        (t("+86 138-1234-5678"), "13812345678"),
        (t("010-12345678"), "010-12345678"),
        (t("(0755)12345678"), "0755-12345678"),
    ] {
        assert_eq!(read_phone(&cell).as_deref(), Ok(want), "{cell:?}");
    }
    assert!(read_phone(&t("12345")).is_err_and(|m| m.zh().contains("12345")));
    assert_eq!(read_code(&n(17850.0)), "17850");
    assert_eq!(read_code(&t("17850.0")), "17850");
    assert_eq!(read_code(&n(1.0e10)), "10000000000");
    assert_eq!(read_code(&t(" A-001 ")), "A-001");
    let tiers = four_tiers();
    for (text, want) in [
        ("钻石", "diamond"),
        ("gold", "gold"),
        ("金牌客户", "gold"),
        ("★★★", "gold"),
        ("三星", "gold"),
        ("2星", "silver"),
        ("A", "diamond"),
        ("D", "regular"),
        ("VIP", "VIP"),
        ("黑卡", "黑卡"),
    ] {
        assert_eq!(read_tier(&t(text), &tiers), want, "{text}");
    }
}

fn targets(m: &Mapping) -> Vec<(String, Target)> {
    m.columns
        .iter()
        .map(|c| (c.header.clone(), c.target.clone()))
        .collect()
}

#[test]
fn header_after_a_title_banner_with_units_and_synonyms() {
    let rows = vec![
        row(&["星级客户管理表"]),
        vec![],
        row(&[
            "序号",
            "客户姓名",
            "手机号",
            "累计消费(万元)",
            "消费次数",
            "合作年限",
            "影响力",
            "客户等级",
            "满意度",
        ]),
        vec![
            n(1.0),
            t("张三"),
            n(13812345678.0),
            t("1.2"),
            t("10次"),
            t("2年"),
            n(4.0),
            t("金牌"),
            n(4.5),
        ],
    ];
    let m = guess_mapping(&rows, None, &[]);
    assert_eq!(m.header_rows, vec![2]);
    assert_eq!(m.data_start, 3);
    let got = targets(&m);
    use CustomerField::*;
    let want = [
        Target::Ignore,
        Target::Customer(Name),
        Target::Customer(Phone),
        Target::Customer(Spend),
        Target::Customer(Frequency),
        Target::Customer(TenureYears),
        Target::Customer(Influence),
        Target::Customer(Tier),
    ];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(&got[i].1, w, "{}", got[i].0);
    }
    assert_eq!(
        got[8].1,
        Target::Custom {
            key: "manyidu".into(),
            label: "满意度".into(),
            kind: FieldKind::Number
        }
    );
    assert_eq!(m.columns[3].unit, Some(Unit::Wan));
}

#[test]
fn synonyms_table() {
    use CustomerField::*;
    let check = |header: &str, want: Target| {
        let m = guess_mapping(
            &[row(&["客户名称", header]), row(&["甲", "1"])],
            Some(TableKind::Customers),
            &[],
        );
        assert_eq!(m.columns[1].target, want, "{header}");
    };
    for (h, f) in [
        ("联系电话", Phone),
        ("手机", Phone),
        ("电话", Phone),
        ("Phone", Phone),
        ("消费金额", Spend),
        ("年消费额", Spend),
        ("销售额", Spend),
        ("金额(元)", Spend),
        ("消费金额（万元）", Spend),
        ("购买频次", Frequency),
        ("购买次数", Frequency),
        ("使用年限", TenureYears),
        ("客户年限", TenureYears),
        ("当前等级", Tier),
        ("会员等级", Tier),
        ("星级", Tier),
        ("客户编号", Code),
        ("CustomerID", Code),
        ("上次评级日期", LastRatedOn),
        ("下次评级日期", NextRatingOn),
        ("生日", BirthDate),
        ("电子邮件", Email),
        ("业务员", Manager),
        ("注册日期", RegisteredOn),
        ("Ｅｍａｉｌ", Email),
        (" 手 机 号 ", Phone),
    ] {
        check(h, Target::Customer(f));
    }
    let m = guess_mapping(
        &[row(&["Customer Name", "Spend"]), row(&["A", "1"])],
        None,
        &[],
    );
    assert_eq!(m.columns[0].target, Target::Customer(Name));
}

#[test]
fn two_row_header() {
    let rows = vec![
        row(&["客户名称", "消费", "", "联系方式"]),
        row(&["", "金额", "次数", ""]),
        vec![t("张三"), n(100.0), n(3.0), t("13812345678")],
    ];
    let m = guess_mapping(&rows, None, &[]);
    assert_eq!(m.header_rows, vec![0, 1]);
    assert_eq!(m.data_start, 2);
    let got = targets(&m);
    assert_eq!(got[0].1, Target::Customer(CustomerField::Name));
    assert_eq!(got[1].0, "金额");
    assert_eq!(got[1].1, Target::Customer(CustomerField::Spend));
    assert_eq!(got[2].0, "消费次数");
    assert_eq!(got[2].1, Target::Customer(CustomerField::Frequency));
    assert_eq!(got[3].1, Target::Customer(CustomerField::Phone));
}

#[test]
fn order_sheets() {
    let uci = row(&[
        "InvoiceNo",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "UnitPrice",
        "CustomerID",
        "Country",
    ]);
    let line = row(&[
        "536365",
        "85123A",
        "WHITE HANGING HEART T-LIGHT HOLDER",
        "6",
        "2010-12-01 08:26:00",
        "2.55",
        "17850.0",
        "United Kingdom",
    ]);
    let m = guess_mapping(&[uci.clone(), line.clone()], None, &[]);
    use TxField::*;
    let got: Vec<Target> = m.columns.iter().map(|c| c.target.clone()).collect();
    assert_eq!(
        got,
        vec![
            Target::Tx(OrderNo),
            Target::Tx(ProductCode),
            Target::Tx(Product),
            Target::Tx(Quantity),
            Target::Tx(OccurredAt),
            Target::Tx(UnitPrice),
            Target::Tx(CustomerCode),
            Target::Ignore
        ]
    );
    let opts = ReadOptions::default();
    let tx = read_transaction(1, &line, &m, &opts).unwrap();
    assert_eq!(tx.customer_code.as_deref(), Some("17850"));
    assert_eq!(tx.amount, 15.3);
    assert_eq!(tx.kind, TxKind::Purchase);
    assert_eq!(
        tx.product.as_deref(),
        Some("85123A WHITE HANGING HEART T-LIGHT HOLDER")
    );
    let cancel = row(&[
        "C536379",
        "D",
        "Discount",
        "-1",
        "2010-12-01 09:41:00",
        "27.5",
        "14527.0",
        "United Kingdom",
    ]);
    assert_eq!(
        read_transaction(2, &cancel, &m, &opts).unwrap().kind,
        TxKind::Cancellation
    );
    let ret = row(&[
        "536380",
        "22",
        "Mug",
        "-2",
        "2010-12-01 09:41:00",
        "1",
        "14527.0",
        "UK",
    ]);
    assert_eq!(
        read_transaction(3, &ret, &m, &opts).unwrap().kind,
        TxKind::Return
    );
    let nobody = row(&[
        "536381",
        "22",
        "Mug",
        "2",
        "2010-12-01 09:41:00",
        "1",
        "",
        "UK",
    ]);
    let p = read_transaction(4, &nobody, &m, &opts).unwrap_err();
    assert!(p[0].message.contains("没有客户编号也没有客户名称"), "{p:?}");

    let cn = row(&[
        "订单编号",
        "客户ID",
        "客户名称",
        "客户编号",
        "客户省份",
        "下单日期",
        "产品名称",
        "数量",
        "单价",
        "金额",
    ]);
    let m = guess_mapping(
        &[
            cn,
            row(&[
                "SO1",
                "11000",
                "广东自行车有限公司",
                "10-4020-000018",
                "广东",
                "2015-01-01",
                "山地车",
                "1",
                "3399.99",
                "3399.99",
            ]),
        ],
        None,
        &[],
    );
    let got: Vec<(String, Target)> = targets(&m);
    assert_eq!(got[0].1, Target::Tx(OrderNo));
    assert_eq!(got[2].1, Target::Tx(CustomerName));
    assert_eq!(
        got[3].1,
        Target::Tx(CustomerCode),
        "客户编号 is the better code column"
    );
    assert_eq!(got[1].1, Target::Ignore);
    assert_eq!(got[9].1, Target::Tx(Amount));
}

#[test]
fn row_kinds() {
    let m = guess_mapping(
        &[row(&["客户名称", "消费金额"]), row(&["张三", "1"])],
        None,
        &[],
    );
    for (r, want) in [
        (row(&["合计", "", "100"]), RowKind::Total),
        (row(&["总 计：", "100"]), RowKind::Total),
        (row(&["小计", "100"]), RowKind::Total),
        (row(&["备注：金额单位为万元"]), RowKind::Note),
        (row(&["客户名称", "消费金额"]), RowKind::RepeatedHeader),
        (row(&["", ""]), RowKind::Blank),
        (row(&["合计科技有限公司", "100"]), RowKind::Data),
        (row(&["备注", "100"]), RowKind::Data),
        (row(&[" 合 计 ", "100"]), RowKind::Total),
        (row(&["合\u{3000}计", "100"]), RowKind::Total),
        (row(&["合计：", "", "100"]), RowKind::Total),
        (row(&["ＴＯＴＡＬ", "100"]), RowKind::Total),
        (row(&["Total:", "100"]), RowKind::Total),
        (row(&["", "", "总计", "100"]), RowKind::Total),
        (row(&["1", "2", "3", "合计"]), RowKind::Data),
        (row(&["合计金额", "100"]), RowKind::Data),
        (row(&["totals", "100"]), RowKind::Data),
        (row(&["说明：金额为含税价"]), RowKind::Note),
        (row(&["注：单位万元", "见附表"]), RowKind::Note),
        (row(&["\u{3000}制表人：张三"]), RowKind::Note),
        (row(&["注：一", "1", "2"]), RowKind::Data),
        (row(&["注：", ""]), RowKind::Data),
        (row(&[" 客户名称 ", "消费金额 "]), RowKind::RepeatedHeader),
        (row(&["客户名称", "1"]), RowKind::Data),
    ] {
        assert_eq!(row_kind(&r, &m), want, "{r:?}");
    }
}

#[test]
fn a_customer_row_reads_whole_or_reports_every_problem() {
    let rows = vec![
        row(&[
            "客户名称",
            "联系方式",
            "消费金额",
            "购买频次",
            "性别",
            "标签",
        ]),
        row(&[
            "张三",
            "13812345678",
            "¥10,000",
            "每月2次",
            "男",
            "老客户、批发",
        ]),
        row(&["", "12345", "十万", "5次", "x", ""]),
    ];
    let m = guess_mapping(&rows, None, &[]);
    let opts = ReadOptions::default();
    let ok = read_customer(1, &rows[1], &m, &opts).unwrap();
    assert_eq!(ok.draft.spend, Some(10000.0));
    assert_eq!(ok.draft.frequency, Some(24.0));
    assert_eq!(ok.draft.tags, vec!["老客户", "批发"]);
    assert_eq!(
        ok.originals,
        vec![(CustomerField::Frequency, "每月2次".to_string())]
    );
    let bad = read_customer(2, &rows[2], &m, &opts).unwrap_err();
    let msgs: Vec<String> = bad
        .iter()
        .map(|p| format!("{}:{}", p.col, p.message))
        .collect();
    assert_eq!(bad.len(), 4, "{msgs:?}");
    assert!(bad.iter().any(|p| p.col == 1 && p.value == "12345"));
    assert!(bad.iter().any(|p| p.col == 2 && p.message.contains("十万")));
    assert!(bad.iter().any(|p| p.message == "客户名称为空"));
}

#[test]
fn keys_and_signatures() {
    assert_eq!(field_key("满意度"), "manyidu");
    assert_eq!(field_key("Customer Score"), "customer_score");
    assert_eq!(field_key("2024得分"), "f_2024defen");
    assert_eq!(
        header_signature(&["客户名称 ".into(), "金额（万元）".into()]),
        header_signature(&["客户名称".into(), "金额(万元)".into()])
    );
    assert_ne!(
        header_signature(&["客户名称".into(), "金额（万元）".into()]),
        header_signature(&["客户名称".into(), "金额".into()])
    );
}

#[test]
fn a_displaced_column_keeps_the_kind_of_its_own_data() {
    // Column B has neither header nor data, so it has no entry in
    // `columns`: the 消费额 column (C) is the second entry but the third
    // column. 消费金额 (D) is the better spend header and displaces it.
    // (A displaced 手机 would be text whatever its data: see
    // `digit_columns_are_text`.)
    let rows = vec![
        row(&["客户名称", "", "消费额", "消费金额"]),
        row(&["张三", "", "1200", "3000"]),
        row(&["李四", "", "1300", "4000"]),
    ];
    let m = guess_mapping(&rows, None, &[]);
    let cols: Vec<usize> = m.columns.iter().map(|c| c.col).collect();
    assert_eq!(cols, vec![0, 2, 3]);
    assert_eq!(m.columns[2].target, Target::Customer(CustomerField::Spend));
    assert_eq!(
        m.columns[1].target,
        Target::Custom {
            key: "xiaofeie".into(),
            label: "消费额".into(),
            kind: FieldKind::Number
        }
    );
}

#[test]
fn a_huge_cell_is_no_header() {
    // A one-line file of 10 MB: its cell ends in a header word, which a
    // bounded look at the cell must not see.
    let huge = format!("{}消费金额", "x".repeat(10_000_000));
    let rows = vec![
        vec![t(&huge), t("客户名称"), t("联系电话")],
        vec![n(1.0), t("张三"), t("13812345678")],
    ];
    let m = guess_mapping(&rows, None, &[]);
    assert_eq!(m.header_rows, vec![0]);
    assert_eq!(m.data_start, 1);
    let got = targets(&m);
    assert_eq!(
        got.len(),
        3,
        "{:?}",
        m.columns.iter().map(|c| c.col).collect::<Vec<_>>()
    );
    assert_eq!(got[0].0, "（A列）");
    assert!(
        matches!(
            &got[0].1,
            Target::Custom {
                kind: FieldKind::Number,
                ..
            }
        ),
        "{:?}",
        got[0].1
    );
    assert_eq!(got[1].1, Target::Customer(CustomerField::Name));
    assert_eq!(got[2].1, Target::Customer(CustomerField::Phone));
    // The whole file as one header row and nothing under it.
    let m = guess_mapping(&[vec![t(&huge)]], None, &[]);
    assert!(m.columns.is_empty(), "{:?}", m.columns.len());
    assert_eq!(m.data_start, 1);
    // A header of 200 characters is still read, one longer is not.
    let long = format!("{}消费金额", "备".repeat(196));
    let longer = format!("备{long}");
    let m = guess_mapping(
        &[
            vec![t("客户名称"), t(&long), t(&longer)],
            vec![t("张三"), n(1.0), n(2.0)],
        ],
        Some(TableKind::Customers),
        &[],
    );
    assert_eq!(m.columns[1].target, Target::Customer(CustomerField::Spend));
    assert_eq!(m.columns[2].header, "（C列）");
}

#[test]
fn phones_in_every_form_are_read() {
    for (cell, want) in [
        (n(44445555.0), Ok("44445555")),
        (n(4444433.0), Ok("4444433")),
        (n(4001234567.0), Ok("400-123-4567")),
        (n(85291234567.0), Ok("+852 91234567")),
        (t("0755-1234567"), Ok("0755-1234567")),
        (t("010-12345678 转 123"), Ok("010-12345678转123")),
        (t("010-12345678-123"), Ok("010-12345678转123")),
        (t("+853 6234 5678"), Ok("+853 62345678")),
        (t("0912-345-678"), Ok("+886 912345678")),
        (n(555555555.0), Err("555555555")),
        (t("无"), Err("'无'")),
    ] {
        let got = read_phone(&cell);
        match want {
            Ok(w) => assert_eq!(got.as_deref(), Ok(w), "{cell:?}"),
            Err(part) => assert!(
                got.as_ref().is_err_and(|m| m.zh().contains(part)),
                "{cell:?} → {got:?}"
            ),
        }
    }
}

#[test]
fn a_wrong_phone_keeps_the_row_and_reports_the_cell() {
    let rows = vec![
        row(&["客户名称", "联系电话", "消费金额"]),
        row(&["张三", "请联系前台", "100"]),
        row(&["", "12345", "100"]),
    ];
    let m = guess_mapping(&rows, None, &[]);
    let opts = ReadOptions::default();
    let kept = read_customer(1, &rows[1], &m, &opts).unwrap();
    assert_eq!(kept.draft.name, "张三");
    assert_eq!(kept.draft.phone, None);
    assert_eq!(kept.draft.spend, Some(100.0));
    assert_eq!(kept.warnings.len(), 1, "{:?}", kept.warnings);
    let w = &kept.warnings[0];
    assert_eq!(
        (w.row, w.col, w.header.as_str(), w.value.as_str()),
        (1, 1, "联系电话", "请联系前台")
    );
    assert!(w.row_kept);
    assert!(
        w.message.contains("不是有效的电话号码：'请联系前台'"),
        "{}",
        w.message
    );
    assert!(w.message.contains("本行其余内容照常导入"), "{}", w.message);
    // A row refused for another reason lists its phone too, as refused.
    let refused = read_customer(2, &rows[2], &m, &opts).unwrap_err();
    let got: Vec<(usize, bool)> = refused.iter().map(|p| (p.col, p.row_kept)).collect();
    assert_eq!(got, vec![(1, false), (0, false)], "{refused:?}");
}

/// The real member sheet (ID 姓名 电话 积分 余额 备注, phones stored as
/// numbers, most of them too short or too long to be phones).
#[test]
fn the_member_sheet_keeps_every_row() {
    let Some(rows) = asking::template_rows("会员信息.xlsx") else {
        return;
    };
    let m = guess_mapping(&rows, None, &[]);
    assert_eq!(m.data_start, 1);
    let phone_col = m
        .columns
        .iter()
        .find(|c| c.target == Target::Customer(CustomerField::Phone))
        .map(|c| c.col);
    assert_eq!(phone_col, Some(2));
    let opts = ReadOptions::default();
    let (mut kept, mut phones, mut warned) = (Vec::new(), Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate().skip(m.data_start) {
        let c = read_customer(i, r, &m, &opts).unwrap_or_else(|p| panic!("row {}: {p:?}", i + 1));
        kept.push(i + 1);
        if let Some(p) = &c.draft.phone {
            phones.push((i + 1, p.clone()));
        }
        warned.extend(
            c.warnings
                .iter()
                .map(|w| (w.row + 1, w.col, w.value.clone())),
        );
    }
    assert_eq!(kept, (2..=14).collect::<Vec<_>>(), "13 rows, none refused");
    assert_eq!(
        phones,
        vec![
            (3, "44445555".to_string()),
            (4, "11111111".to_string()),
            (5, "4444433".to_string()),
            (9, "1111222".to_string()),
        ]
    );
    // 积分 12.5 on row 13 is no whole number of points: left out, row kept.
    let (points, warned): (Vec<_>, Vec<_>) = warned.into_iter().partition(|w| w.1 == 3);
    assert_eq!(points, vec![(13, 3, "12.5".to_string())]);
    let warned_rows: Vec<usize> = warned.iter().map(|w| w.0).collect();
    assert_eq!(warned_rows, vec![2, 6, 7, 8, 10, 11, 12, 13, 14]);
    assert!(warned.iter().all(|w| w.1 == 2));
    assert_eq!(warned[0].2, "12345678901");
}

/// 当前等级 is read by the same rules as calibration: what names a tier
/// becomes its key, a word that is only a guess (VIP in a scheme without
/// one) stays as the sheet wrote it.
#[test]
fn tier_words_read_as_calibration_reads_them() {
    let tiers = four_tiers();
    for (cell, want) in [
        (t("黄金会员"), "gold"),
        (t("两星"), "silver"),
        (t("金牌客户"), "gold"),
        (t(" ＧＯＬＤ "), "gold"),
        (t("银卡"), "silver"),
        (t("钻石级VIP"), "diamond"),
        (t("VIP"), "VIP"),
        (t(" 至尊 "), "至尊"),
        (t("重点关注"), "重点关注"),
        (n(3.0), "3"),
    ] {
        assert_eq!(read_tier(&cell, &tiers), want, "{cell:?}");
    }
}
