//! The customer workbook's layout, read back with calamine: the template's
//! header row and an exported customer's row line up column by column.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use tierdesk_api::domain::{CustomerDraft, CustomerQuery, FieldDef, FieldKind, Gender};
use tierdesk_api::testing::each_api_with_dir;
use tierdesk_api::Api;
use tierdesk_mapping::CustomerField;

fn rows(path: &Path) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range("星级客户管理表").unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// A cell as the test names it: its kind and its value.
fn show(d: &Data) -> String {
    match d {
        Data::Empty => "空".into(),
        Data::String(s) => format!("文本 {s}"),
        Data::Float(f) => format!("数 {f}"),
        Data::Int(i) => format!("数 {i}"),
        Data::DateTime(x) => match x.as_datetime() {
            Some(t) if x.is_datetime() => format!("日期 {}", t.date()),
            _ => format!("数 {}", x.as_f64()),
        },
        other => format!("{other:?}"),
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A customer with every built-in field and every custom field filled.
fn full_customer(api: &mut Api) {
    for (key, label, kind, choices) in [
        ("satisfaction", "满意度", FieldKind::Number, vec![]),
        ("visited_on", "回访日期", FieldKind::Date, vec![]),
        (
            "channel",
            "来源渠道",
            FieldKind::Choice,
            vec!["门店", "网店"],
        ),
        ("wechat", "微信号", FieldKind::Text, vec![]),
    ] {
        api.add_field_def(FieldDef {
            key: key.into(),
            label: label.into(),
            kind,
            choices: choices.into_iter().map(String::from).collect(),
        })
        .unwrap();
    }
    let mut d = CustomerDraft {
        code: Some("C0001".into()),
        name: "华信科技有限公司".into(),
        phone: Some("13812345678".into()),
        spend: Some(120000.5),
        frequency: Some(6.0),
        tenure_years: Some(3.5),
        influence: Some(88.0),
        tier: Some("gold".into()),
        last_rated_on: day(2024, 3, 31),
        next_rating_on: day(2025, 3, 31),
        gender: Some(Gender::Female),
        birth_date: day(1980, 5, 6),
        email: Some("li@example.com".into()),
        address: Some("北京市朝阳区建国路 1 号".into()),
        registered_on: day(2019, 1, 2),
        last_contact_on: day(2024, 6, 7),
        preferred_category: Some("茶叶".into()),
        notes: Some("=不是公式".into()),
        manager: Some("王经理".into()),
        tags: vec!["老客户".into(), "团购".into()],
        ..CustomerDraft::default()
    };
    for (key, value) in [
        ("satisfaction", serde_json::json!(4.5)),
        ("visited_on", serde_json::json!("2024-08-09")),
        ("channel", serde_json::json!("网店")),
        ("wechat", serde_json::json!("hx_tech")),
    ] {
        d.fields.insert(key.into(), value);
    }
    api.create_customer(d).unwrap();
}

#[test]
fn template_header_and_a_customer_row_line_up_column_by_column() {
    each_api_with_dir(|api, dir| {
        full_customer(api);
        let template = dir.join("模板.xlsx");
        api.export_template(None, &template).unwrap();
        let list = dir.join("客户.xlsx");
        let n = api
            .export_customers(&CustomerQuery::default(), false, &list, &mut |_, _| {})
            .unwrap();
        assert_eq!(n, 1);

        let blank = rows(&template);
        assert_eq!(blank.len(), 1, "the template holds the header alone");
        let data = rows(&list);
        assert_eq!(data.len(), 2, "a header and one customer");
        assert_eq!(data[0], blank[0], "the list has the template's header");

        let want = [
            ("客户编号", "文本 C0001"),
            ("客户名称", "文本 华信科技有限公司"),
            ("联系方式", "文本 13812345678"),
            ("消费金额", "数 120000.5"),
            ("购买频次", "数 6"),
            ("使用年限", "数 3.5"),
            ("影响力评分", "数 88"),
            ("当前等级", "文本 金牌"),
            ("上次评级日期", "日期 2024-03-31"),
            ("下一次评级日期", "日期 2025-03-31"),
            ("性别", "文本 女"),
            ("出生日期", "日期 1980-05-06"),
            ("邮箱", "文本 li@example.com"),
            ("地址", "文本 北京市朝阳区建国路 1 号"),
            ("注册时间", "日期 2019-01-02"),
            ("最近联系时间", "日期 2024-06-07"),
            ("偏好品类", "文本 茶叶"),
            ("客户经理", "文本 王经理"),
            ("标签", "文本 老客户、团购"),
            ("备注", "文本 =不是公式"),
            ("满意度", "数 4.5"),
            ("回访日期", "日期 2024-08-09"),
            ("来源渠道", "文本 网店"),
            ("微信号", "文本 hx_tech"),
        ];
        let got: Vec<(String, String)> = data[0]
            .iter()
            .zip(&data[1])
            .map(|(h, v)| (h.to_string(), show(v)))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
    });
}

/// The built-in headers are the import's field names, each once, so a list
/// that TierDesk writes imports back with no mapping step.
#[test]
fn built_in_headers_are_the_import_field_names() {
    let headers: Vec<&str> = tierdesk_sheets::CUSTOMER_COLUMNS
        .iter()
        .map(|c| c.header)
        .collect();
    // 期初积分 is read into the points ledger, not the record: an export
    // does not write it, so importing an export never adds points.
    let mut labels: Vec<&str> = CustomerField::ALL
        .iter()
        .filter(|f| **f != CustomerField::OpeningPoints)
        .map(|f| f.label())
        .collect();
    let mut sorted = headers.clone();
    sorted.sort_unstable();
    labels.sort_unstable();
    assert_eq!(sorted, labels);
    assert_eq!(headers[0], "客户编号");
}
