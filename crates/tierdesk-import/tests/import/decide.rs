//! Every row's fate, write and count, as the person chose for duplicates.

use std::collections::HashMap;

use tierdesk_domain::{
    Customer, CustomerDraft, CustomerWrite, FieldDef, FieldKind, ImportKind, LineOwner,
};
use tierdesk_import::{
    decide, Archive, Decided, Halt, Interpreted, KeyIndex, OnDuplicate, RowFate,
};
use tierdesk_mapping::{ColumnMapping, CustomerField, Mapping, Target};

use crate::{draft, key_index, keys, line, stored};

fn column(col: usize, header: &str, target: Target) -> ColumnMapping {
    ColumnMapping {
        col,
        header: header.into(),
        target,
        unit: None,
        confidence: Default::default(),
    }
}

/// 客户编号 | 客户名称 | 联系方式 | 邮箱 | 消费金额 | 满意度 (a new custom field).
fn mapping() -> Mapping {
    use CustomerField::*;
    Mapping {
        header_rows: vec![0],
        data_start: 1,
        columns: vec![
            column(0, "客户编号", Target::Customer(Code)),
            column(1, "客户名称", Target::Customer(Name)),
            column(2, "联系方式", Target::Customer(Phone)),
            column(3, "邮箱", Target::Customer(Email)),
            column(4, "消费金额", Target::Customer(Spend)),
            column(
                5,
                "满意度",
                Target::Custom {
                    key: "satisfaction".into(),
                    label: "满意度".into(),
                    kind: FieldKind::Number,
                },
            ),
        ],
    }
}

/// The archive: 1 张三 (A1, ¥100), 2 李四 (no code, a phone).
fn archive() -> HashMap<i64, Customer> {
    let mut zhang = draft(Some("A1"), Some("13800138000"), "张三");
    zhang.spend = Some(100.0);
    let li = draft(None, Some("13900139000"), "李四");
    HashMap::from([(1, stored(1, &zhang)), (2, stored(2, &li))])
}

/// Decides `rows` (sheet row index, draft) against [`archive`].
fn run(rows: Vec<(usize, CustomerDraft)>, on: OnDuplicate) -> Result<Decided, Halt<String>> {
    let customers = archive();
    let index = key_index(&customers);
    let mut lookup = |id| customers.get(&id).cloned().ok_or(format!("no {id}"));
    let mut plan = Interpreted::new(ImportKind::Customers, mapping());
    plan.rows_read = rows.len() as u64;
    plan.customers = rows;
    let archive = Archive {
        keys: &index,
        fields: &[],
        customer: &mut lookup,
    };
    decide(&plan, on, archive, &mut |_, _| true)
}

#[derive(Debug, PartialEq)]
enum Write {
    None,
    Insert,
    Update(i64),
}

fn write_of(d: &Decided) -> Write {
    match d.writes.as_slice() {
        [] => Write::None,
        [CustomerWrite::Insert(_)] => Write::Insert,
        [CustomerWrite::Update { id, .. }] => Write::Update(*id),
        more => panic!("one row, {} writes", more.len()),
    }
}

