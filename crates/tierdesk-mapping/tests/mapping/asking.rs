//! Guesses that ask: the confidence of every proposed column, a template's
//! instruction rows, and columns of digits that stay text.

use tierdesk_domain::{Cell, FieldKind};
use tierdesk_mapping::*;

use crate::{n, row, t};

/// The first rows of a real template in `shared/data/templates`, as an
/// import reads them; `None` (said) when the folder is absent.
pub(crate) fn template_rows(name: &str) -> Option<Vec<Vec<Cell>>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/templates")
        .join(name);
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    }
    let mut book = tierdesk_sheets::open(&path).unwrap();
    let sheet = book.sheets()[0].name.clone();
    Some(book.preview(&sheet, 100).unwrap())
}

/// The target and confidence `header` gets in a customer sheet beside
/// `others`, written as `(target, sure)` with `None` for a custom field.
fn check(others: &[&str], header: &str, want: Option<CustomerField>, sure: bool) {
    let mut headers = vec!["客户名称"];
    headers.extend_from_slice(others);
    headers.push(header);
    let mut sample: Vec<&str> = headers.iter().map(|_| "1").collect();
    sample[0] = "张三";
    let m = guess_mapping(&[row(&headers), row(&sample)], None, &[]);
    let c = m.columns.last().unwrap();
    let got = match &c.target {
        Target::Customer(f) => Some(*f),
        _ => None,
    };
    assert_eq!(got, want, "{header} beside {others:?}");
    let want_confidence = if sure {
        Confidence::High
    } else {
        Confidence::Low
    };
    assert_eq!(c.confidence, want_confidence, "{header} beside {others:?}");
}

#[test]
fn every_guess_carries_a_confidence() {
    use CustomerField::*;
    let cases: &[(&[&str], &str, Option<CustomerField>, bool)] = &[
        (&[], "消费金额", Some(Spend), true),
        (&[], "累计消费金额", Some(Spend), true),
        (&[], "消费金额（万元）", Some(Spend), true),
        (&[], "营业额元", Some(Spend), false),
        (&[], "营业额", Some(Spend), false),
        (&[], "年收入", Some(Spend), false),
        (&[], "收入", Some(Spend), false),
        (&[], "资产", Some(Spend), false),
        (&[], "销售额", Some(Spend), false),
        (&[], "Revenue", Some(Spend), false),
        // 金额 in a sheet that is not about purchases is a guess …
        (&[], "金额", Some(Spend), false),
        (&["性别"], "金额", Some(Spend), false),
        // … and sure where the sheet counts purchases.
        (&["购买次数"], "金额", Some(Spend), true),
        (&["最近消费日期"], "金额", Some(Spend), true),
        (&[], "手机号码", Some(Phone), true),
        (&[], "联系电话", Some(Phone), true),
        (&[], "手机号码1", Some(Phone), true),
        (&[], "参会代表手机", Some(Phone), false),
        (&[], "银行卡号", Some(Code), false),
        (&[], "会员证书编号", Some(Code), false),
        (&[], "客户编号", Some(Code), true),
        (&[], "年消费金额合计", Some(Spend), true),
        (&[], "本年度累计消费金额合计", Some(Spend), false),
        // A column displaced by a better header keeps its values as a
        // custom field: nothing guessed.
        (&["消费金额"], "营业额", None, true),
        (&[], "注册资金万元", None, true),
    ];
    for (others, header, want, sure) in cases {
        check(others, header, *want, *sure);
    }
}

#[test]
fn order_sheet_amounts_are_sure() {
    let m = guess_mapping(
        &[
            row(&["订单编号", "客户名称", "下单日期", "金额"]),
            row(&["A1", "张三", "2024-01-02", "10"]),
        ],
        None,
        &[],
    );
    let amount = m.columns.iter().find(|c| c.header == "金额").unwrap();
    assert_eq!(amount.target, Target::Tx(TxField::Amount));
    assert_eq!(amount.confidence, Confidence::High);
}

#[test]
fn saved_mappings_without_confidence_read_as_confirmed() {
    let saved = r#"{"header_rows":[0],"data_start":1,"columns":[
        {"col":0,"header":"营业额","target":{"t":"customer","v":"spend"},"unit":null}]}"#;
    let m: Mapping = serde_json::from_str(saved).unwrap();
    assert_eq!(m.columns[0].confidence, Confidence::High);
}

#[test]
fn instruction_rows_are_notes() {
    let m = guess_mapping(
        &[
            row(&["会员证书编号", "单位名称", "邮编"]),
            row(&["", "厦门某某公司", "361000"]),
        ],
        None,
        &[],
    );
    for (r, want) in [
        (
            row(&["这是两个例子,上传时把不必要的内容清空,不填默认为空"]),
            RowKind::Note,
        ),
        (
            row(&["", "", "请按模板填写，不要改动表头。"]),
            RowKind::Note,
        ),
        (row(&["填写说明：红色列为必填"]), RowKind::Note),
        (row(&["温馨提示：请勿修改表头"]), RowKind::Note),
        (row(&["必填", "必填", "选填"]), RowKind::Note),
        (row(&["（必填）", "", "[选填]"]), RowKind::Note),
        // Data stays data: a name alone, a long name without sentence
        // marks, a sentence beside other values.
        (row(&["", "厦门协会宝网络科技有限公司"]), RowKind::Data),
        (
            row(&["", "北京某某科技有限公司，分公司", "100000"]),
            RowKind::Data,
        ),
        (row(&["必填", "厦门某某公司", "选填"]), RowKind::Data),
    ] {
        assert_eq!(row_kind(&r, &m), want, "{r:?}");
    }
}

