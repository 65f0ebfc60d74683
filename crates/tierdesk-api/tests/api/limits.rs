//! A text longer than its limit is refused out loud, never cut: the form's
//! save and the import say the field, the limit and the length (「客户名称」
//! 最多 200 字，当前 10,000 字), from the one rule in the domain.

use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::ErrorCode;

use crate::import::{all, go, request};

/// (name, code, field refused and its message — None: saved whole).
type Case = (String, String, Option<(&'static str, &'static str)>);

#[test]
fn a_long_name_is_refused_with_both_lengths_in_the_form() {
    each_api(|api| {
        let cases: [Case; 5] = [
            ("名".repeat(200), "C1".into(), None),
            (
                "名".repeat(201),
                "C2".into(),
                Some(("name", "「客户名称」最多 200 字，当前 201 字")),
            ),
            (
                "名".repeat(10_000),
                "C3".into(),
                Some(("name", "「客户名称」最多 200 字，当前 10,000 字")),
            ),
            ("甲".into(), "X".repeat(64), None),
            (
                "乙".into(),
                "X".repeat(65),
                Some(("code", "「客户编号」最多 64 字，当前 65 字")),
            ),
        ];
        let mut saved = 0;
        for (name, code, refused) in cases {
            let result = api.create_customer(CustomerDraft {
                code: Some(code.clone()),
                name: name.clone(),
                ..Default::default()
            });
            match refused {
                None => {
                    let c = result.unwrap();
                    assert_eq!(c.name, name, "stored whole");
                    assert_eq!(c.code.as_deref(), Some(code.as_str()));
                    saved += 1;
                }
                Some((field, message)) => {
                    let err = result.unwrap_err();
                    assert_eq!(err.code, ErrorCode::Invalid);
                    assert_eq!(err.problems.len(), 1, "{:?}", err.problems);
                    assert_eq!(err.problems[0].field, field);
                    assert_eq!(err.problems[0].message, message);
                }
            }
        }
        assert_eq!(api.db_info().unwrap().customers, saved);
    });
}

#[test]
fn a_long_name_in_an_import_is_a_row_problem_naming_row_column_and_length() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("长名称.csv");
    let text = format!(
        "客户编号,客户名称,消费金额\nC1,短名称,1000\nC2,{},2000\nC3,{},3000\nC4,{},4000\n",
        "长".repeat(10_000),
        "名".repeat(200),
        "超".repeat(201)
    );
    std::fs::write(&file, text).unwrap();
    each_api(|api| {
        let req = request(&file);
        let p = api.preview_import(&req, &mut go).unwrap();
        let problems: Vec<(u64, &str, &str, &str)> = p
            .problems
            .iter()
            .map(|x| {
                (
                    x.row,
                    x.column.as_str(),
                    x.header.as_str(),
                    x.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            problems,
            [
                (
                    3,
                    "B",
                    "客户名称",
                    "「客户名称」最多 200 字，当前 10,000 字"
                ),
                (5, "B", "客户名称", "「客户名称」最多 200 字，当前 201 字"),
            ]
        );
        assert!(p.problems.iter().all(|x| !x.row_kept));
        api.commit_import(&req, "测试员", &mut go).unwrap();
        let stored: Vec<(Option<String>, usize)> = all(api)
            .into_iter()
            .map(|c| (c.code, c.name.chars().count()))
            .collect();
        assert_eq!(stored, [(Some("C1".into()), 3), (Some("C3".into()), 200)]);
    });
}
