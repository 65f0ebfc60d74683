//! Rows that share only a phone with another record under another name:
//! reported as possible duplicates, merged or imported apart as chosen.

use std::collections::HashMap;

use tierdesk_domain::{Customer, CustomerWrite, ImportKind};
use tierdesk_import::{
    decide_with, suggest, Archive, Decided, Interpreted, OnDuplicate, PairChoice, PairChoices,
    RowFate,
};
use tierdesk_mapping::Mapping;

use crate::{draft, key_index, stored};

/// The archive: 1 李四 (no code, 13900139000), 2 张三 (no code, no phone).
fn archive() -> HashMap<i64, Customer> {
    HashMap::from([
        (1, stored(1, &draft(None, Some("13900139000"), "李四"))),
        (2, stored(2, &draft(None, None, "张三"))),
    ])
}

fn run(rows: &[(&str, Option<&str>)], choices: &PairChoices) -> Decided {
    let customers = archive();
    let index = key_index(&customers);
    let mut lookup = |id| customers.get(&id).cloned().ok_or(format!("no {id}"));
    let mapping = Mapping {
        header_rows: vec![0],
        data_start: 1,
        columns: Vec::new(),
    };
    let mut plan = Interpreted::new(ImportKind::Customers, mapping);
    plan.rows_read = rows.len() as u64;
    plan.customers = rows
        .iter()
        .enumerate()
        .map(|(i, (name, phone))| (i + 1, draft(None, *phone, name)))
        .collect();
    let archive = Archive {
        keys: &index,
        fields: &[],
        customer: &mut lookup,
    };
    decide_with(&plan, OnDuplicate::Update, choices, archive, &mut |_, _| {
        true
    })
    .unwrap()
}

/// What each row does: new, an update of the archived id, or not imported.
#[derive(Debug, PartialEq)]
enum Did {
    New(String),
    Update(i64, String),
    /// Matched an archived customer (by its name) and changed nothing.
    Kept(String),
    Repeat,
}

fn did(d: &Decided, rows: usize) -> Vec<Did> {
    let mut writes = d.writes.iter();
    (1..=rows)
        .map(|row| match d.fates.get(&row).map(|f| f.0) {
            Some(RowFate::New) => match writes.next() {
                Some(CustomerWrite::Insert(x)) => Did::New(x.name.clone()),
                other => panic!("row {row}: {other:?}"),
            },
            Some(RowFate::Update) => match writes.next() {
                Some(CustomerWrite::Update { id, draft, .. }) => {
                    Did::Update(*id, draft.name.clone())
                }
                other => panic!("row {row}: {other:?}"),
            },
            Some(RowFate::Unchanged) => Did::Kept(d.fates[&row].1.clone().unwrap_or_default()),
            Some(RowFate::Rejected) => Did::Repeat,
            other => panic!("row {row}: {other:?}"),
        })
        .collect()
}

fn choices(all: Option<PairChoice>, rows: &[(usize, PairChoice)]) -> PairChoices {
    PairChoices {
        all,
        rows: rows.iter().copied().collect(),
    }
}

#[test]
fn suggestions() {
    use PairChoice::*;
    for (a, b, want) in [
        ("甲贸易有限公司", "乙科技有限公司", Separate),
        (
            "厦门协会宝网络科技有限公司",
            "厦门协会宝网络科技有限公司s",
            Merge,
        ),
        ("张三", "张三（个人）", Merge),
        ("张三", "李四", Separate),
        // A family sharing a landline: one name inside the other is not one person.
        ("张伟", "张伟华", Separate),
        ("欧阳娜", "欧阳丽娜", Separate),
        ("赵六", "赵六六", Merge),
        ("王芳", "王芳（家）", Merge),
        ("阿依古丽·买买提", "阿依古丽", Separate),
        ("华信科技有限公司", "华信集团", Merge),
        ("华信科技有限公司", "华信贸易有限公司", Separate),
        ("华信网络信息技术有限公司", "华信实业发展有限公司", Separate),
        ("有限公司", "科技有限公司", Separate),
    ] {
        assert_eq!(suggest(a, b), want, "{a} / {b}");
        assert_eq!(suggest(b, a), want, "{b} / {a}");
    }
}

