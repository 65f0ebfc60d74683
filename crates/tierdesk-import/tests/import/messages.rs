//! Every problem import planning writes carries its message (key and
//! parameters), and its Chinese `message` is that message rendered: the
//! text the CLI and the error workbook print.

use std::collections::HashMap;

use tierdesk_domain::{Cell, CustomerDraft, FieldKind, ImportKind, Msg};
use tierdesk_import::{
    decide, Archive, Interpreted, KeyIndex, LineMatcher, OnDuplicate, RowReader,
};
use tierdesk_mapping::{CustomerField, Mapping, Problem, ReadOptions, Target};

use crate::{columns as mapping, draft, key_index, line, stored};

/// (row, key, parameters) of each problem, checking its Chinese.
fn keyed(problems: &[Problem]) -> Vec<(usize, String, Vec<(String, String)>)> {
    problems
        .iter()
        .map(|p| {
            assert_eq!(p.message, Problem::chinese(&p.msg, &p.more), "{p:?}");
            let params = p.msg.params.clone().into_iter().collect();
            (p.row, p.msg.key.clone(), params)
        })
        .collect()
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn customer_mapping() -> Mapping {
    use CustomerField::*;
    mapping(&[
        ("客户编号", Target::Customer(Code)),
        ("客户名称", Target::Customer(Name)),
        ("联系方式", Target::Customer(Phone)),
        ("邮箱", Target::Customer(Email)),
        (
            "等级",
            Target::Custom {
                key: "grade".into(),
                label: "等级".into(),
                kind: FieldKind::Choice,
            },
        ),
    ])
}

/// Decides customer rows against an archive holding 张三 (A1).
fn decided(rows: Vec<(usize, CustomerDraft)>, on: OnDuplicate) -> Vec<Problem> {
    let customers = HashMap::from([(1, stored(1, &draft(Some("A1"), None, "张三")))]);
    let index = key_index(&customers);
    let mut lookup = |id| customers.get(&id).cloned().ok_or(format!("no {id}"));
    let mut plan = Interpreted::new(ImportKind::Customers, customer_mapping());
    plan.rows_read = rows.len() as u64;
    plan.customers = rows;
    let fields = [tierdesk_domain::FieldDef {
        key: "grade".into(),
        label: "等级".into(),
        kind: FieldKind::Choice,
        choices: vec!["甲".into(), "乙".into()],
    }];
    let archive = Archive {
        keys: &index,
        fields: &fields,
        customer: &mut lookup,
    };
    decide(&plan, on, archive, &mut |_, _| true)
        .unwrap()
        .problems
}

#[test]
fn a_row_repeating_an_earlier_one_by_phone_names_that_row() {
    // The other repeats (by code, by name, a merged pair) are in decide.rs.
    let rows = vec![
        (6, draft(None, Some("13700137000"), "钱七")),
        (7, draft(None, Some("137 0013 7000"), "钱七")),
    ];
    assert_eq!(
        keyed(&decided(rows, OnDuplicate::Update)),
        vec![(7, "import.same_phone".into(), kv(&[("row", "7")]))]
    );
}

#[test]
fn a_code_in_use_and_every_field_problem_are_keyed_with_their_column() {
    let taken = draft(Some("A1"), None, "张三");
    let mut bad = draft(None, Some("12345"), &"长".repeat(201));
    bad.email = Some("not-an-email".into());
    bad.fields.insert("grade".into(), "丙".into());
    bad.spend = Some(f64::NAN);
    let problems = decided(vec![(1, taken), (2, bad)], OnDuplicate::New);
    let got: Vec<(usize, String, Vec<(String, String)>, String)> = keyed(&problems)
        .into_iter()
        .zip(&problems)
        .map(|((row, key, params), p)| (row, key, params, p.header.clone()))
        .collect();
    let choice = kv(&[("choices", "甲、乙"), ("label", "等级"), ("value", "丙")]);
    assert_eq!(
        got,
        vec![
            (
                1,
                "import.code_taken".into(),
                kv(&[("code", "A1"), ("holder", "张三")]),
                "".into()
            ),
            (
                2,
                "field.too_long".into(),
                kv(&[("label", "客户名称"), ("len", "201"), ("max", "200")]),
                "客户名称".into()
            ),
            (
                2,
                "field.phone".into(),
                kv(&[("value", "12345")]),
                "联系方式".into()
            ),
            (
                2,
                "field.email".into(),
                kv(&[("value", "not-an-email")]),
                "邮箱".into()
            ),
            (2, "field.custom_choice".into(), choice, "等级".into()),
            // 消费金额 has no column in this sheet: the whole row's problem comes last.
            (
                2,
                "field.not_number".into(),
                kv(&[("label", "消费金额")]),
                "".into()
            ),
        ]
    );
    assert_eq!(
        problems[3].message,
        "「电子邮箱」格式不对：'not-an-email'（例如 name@example.com）"
    );
}

#[test]
fn damaged_cells_lines_without_a_customer_and_survey_sheets_are_keyed() {
    let m = mapping(&[
        ("客户名称", Target::Customer(CustomerField::Name)),
        ("备注", Target::Customer(CustomerField::Notes)),
    ]);
    let how = RowReader::new(&m, ReadOptions::default(), true, 40);
    let read = |kind: ImportKind, cells: [&str; 2]| {
        let mut rows = Interpreted::new(kind, m.clone());
        let row: Vec<Cell> = cells.iter().map(|s| Cell::Text(s.to_string())).collect();
        rows.interpret(3, &row, &how);
        keyed(&rows.problems)
    };
    let long = "长".repeat(41);
    assert_eq!(
        read(ImportKind::Customers, ["张三", &long]),
        vec![(3, "import.oversized".into(), kv(&[("limit", "40")]))]
    );
    assert_eq!(
        read(ImportKind::Customers, ["张\u{FFFD}", "好"]),
        vec![(
            3,
            "import.undecodable".into(),
            kv(&[("value", "张\u{FFFD}")])
        )]
    );
    assert_eq!(
        read(ImportKind::Surveys, ["张三", "好"]),
        vec![(3, "import.surveys_elsewhere".into(), vec![])]
    );
    // The constant the mapping check refuses with says the same.
    assert_eq!(
        Msg::new("import.surveys_elsewhere").zh(),
        tierdesk_import::SURVEYS_ELSEWHERE
    );
    // An order line that names nobody.
    let index = KeyIndex::new(vec![]);
    let mut matcher = LineMatcher::new(&index);
    let (mut problems, mut rejected) = (Vec::new(), Default::default());
    let owner = matcher.place(9, &line(None, None), &mut problems, &mut rejected);
    assert!(owner.is_none());
    assert_eq!(
        keyed(&problems),
        vec![(9, "import.no_customer".into(), vec![])]
    );
}
