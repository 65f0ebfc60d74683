use tierdesk_api::domain::{CustomerDraft, CustomerQuery, SortKey};
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, ErrorCode};

fn draft(name: &str, code: Option<&str>, phone: Option<&str>, spend: Option<f64>) -> CustomerDraft {
    CustomerDraft {
        name: name.into(),
        code: code.map(Into::into),
        phone: phone.map(Into::into),
        spend,
        ..Default::default()
    }
}

fn fresh() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(&dir.path().join("nested/folder/tierdesk.db")).unwrap();
    (dir, api)
}

// SQLite only: about the file itself (its folders made, a second connection reading it).
#[test]
fn create_edit_delete_restore_round_trip_through_a_real_file() {
    let (dir, mut api) = fresh();
    let c = api
        .create_customer(draft(
            "  张三 ",
            Some("C001"),
            Some("+86 138-1234-5678"),
            Some(10_000.0),
        ))
        .unwrap();
    assert_eq!(c.name, "张三");
    assert_eq!(c.phone.as_deref(), Some("13812345678"));

    let mut d = CustomerDraft::from(&c);
    d.spend = Some(12_000.0);
    d.tier = Some("silver".into());
    let c2 = api
        .update_customer_with_reason(c.id, d, "首次定级", "测试员")
        .unwrap();
    assert_eq!(c2.spend, Some(12_000.0));
    assert_eq!(api.find_customer("C001").unwrap().id, c.id);
    assert_eq!(api.find_customer(&c.id.to_string()).unwrap().id, c.id);

    assert_eq!(api.delete_customers(&[c.id]).unwrap(), 1);
    let live = api.list_customers(&CustomerQuery::default()).unwrap();
    assert_eq!(live.total, 0);
    let bin = api
        .list_customers(&CustomerQuery {
            deleted: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bin.total, 1);
    assert_eq!(api.restore_customers(&[c.id]).unwrap(), 1);
    assert_eq!(
        api.list_customers(&CustomerQuery::default()).unwrap().total,
        1
    );

    // The data is in the file: a second connection sees it.
    drop(api);
    let again = Api::open(&dir.path().join("nested/folder/tierdesk.db")).unwrap();
    assert_eq!(again.find_customer("C001").unwrap().spend, Some(12_000.0));
}

#[test]
fn empty_recycle_bin_deletes_for_good() {
    each_api(|api| {
        let a = api.create_customer(draft("甲", None, None, None)).unwrap();
        let b = api.create_customer(draft("乙", None, None, None)).unwrap();
        api.delete_customers(&[a.id]).unwrap();
        assert_eq!(api.empty_recycle_bin().unwrap(), 1);
        assert_eq!(api.customer(a.id).unwrap_err().code, ErrorCode::NotFound);
        assert!(api.customer(b.id).is_ok());
    });
}

#[test]
fn invalid_input_reports_every_field_in_chinese() {
    each_api(|api| {
        let mut d = draft("", None, Some("12345"), Some(f64::NAN));
        d.email = Some("not-an-email".into());
        d.influence = Some(-1.0);
        let err = api.create_customer(d).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let fields: Vec<&str> = err.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["name", "phone", "email", "spend", "influence"]);
        assert!(err.problems[0].message.contains("客户名称"));
        assert_eq!(
            api.db_info().unwrap().customers,
            0,
            "nothing is written when input is invalid"
        );
    });
}

#[test]
fn customer_codes_are_unique_when_present() {
    each_api(|api| {
        api.create_customer(draft("甲公司", Some("A1"), None, None))
            .unwrap();
        api.create_customer(draft("无编号一", None, None, None))
            .unwrap();
        api.create_customer(draft("无编号二", None, None, None))
            .unwrap();
        let err = api
            .create_customer(draft("乙公司", Some("A1"), None, None))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        assert!(err.message.contains("甲公司"), "{}", err.message);
        assert_eq!(err.problems[0].field, "code");
    });
}