#[test]
fn a_matched_row_is_updated_skipped_or_added_as_chosen() {
    use OnDuplicate::{New, Skip, Update};
    type Row = fn() -> CustomerDraft;
    // (what, choice, row, fate, write, matched name, [new, updated, unchanged, skipped, rejected], problem)
    #[rustfmt::skip]
    let cases: &[(&str, OnDuplicate, Row, RowFate, Write, Option<&str>, [u64; 5], &str)] = &[
        ("update: a new value",        Update, || with_spend(draft(Some("A1"), None, "张三"), 200.0),
            RowFate::Update, Write::Update(1), Some("张三"), [0, 1, 0, 0, 0], ""),
        ("update: the same values",    Update, || with_spend(draft(Some("A1"), None, "张三"), 100.0),
            RowFate::Unchanged, Write::None, Some("张三"), [0, 0, 1, 0, 0], ""),
        ("update: empty cells keep",   Update, || draft(Some("A1"), None, " "),
            RowFate::Unchanged, Write::None, Some("张三"), [0, 0, 1, 0, 0], ""),
        ("update: found by phone",     Update, || draft(None, Some("139-0013-9000"), "李四四"),
            RowFate::Update, Write::Update(2), Some("李四"), [0, 1, 0, 0, 0], ""),
        ("update: merged record bad",  Update, || with_email(draft(Some("A1"), None, "张三"), "不是邮箱"),
            RowFate::Rejected, Write::None, None, [0, 0, 0, 0, 1], "邮箱"),
        ("skip: left alone",           Skip,   || with_spend(draft(Some("A1"), None, "张三"), 999.0),
            RowFate::Skip, Write::None, Some("张三"), [0, 0, 0, 1, 0], ""),
        ("new: the same code refused", New,    || draft(Some("A1"), None, "张三"),
            RowFate::Rejected, Write::None, None, [0, 0, 0, 0, 1], "客户编号「A1」已属于客户「张三」"),
        ("new: same name, no code",    New,    || draft(None, None, "李四"),
            RowFate::New, Write::Insert, None, [1, 0, 0, 0, 0], ""),
        ("update: nobody matched",     Update, || draft(Some("A9"), None, "王五"),
            RowFate::New, Write::Insert, None, [1, 0, 0, 0, 0], ""),
        ("skip: nobody matched",       Skip,   || draft(None, None, "王五"),
            RowFate::New, Write::Insert, None, [1, 0, 0, 0, 0], ""),
        ("new: a bad new row",         New,    || draft(None, Some("13800138000"), "   "),
            RowFate::Rejected, Write::None, None, [0, 0, 0, 0, 1], "客户名称"),
    ];
    for (what, on, row, fate, write, matched, counts, problem) in cases {
        let d = run(vec![(4, row())], *on).unwrap();
        assert_eq!(
            d.fates.get(&4),
            Some(&(*fate, matched.map(str::to_owned))),
            "{what}"
        );
        assert_eq!(write_of(&d), *write, "{what}");
        let c = &d.counts;
        assert_eq!(
            [c.new, c.updated, c.unchanged, c.skipped, c.rejected],
            *counts,
            "{what}"
        );
        match *problem {
            "" => assert!(d.problems.is_empty(), "{what}: {:?}", d.problems),
            p => {
                assert_eq!(d.problems.len(), 1, "{what}: {:?}", d.problems);
                assert!(
                    d.problems[0].message.contains(p) || d.problems[0].header == p,
                    "{what}: {:?}",
                    d.problems
                );
                assert_eq!(d.problems[0].row, 4, "{what}");
            }
        }
    }
}

fn with_spend(mut d: CustomerDraft, spend: f64) -> CustomerDraft {
    d.spend = Some(spend);
    d
}

fn with_email(mut d: CustomerDraft, email: &str) -> CustomerDraft {
    d.email = Some(email.into());
    d
}

#[test]
fn an_update_carries_the_merged_and_the_previous_record() {
    let mut row = draft(Some("A1"), None, "");
    row.email = Some(" zs@example.com ".into());
    let d = run(vec![(1, row)], OnDuplicate::Update).unwrap();
    let [CustomerWrite::Update {
        id,
        draft,
        previous,
    }] = d.writes.as_slice()
    else {
        panic!("{:?}", d.writes);
    };
    assert_eq!(*id, 1);
    assert_eq!(previous.spend, Some(100.0));
    assert_eq!(previous.email, None);
    assert_eq!((draft.name.as_str(), draft.spend), ("张三", Some(100.0)));
    assert_eq!(
        draft.email.as_deref(),
        Some("zs@example.com"),
        "validated: trimmed"
    );
}