#[test]
fn two_companies_sharing_a_mobile_in_one_sheet() {
    use PairChoice::*;
    let rows = [
        ("甲贸易有限公司", Some("13800000001")),
        ("乙科技有限公司", Some("138 0000 0001")),
    ];
    let apart = run(&rows, &PairChoices::default());
    assert_eq!(
        did(&apart, 2),
        vec![
            Did::New("甲贸易有限公司".into()),
            Did::New("乙科技有限公司".into())
        ]
    );
    assert_eq!(apart.pairs.len(), 1);
    let p = &apart.pairs[0];
    assert_eq!((p.row, p.other_row, p.other_customer), (2, Some(1), None));
    assert_eq!(
        (p.name.as_str(), p.other_name.as_str()),
        ("乙科技有限公司", "甲贸易有限公司")
    );
    assert_eq!(p.phone, "138 0000 0001");
    assert_eq!((p.suggested, p.chosen), (Separate, Separate));
    assert_eq!((apart.counts.new, apart.counts.possible_duplicates), (2, 1));

    // Merged on request: the first row survives, the second is not imported.
    let merged = run(&rows, &choices(None, &[(2, Merge)]));
    assert_eq!(
        did(&merged, 2),
        vec![Did::New("甲贸易有限公司".into()), Did::Repeat]
    );
    assert_eq!(
        (merged.counts.new, merged.counts.duplicates_in_file),
        (1, 1)
    );
    assert!(merged.problems[0].message.contains("合并为一位客户"));
    assert_eq!(merged.pairs[0].chosen, Merge);
    // One choice for all (the CLI's flag) does the same.
    let all = run(&rows, &choices(Some(Merge), &[]));
    assert_eq!(did(&all, 2), did(&merged, 2));
}

#[test]
fn a_row_sharing_an_archived_customers_phone() {
    use PairChoice::*;
    // 王五 has 李四's phone: imported apart by default, 李四 untouched.
    let rows = [("王五", Some("13900139000"))];
    let apart = run(&rows, &PairChoices::default());
    assert_eq!(did(&apart, 1), vec![Did::New("王五".into())]);
    let p = &apart.pairs[0];
    assert_eq!((p.other_row, p.other_customer), (None, Some(1)));
    assert_eq!(p.other_name, "李四");
    // Merged on request: the archived 李四 survives, with its name (the
    // row brings nothing else, so nothing changes).
    let merged = run(&rows, &choices(None, &[(1, Merge)]));
    assert_eq!(did(&merged, 1), vec![Did::Kept("李四".into())]);
    assert_eq!(merged.counts.new, 0);
    // A row whose name is an archived customer's is that customer, not a pair.
    let named = run(&[("张三", Some("13900139000"))], &PairChoices::default());
    assert!(named.pairs.is_empty());
    assert_eq!(did(&named, 1), vec![Did::Update(2, "张三".into())]);
    // The same name and phone: the same customer, as always.
    let same = run(&[("李四", Some("13900139000"))], &PairChoices::default());
    assert!(same.pairs.is_empty());
    assert_eq!(same.counts.unchanged, 1);
}

#[test]
fn a_third_row_with_a_separated_name_is_that_row() {
    // Row 3 repeats row 2 by name, though it shares row 1's phone.
    let rows = [
        ("甲贸易有限公司", Some("13800000001")),
        ("乙科技有限公司", Some("13800000001")),
        ("乙科技有限公司", Some("13800000001")),
    ];
    let d = run(&rows, &PairChoices::default());
    assert_eq!(
        did(&d, 3),
        vec![
            Did::New("甲贸易有限公司".into()),
            Did::New("乙科技有限公司".into()),
            Did::Repeat
        ]
    );
    assert_eq!(d.pairs.len(), 1);
    // Rows are Excel row − 1 here: the row at index 2 is Excel's row 3.
    assert!(
        d.problems[0].message.contains("与第 3 行"),
        "{:?}",
        d.problems
    );
}