#[test]
fn search_finds_by_pinyin_initials_name_code_and_phone() {
    each_api(|api| {
        for d in [
            draft("张三", Some("C001"), Some("13812345678"), Some(10_000.0)),
            draft("李四", Some("C002"), Some("13912345678"), Some(30_000.0)),
            draft("张小明", Some("K003"), Some("010-87654321"), Some(5_000.0)),
            draft("北京华信科技有限公司", Some("C004"), None, Some(200_000.0)),
        ] {
            api.create_customer(d).unwrap();
        }
        let check = |search: &str, want: &[&str]| {
            let page = api
                .list_customers(&CustomerQuery {
                    search: Some(search.into()),
                    sort: SortKey::Name,
                    ..Default::default()
                })
                .unwrap();
            let mut names: Vec<String> = page.items.iter().map(|c| c.name.clone()).collect();
            names.sort();
            let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
            want.sort();
            assert_eq!(names, want, "search {search:?}");
            assert_eq!(page.total as usize, want.len());
        };
        check("zs", &["张三"]);
        check("ZS", &["张三"]);
        check("zxm", &["张小明"]);
        check("张", &["张三", "张小明"]);
        check("C00", &["张三", "李四", "北京华信科技有限公司"]);
        check("K003", &["张小明"]);
        check("1381234", &["张三"]);
        check("87654321", &["张小明"]);
        check("华信科技", &["北京华信科技有限公司"]);
        check("bjhx", &["北京华信科技有限公司"]);
        check("王", &[]);
        check("  ", &["张三", "李四", "张小明", "北京华信科技有限公司"]);
    });
}

#[test]
fn paging_sorting_and_tier_filter() {
    each_api(|api| {
        let n = api.fill_demo(500, 1, |_| {}).unwrap();
        assert_eq!(n, 500);
        let q = CustomerQuery {
            sort: SortKey::Spend,
            descending: true,
            limit: 50,
            ..Default::default()
        };
        let first = api.list_customers(&q).unwrap();
        assert_eq!(first.total, 500);
        assert_eq!(first.items.len(), 50);
        let spends: Vec<f64> = first.items.iter().map(|c| c.spend.unwrap()).collect();
        assert!(
            spends.windows(2).all(|w| w[0] >= w[1]),
            "sorted by spend descending"
        );
        let second = api
            .list_customers(&CustomerQuery {
                offset: 50,
                ..q.clone()
            })
            .unwrap();
        assert!(second.items[0].spend.unwrap() <= spends[49]);
        assert!(
            first
                .items
                .iter()
                .all(|a| second.items.iter().all(|b| a.id != b.id)),
            "pages do not overlap"
        );

        let gold = api
            .list_customers(&CustomerQuery {
                tier: Some("gold".into()),
                limit: 1000,
                ..Default::default()
            })
            .unwrap();
        assert!(gold.total > 0);
        assert!(gold.items.iter().all(|c| c.tier.as_deref() == Some("gold")));

        // Demo data is realistic: Chinese names, valid phones, codes in sequence.
        let all = api
            .list_customers(&CustomerQuery {
                limit: 1000,
                ..Default::default()
            })
            .unwrap();
        assert!(all
            .items
            .iter()
            .all(|c| !c.name.is_empty() && c.phone.is_some()));
        assert_eq!(all.items[0].code.as_deref(), Some("C0000001"));
    });
}

// SQLite only: about a file that is not a database.
#[test]
fn opening_something_that_is_not_a_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("客户表.xlsx");
    std::fs::write(
        &path,
        b"PK\x03\x04 this is a spreadsheet, not a database ...........................",
    )
    .unwrap();
    let err = Api::open(&path).err().expect("must refuse");
    assert_eq!(err.code, ErrorCode::Database);
    assert!(
        err.message.contains("客户表.xlsx") && err.message.contains("不是 TierDesk 数据库"),
        "{}",
        err.message
    );
}