#[test]
fn repeats_inside_the_sheet_are_refused_and_counted() {
    let rows = vec![
        (1, draft(Some("B1"), None, "王五")),
        (2, draft(Some("B1"), None, "王五")),
        (3, draft(None, Some("13600136000"), "赵六")),
        (4, draft(None, Some("136 0013 6000"), "赵六六")),
        (5, draft(None, None, "赵 六")),
        (6, draft(Some("A1"), None, "张三")),
    ];
    let d = run(rows, OnDuplicate::Update).unwrap();
    assert_eq!(d.counts.duplicates_in_file, 3);
    assert_eq!(
        (d.counts.new, d.counts.rejected, d.counts.unchanged),
        (2, 3, 1)
    );
    let problems: Vec<(usize, &str)> = d
        .problems
        .iter()
        .map(|p| (p.row, p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (2, "与第 2 行是同一位客户（客户编号相同），本行未导入"),
            // 赵六六 shares 赵六's phone; the names agree enough to merge.
            (
                4,
                "与第 4 行「赵六」联系方式相同，合并为一位客户，本行未导入"
            ),
            (5, "与第 4 行是同一位客户（客户名称相同），本行未导入"),
        ]
    );
    // The same as messages the UI renders in its language (the names are data).
    let keyed: Vec<(&str, Vec<(&str, &str)>)> = d
        .problems
        .iter()
        .map(|p| {
            let params = p.msg.params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            (p.msg.key.as_str(), params.collect())
        })
        .collect();
    assert_eq!(
        keyed,
        vec![
            ("import.same_code", vec![("row", "2")]),
            ("import.merged_pair", vec![("name", "赵六"), ("row", "4")]),
            ("import.same_name", vec![("row", "4")]),
        ]
    );
    let fate = |r| d.fates.get(&r).map(|f| f.0);
    assert_eq!(
        (1..=6).map(fate).collect::<Vec<_>>(),
        [
            RowFate::New,
            RowFate::Rejected,
            RowFate::New,
            RowFate::Rejected,
            RowFate::Rejected,
            RowFate::Unchanged
        ]
        .map(Some)
    );
}

#[test]
fn rows_refused_while_reading_and_rows_that_are_no_data_keep_their_fate() {
    let customers = archive();
    let index = KeyIndex::new(vec![]);
    let mut lookup = |id| customers.get(&id).cloned().ok_or(format!("no {id}"));
    let mut plan = Interpreted::new(ImportKind::Customers, mapping());
    plan.rows_read = 5;
    plan.customers = vec![(3, draft(None, None, "王五"))];
    plan.not_data.extend([1, 5]);
    plan.rejected.insert(2);
    let msg = tierdesk_domain::Msg::new("import.no_amount");
    plan.problems
        .push(tierdesk_mapping::Problem::whole_row(2, msg));
    let fields = [FieldDef {
        key: "satisfaction".into(),
        label: "满意度".into(),
        kind: FieldKind::Number,
        choices: vec![],
    }];
    let archive = Archive {
        keys: &index,
        fields: &fields,
        customer: &mut lookup,
    };
    let d = decide(&plan, OnDuplicate::Update, archive, &mut |_, _| true).unwrap();
    let c = &d.counts;
    assert_eq!((c.rows_read, c.new, c.skipped, c.rejected), (5, 1, 2, 1));
    assert!(
        c.new_fields.is_empty() && d.new_fields.is_empty(),
        "满意度 exists"
    );
    let mut fates: Vec<(usize, RowFate)> = d.fates.iter().map(|(r, f)| (*r, f.0)).collect();
    fates.sort_by_key(|f| f.0);
    assert_eq!(
        fates,
        [
            (1, RowFate::NotData),
            (2, RowFate::Rejected),
            (3, RowFate::New),
            (5, RowFate::NotData)
        ]
    );
    assert_eq!(d.problems.len(), 1);
}