/// The real WPS member template: 营业额元 is only proposed, the row under
/// the two examples is the template's instruction, 邮编 and QQ are text.
#[test]
fn the_wps_member_template() {
    let Some(rows) = template_rows("会员导入模板_WPS.xlsx") else {
        return;
    };
    let m = guess_mapping(&rows, None, &[]);
    let col = |h: &str| m.columns.iter().find(|c| c.header == h).unwrap();
    assert_eq!(
        col("营业额元").target,
        Target::Customer(CustomerField::Spend)
    );
    assert_eq!(col("营业额元").confidence, Confidence::Low);
    assert_eq!(col("单位名称").confidence, Confidence::High);
    let low: Vec<&str> = m
        .columns
        .iter()
        .filter(|c| c.confidence == Confidence::Low)
        .map(|c| c.header.as_str())
        .collect();
    assert_eq!(
        low,
        vec!["会员证书编号", "营业额元", "参会代表手机", "参会代表邮箱"]
    );
    for h in ["邮编", "参会代表QQ", "营业执照注册号", "委派联络员手机"] {
        assert!(
            matches!(
                col(h).target,
                Target::Custom {
                    kind: FieldKind::Text,
                    ..
                }
            ),
            "{h}: {:?}",
            col(h).target
        );
    }
    let kinds: Vec<RowKind> = rows[m.data_start..]
        .iter()
        .map(|r| row_kind(r, &m))
        .collect();
    assert_eq!(kinds[..3], [RowKind::Data, RowKind::Data, RowKind::Note]);
    // 邮编 361000 was stored as a number and keeps its six digits as text.
    let c = read_customer(1, &rows[1], &m, &ReadOptions::default()).unwrap();
    let key = match &col("邮编").target {
        Target::Custom { key, .. } => key.clone(),
        _ => unreachable!(),
    };
    assert_eq!(c.draft.fields[&key], serde_json::json!("361000"));
}

/// A number or text cell under a digit column: its digits as text, or a
/// warning that keeps the row and leaves the cell empty.
#[test]
fn digit_columns_are_text() {
    let cases: &[(&str, Cell, Option<&str>)] = &[
        ("邮编", t("012345"), Some("012345")),
        ("邮编", n(361000.0), Some("361000")),
        ("邮编", n(12345.0), None),
        ("QQ", n(123456789.0), Some("123456789")),
        ("QQ号", t("0123456"), Some("0123456")),
        ("传真", n(5925230081.0), Some("5925230081")),
        ("传真号码", t("0592-5230081"), Some("0592-5230081")),
        (
            "身份证号",
            t("11010119900307123X"),
            Some("11010119900307123X"),
        ),
        (
            "身份证号",
            t("110101199003071234"),
            Some("110101199003071234"),
        ),
        ("身份证号", n(110101199003071234.0), None),
        ("身份证号", n(110101900307123.0), Some("110101900307123")),
        (
            "银行账号",
            t("6222020200112233445"),
            Some("6222020200112233445"),
        ),
        ("银行账号", n(6222020200112233445.0), None),
        ("微信号", t("wx_0123"), Some("wx_0123")),
    ];
    for (header, cell, want) in cases {
        let headers = ["客户名称", header];
        let m = guess_mapping(&[row(&headers), vec![t("张三"), cell.clone()]], None, &[]);
        let (key, kind) = match &m.columns[1].target {
            Target::Custom { key, kind, .. } => (key.clone(), *kind),
            other => panic!("{header}: {other:?}"),
        };
        assert_eq!(kind, FieldKind::Text, "{header}");
        let c = read_customer(1, &[t("张三"), cell.clone()], &m, &ReadOptions::default())
            .unwrap_or_else(|p| panic!("{header} {cell:?}: refused {p:?}"));
        match want {
            Some(v) => {
                assert_eq!(c.draft.fields.get(&key), Some(&serde_json::json!(v)));
                assert!(c.warnings.is_empty(), "{header} {cell:?}");
            }
            None => {
                assert_eq!(c.draft.fields.get(&key), None, "{header} {cell:?}");
                assert_eq!(c.warnings.len(), 1, "{header} {cell:?}");
                assert!(c.warnings[0].message.contains("无法恢复"), "{header}");
            }
        }
    }
}

/// A code (会员卡号) stored as a number Excel already cut to 15 digits
/// refuses its row: matching by it would find someone else.
#[test]
fn a_card_number_that_lost_digits_refuses_its_row() {
    let m = guess_mapping(&[row(&["会员卡号", "客户名称"])], None, &[]);
    assert_eq!(m.columns[0].target, Target::Customer(CustomerField::Code));
    let opts = ReadOptions::default();
    let kept = read_customer(1, &[n(622202020011223.0), t("张三")], &m, &opts).unwrap();
    assert_eq!(kept.draft.code.as_deref(), Some("622202020011223"));
    let text = read_customer(1, &[t("6222020200112233445"), t("张三")], &m, &opts).unwrap();
    assert_eq!(text.draft.code.as_deref(), Some("6222020200112233445"));
    let refused = read_customer(1, &[n(6222020200112233445.0), t("张三")], &m, &opts).unwrap_err();
    assert_eq!(refused.len(), 1);
    assert_eq!((refused[0].col, refused[0].row_kept), (0, false));
    assert!(
        refused[0].message.contains("15 位"),
        "{}",
        refused[0].message
    );
}