/// A limit above the store's page size is served in full, not cut to 1,000
/// without a word: the rows are the first `limit` customers in id order,
/// each once.
#[test]
fn list_limits_above_one_page_are_honoured() {
    each_api(|api| {
        assert_eq!(api.fill_demo(5_000, 7, |_| {}).unwrap(), 5_000);
        let all_ids: Vec<i64> = {
            let mut ids = Vec::new();
            for offset in (0..5_000).step_by(500) {
                let page = api
                    .list_customers(&CustomerQuery {
                        limit: 500,
                        offset,
                        ..Default::default()
                    })
                    .unwrap();
                ids.extend(page.items.iter().map(|c| c.id));
            }
            ids
        };
        assert_eq!(all_ids.len(), 5_000);
        let check = |limit: u32, offset: u32, want: usize| {
            let page = api
                .list_customers(&CustomerQuery {
                    limit,
                    offset,
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(page.total, 5_000, "limit {limit}");
            let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
            assert_eq!(ids.len(), want, "limit {limit} offset {offset}");
            let from = offset as usize;
            assert_eq!(
                ids,
                all_ids[from..from + want],
                "limit {limit} offset {offset}"
            );
        };
        check(10, 0, 10);
        check(1_000, 0, 1_000);
        check(1_001, 0, 1_001);
        check(5_000, 0, 5_000);
        check(100_000, 0, 5_000);
        check(2_500, 3_700, 1_300);
        check(3_000, 2_000, 3_000);
    });
}

/// Changing 当前等级 by hand needs a reason and leaves a line in the tier
/// history; other edits need none and leave none.
#[test]
fn a_tier_changed_by_hand_needs_a_reason_and_is_recorded() {
    each_api(|api| {
        let mut first = draft("王五", Some("C001"), None, Some(30_000.0));
        first.tier = Some("silver".into());
        let c = api.create_customer(first).unwrap();
        let other = api
            .create_customer(draft("赵六", Some("C002"), None, None))
            .unwrap();
        assert!(api.tier_history(c.id).unwrap().is_empty());

        let mut up = CustomerDraft::from(&c);
        up.tier = Some("gold".into());
        for reason in ["", "   "] {
            let err = api
                .update_customer_with_reason(c.id, up.clone(), reason, "王经理")
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::Invalid);
            assert!(
                err.message.starts_with("请填写调整等级的原因"),
                "{}",
                err.message
            );
            assert!(
                err.message.contains("王五")
                    && err.message.contains("银牌")
                    && err.message.contains("金牌"),
                "{}",
                err.message
            );
            assert_eq!(err.problems.len(), 1);
            assert_eq!(err.problems[0].field, "tier_reason");
        }
        let err = api.update_customer(c.id, up.clone()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert_eq!(api.customer(c.id).unwrap().tier.as_deref(), Some("silver"));
        assert!(
            api.tier_history(c.id).unwrap().is_empty(),
            "a refused edit records nothing"
        );

        // Another field changes: no reason asked, nothing recorded.
        let mut spend = CustomerDraft::from(&c);
        spend.spend = Some(31_000.0);
        api.update_customer(c.id, spend).unwrap();
        assert!(api.tier_history(c.id).unwrap().is_empty());

        let mut up = CustomerDraft::from(&api.customer(c.id).unwrap());
        up.tier = Some("gold".into());
        let saved = api
            .update_customer_with_reason(c.id, up, " 年底大单，经理批准 ", "王经理")
            .unwrap();
        assert_eq!(saved.tier.as_deref(), Some("gold"));
        assert_eq!(saved.spend, Some(31_000.0));
        let h = api.tier_history(c.id).unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!(
            (
                h[0].customer_id,
                h[0].batch_id,
                h[0].from_tier.as_deref(),
                h[0].to_tier.as_deref(),
                h[0].reason.as_str(),
                h[0].who.as_str(),
            ),
            (
                c.id,
                None,
                Some("silver"),
                Some("gold"),
                "手工调整：年底大单，经理批准",
                "王经理"
            )
        );
        assert!(!h[0].at.is_empty());
        assert!(api.tier_history(other.id).unwrap().is_empty());

        // Clearing the tier is a change too; the history grows by one.
        let mut clear = CustomerDraft::from(&saved);
        clear.tier = None;
        api.update_customer_with_reason(c.id, clear, "重新评估", "李主管")
            .unwrap();
        let h = api.tier_history(c.id).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(
            (
                h[0].from_tier.as_deref(),
                h[0].to_tier.as_deref(),
                h[0].who.as_str()
            ),
            (Some("gold"), None, "李主管")
        );

        // A rating afterwards still works and is recorded after the edits.
        api.apply_evaluation(
            "star4",
            chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
            None,
            "测试员",
            &[],
        )
        .unwrap();
        assert_eq!(api.tier_history(c.id).unwrap().len(), 3);
    });
}