#[test]
fn a_new_custom_field_is_defined_once_and_a_bad_key_refuses() {
    let d = run(vec![(1, draft(None, None, "王五"))], OnDuplicate::Update).unwrap();
    assert_eq!(d.counts.new_fields, ["满意度"]);
    assert_eq!(d.new_fields.len(), 1);
    assert_eq!(d.new_fields[0].key, "satisfaction");

    let mut plan = Interpreted::new(ImportKind::Customers, mapping());
    plan.mapping.columns.push(column(
        6,
        "地区",
        Target::Custom {
            key: "地区".into(),
            label: "地区".into(),
            kind: FieldKind::Text,
        },
    ));
    let index = KeyIndex::new(vec![]);
    let mut lookup = |_| Err::<Customer, String>("not asked".into());
    let archive = Archive {
        keys: &index,
        fields: &[],
        customer: &mut lookup,
    };
    match decide(&plan, OnDuplicate::Update, archive, &mut |_, _| true) {
        Err(Halt::Invalid(m)) => assert!(m.contains("字段标识「地区」无效"), "{m}"),
        other => panic!("{:?}", other.map(|d| d.counts)),
    }
}

#[test]
fn progress_can_cancel_and_the_archive_can_fail() {
    let index = KeyIndex::new(vec![keys(1, &draft(Some("A1"), None, "张三"))]);
    let mut plan = Interpreted::new(ImportKind::Customers, mapping());
    plan.customers = (0..5000)
        .map(|i| (i + 1, draft(None, None, &format!("客户{i}"))))
        .collect();
    plan.customers.push((6000, draft(Some("A1"), None, "张三")));
    let mut calls = Vec::new();
    let mut lookup = |_| Err::<Customer, String>("磁盘坏了".into());
    let archive = Archive {
        keys: &index,
        fields: &[],
        customer: &mut lookup,
    };
    let mut progress = |done, total| {
        calls.push((done, total));
        done < 4096
    };
    assert_eq!(
        decide(&plan, OnDuplicate::Update, archive, &mut progress).err(),
        Some(Halt::Cancelled)
    );
    assert_eq!(calls, [(0, 5001), (4096, 5001)]);

    let mut lookup = |_| Err::<Customer, String>("磁盘坏了".into());
    let archive = Archive {
        keys: &index,
        fields: &[],
        customer: &mut lookup,
    };
    let got = decide(&plan, OnDuplicate::Skip, archive, &mut |_, _| true);
    assert_eq!(got.err(), Some(Halt::Archive("磁盘坏了".to_owned())));
}

#[test]
fn order_lines_get_owners_and_counts() {
    let index = KeyIndex::new(vec![keys(1, &draft(Some("17850"), None, "张三"))]);
    let mut plan = Interpreted::new(ImportKind::Transactions, mapping());
    plan.rows_read = 4;
    plan.without_customer = 1;
    plan.rejected.insert(4);
    plan.lines = vec![
        (1, line(Some("17850"), None)),
        (2, line(Some("99999"), None)),
        (3, line(Some("99999"), None)),
    ];
    let mut lookup = |_| Err::<Customer, String>("not asked".into());
    let archive = Archive {
        keys: &index,
        fields: &[],
        customer: &mut lookup,
    };
    let d = decide(&plan, OnDuplicate::Update, archive, &mut |_, _| true).unwrap();
    assert_eq!(
        d.owners,
        [
            Some(LineOwner::Existing(1)),
            Some(LineOwner::New(0)),
            Some(LineOwner::New(0))
        ]
    );
    let c = &d.counts;
    assert_eq!(
        (
            c.lines,
            c.new,
            c.updated,
            c.lines_without_customer,
            c.rejected
        ),
        (3, 1, 1, 1, 1)
    );
    assert_eq!(d.new_customers.len(), 1);
    assert_eq!(d.fates.get(&4), Some(&(RowFate::Rejected, None)));
}
