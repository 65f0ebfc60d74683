//! The number of live customers the list shows (「共 N 位客户」) is right after
//! every kind of write, on both backends. A team database keeps it in a table
//! of its own (migration 0023) instead of counting; each step here compares
//! what the store says with `count(*)` over the customers themselves, and on
//! PostgreSQL that the kept count is folded into its one base row at commit.

use chrono::NaiveDate;
use tierdesk_domain::{
    Customer, CustomerDraft, CustomerQuery, CustomerWrite, ImportKind, LineOwner, NewBatch,
    NewImport, OwnedLine, TierChange, TransactionDraft, TxKind,
};
use tierdesk_store::testing::{backends, each_backend, query_texts};
use tierdesk_store::{Store, StoredScheme};

fn batch() -> NewBatch {
    let day = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    NewBatch {
        scheme_key: "s".into(),
        scheme_version: 1,
        period: "2024".into(),
        as_of: day,
        applied_by: "测试员".into(),
        rated_on: day,
        next_rating_on: day,
    }
}

fn draft(code: &str, name: &str) -> CustomerDraft {
    CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        phone: Some("13900000001".into()),
        ..Default::default()
    }
}

fn customer_import(rows: u64) -> NewImport {
    NewImport {
        kind: ImportKind::Customers,
        file: "客户.xlsx".into(),
        sheet: "Sheet1".into(),
        mapping: "{}".into(),
        rows_read: rows,
        unchanged: 0,
        skipped: 0,
        rejected: 0,
        who: "测试".into(),
    }
}

/// `count(*)` of the live customers, read past the store's own count.
fn counted(store: &Store) -> u64 {
    query_texts(
        store,
        "SELECT CAST(count(*) AS TEXT) FROM customers WHERE deleted_at IS NULL",
    )[0]
    .parse()
    .unwrap()
}

/// The store's count, the list's total and `count(*)` agree and are
/// `expect`; on a team database the kept count is one base row (none while
/// no customer was ever live), no difference left unfolded.
fn check(store: &Store, expect: u64, step: &str) {
    assert_eq!(counted(store), expect, "{step}: count(*)");
    assert_eq!(
        store.customer_count().unwrap(),
        expect,
        "{step}: kept count"
    );
    let page = store.list_customers(&CustomerQuery::default()).unwrap();
    assert_eq!(page.total, expect, "{step}: the list's total");
    // Each tier's (and the customers without one): the list filtered by it
    // against count(*), and on a team database its one base row.
    let per_tier = query_texts(
        store,
        "SELECT COALESCE(tier, '__none__') || ' ' || CAST(count(*) AS TEXT) FROM customers
         WHERE deleted_at IS NULL GROUP BY tier ORDER BY 1",
    );
    for row in &per_tier {
        let (tier, n) = row.rsplit_once(' ').unwrap();
        let q = CustomerQuery {
            tier: Some(tier.to_owned()),
            ..Default::default()
        };
        let total = store.list_customers(&q).unwrap().total;
        assert_eq!(
            total.to_string(),
            n,
            "{step}: the list's total of tier {tier}"
        );
    }
    let none = CustomerQuery {
        tier: Some("no-such-tier".into()),
        ..Default::default()
    };
    assert_eq!(store.list_customers(&none).unwrap().total, 0, "{step}");
    if store.is_team() {
        // Base rows only, one per tier; a tier emptied keeps its row at 0.
        let kept = query_texts(
            store,
            "SELECT COALESCE(tier, '__none__') || ' ' || CAST(live AS TEXT) FROM customer_counts
             WHERE base AND live <> 0 ORDER BY 1",
        );
        assert_eq!(kept, per_tier, "{step}: kept rows per tier");
        let loose = query_texts(
            store,
            "SELECT CAST(id AS TEXT) FROM customer_counts WHERE NOT base",
        );
        assert!(
            loose.is_empty(),
            "{step}: differences left unfolded: {loose:?}"
        );
        let tiers = query_texts(
            store,
            "SELECT CAST(count(*) AS TEXT) FROM customer_counts GROUP BY tier HAVING count(*) > 1",
        );
        assert!(tiers.is_empty(), "{step}: two base rows for a tier");
    }
}

fn codes(store: &Store, q: &CustomerQuery) -> Vec<String> {
    let mut all = Vec::new();
    store
        .for_each_matching(q, |c: Customer| {
            all.push(c.code.unwrap_or_default());
            Ok(())
        })
        .unwrap();
    all
}

fn line(order: &str) -> TransactionDraft {
    TransactionDraft {
        order_no: order.into(),
        customer_code: None,
        customer_name: None,
        occurred_at: chrono::NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
        product: Some("茶叶".into()),
        quantity: 1.0,
        unit_price: Some(50.0),
        amount: 50.0,
        kind: TxKind::Purchase,
    }
}

#[test]
fn the_live_count_is_right_after_every_kind_of_write() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        if store.is_team() {
            // A new team database keeps no row: it stays empty for the copy.
            assert!(query_texts(store, "SELECT CAST(id AS TEXT) FROM customer_counts").is_empty());
        }
        check(store, 0, "new");

        let one = store.insert_customer(&draft("A1", "张三")).unwrap();
        check(store, 1, "one added");

        let many: Vec<CustomerDraft> = (0..40)
            .map(|i| draft(&format!("B{i:02}"), &format!("李{i}")))
            .collect();
        assert_eq!(store.insert_customers(&many).unwrap(), 40);
        check(store, 41, "forty added in one transaction");

        // A batch that fails half-way (a code already taken) adds nobody.
        let clash = vec![draft("C1", "王一"), draft("A1", "王二")];
        store.insert_customers(&clash).unwrap_err();
        check(store, 41, "a failed batch");

        // A customer import: 25 new, one updated.
        let mut writes: Vec<CustomerWrite> = (0..25)
            .map(|i| CustomerWrite::Insert(draft(&format!("I{i:02}"), &format!("赵{i}"))))
            .collect();
        writes.push(CustomerWrite::Update {
            id: one.id,
            draft: CustomerDraft {
                spend: Some(9_000.0),
                ..draft("A1", "张三")
            },
            previous: CustomerDraft::from(&one),
        });
        let import = store
            .apply_customer_import(&customer_import(26), &[], &writes, false)
            .unwrap();
        check(store, 66, "a customer import");

        // An order-line import that brings 3 new customers.
        let news: Vec<CustomerDraft> = (0..3)
            .map(|i| draft(&format!("L{i}"), &format!("孙{i}")))
            .collect();
        let lines: Vec<OwnedLine> = (0..6)
            .map(|i| OwnedLine {
                owner: LineOwner::New(i / 2),
                line: line(&format!("O{i}")),
            })
            .collect();
        let orders = store
            .apply_transaction_import(&crate::order_import(6), &[], &news, &lines, |_, _| None)
            .unwrap();
        check(store, 69, "an order import with new customers");

        store.undo_import(orders.id).unwrap();
        check(store, 66, "the order import undone");
        store.undo_import(import.id).unwrap();
        check(store, 41, "the customer import undone");

        // The recycle bin: in, out again, in, and emptied.
        let ids: Vec<i64> = store
            .list_customers(&CustomerQuery {
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .items
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids.len(), 10);
        assert_eq!(store.delete_customers(&ids).unwrap(), 10);
        check(store, 31, "ten to the recycle bin");
        // Deleting the same again moves nobody and changes nothing.
        assert_eq!(store.delete_customers(&ids[..3]).unwrap(), 0);
        check(store, 31, "deleted twice");
        assert_eq!(store.restore_customers(&ids[..4]).unwrap(), 4);
        check(store, 35, "four restored");
        let binned = CustomerQuery {
            deleted: true,
            ..Default::default()
        };
        assert_eq!(codes(store, &binned).len(), 6);
        assert_eq!(store.empty_recycle_bin().unwrap(), 6);
        check(store, 35, "the recycle bin emptied");

        // Tiers: by hand, by a rating (甲 silver → gold, the rest from none
        // to silver, one customer left as it was), and the rating undone.
        let mut gold = CustomerDraft::from(&store.customer(one.id).unwrap());
        gold.tier = Some("gold".into());
        store.update_customer(one.id, &gold).unwrap();
        check(store, 35, "a tier changed by hand");
        store
            .save_scheme(&StoredScheme {
                key: "s".into(),
                version: 1,
                name: "方案".into(),
                definition: String::new(),
            })
            .unwrap();
        let live: Vec<i64> = store
            .list_customers(&CustomerQuery {
                limit: 1_000,
                ..Default::default()
            })
            .unwrap()
            .items
            .iter()
            .map(|c| c.id)
            .collect();
        let changes: Vec<TierChange> = live
            .iter()
            .skip(1)
            .enumerate()
            .map(|(i, id)| TierChange {
                customer_id: *id,
                to_tier: if i % 3 == 0 { "silver" } else { "regular" }.into(),
                score: None,
                reason: "评级".into(),
                manual: None,
            })
            .collect();
        let rated = store.apply_batch(&batch(), &changes).unwrap();
        assert_eq!(rated.customers, 34);
        check(store, 35, "a rating");
        store.undo_last_batch().unwrap();
        check(store, 35, "the rating undone");
        store.apply_batch(&batch(), &changes).unwrap();
        check(store, 35, "the rating again");

        // Erasing a person keeps the (anonymised) customer.
        store.erase_customer(one.id, "本人要求删除").unwrap();
        check(store, 35, "a person erased");

        // Everybody to the bin and gone: back to nothing.
        let all: Vec<i64> = store
            .list_customers(&CustomerQuery {
                limit: 1_000,
                ..Default::default()
            })
            .unwrap()
            .items
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(all.len(), 35);
        store.delete_customers(&all).unwrap();
        check(store, 0, "all in the bin");
        store.empty_recycle_bin().unwrap();
        check(store, 0, "the bin emptied of all");
    });
    assert_eq!(runs, backends());
}

/// 迁移到团队数据库: the copied customers are counted on the team database
/// as in the file, those in the recycle bin left out.
#[test]
fn a_file_copied_to_a_team_database_keeps_its_count() {
    let Some(team) = tierdesk_store::testing::fresh_postgres() else {
        eprintln!("skipped: no PostgreSQL server (TIERDESK_TEST_PG is not set)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut file = Store::open(&dir.path().join("file.db")).unwrap();
    let drafts: Vec<CustomerDraft> = (0..300)
        .map(|i| draft(&format!("F{i:03}"), &format!("周{i}")))
        .collect();
    file.insert_customers(&drafts).unwrap();
    let gone: Vec<i64> = file
        .list_customers(&CustomerQuery {
            limit: 7,
            ..Default::default()
        })
        .unwrap()
        .items
        .iter()
        .map(|c| c.id)
        .collect();
    file.delete_customers(&gone).unwrap();
    check(&file, 293, "the file");
    let copy = file.copy_to_team(&team, &mut |_| {}).unwrap();
    assert!(copy.saved, "{:?}", copy.tables);
    check(&team, 293, "the team database after the copy");
    assert_eq!(
        codes(&team, &CustomerQuery::default()),
        codes(&file, &CustomerQuery::default())
    );
}

/// A small deterministic generator (xorshift), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// True about once in `n` draws.
    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[(self.next() % from.len() as u64) as usize]
    }
}

/// What a search of one or two characters finds, worked out apart from the
/// store: the live customers whose name, code or phone starts with the text,
/// or whose pinyin initials start with it in lower case.
fn expected_hits(all: &[Customer], search: &str, tier: Option<&str>) -> Vec<i64> {
    let s = tierdesk_domain::text::to_halfwidth(search.trim());
    let lower = s.to_lowercase();
    let mut ids: Vec<i64> = all
        .iter()
        .filter(|c| c.deleted_at.is_none())
        .filter(|c| tier.is_none_or(|t| c.tier.as_deref() == Some(t)))
        .filter(|c| {
            c.name.starts_with(&s)
                || tierdesk_domain::pinyin_initials(&c.name).starts_with(&lower)
                || c.code.as_deref().is_some_and(|x| x.starts_with(&s))
                || c.phone.as_deref().is_some_and(|x| x.starts_with(&s))
        })
        .map(|c| c.id)
        .collect();
    ids.sort_unstable();
    ids
}

/// A search of one or two characters finds exactly the customers the rule
/// above finds — with a tier filter or without, page after page, sorted by
/// id or by spend — over random names, codes and phones, some customers in
/// the recycle bin, on both backends.
#[test]
fn a_short_search_finds_exactly_the_customers_whose_texts_start_with_it() {
    const CHARS: &[&str] = &[
        "王", "张", "李", "王小", "张三", "北京", "A", "a", "Z", "1", "13", "C0", "%", "_", "x",
    ];
    const NAMES: &[&str] = &[
        "王", "张", "李", "赵", "北京", "Amy", "amy", "Zoe", "%折扣", "_下划",
    ];
    const TIERS: &[&str] = &["gold", "silver", "regular"];
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let mut rng = Rng(0x5eed_1234_abcd_0042);
        let drafts: Vec<CustomerDraft> = (0..400)
            .map(|_| {
                let mut name = String::new();
                for _ in 0..1 + rng.next() % 3 {
                    let part = *rng.pick(NAMES);
                    name.push_str(part);
                }
                CustomerDraft {
                    code: (!rng.one_in(5)).then(|| {
                        format!(
                            "{}{:05}",
                            rng.pick(&["C", "c", "王", "1"]),
                            rng.next() % 3000
                        )
                    }),
                    name,
                    phone: (!rng.one_in(4)).then(|| format!("13{:09}", rng.next() % 1_000_000_000)),
                    spend: Some((rng.next() % 500) as f64),
                    tier: (!rng.one_in(5)).then(|| rng.pick(TIERS).to_string()),
                    ..Default::default()
                }
            })
            .collect();
        // Codes are unique: the few drawn twice go without one.
        let mut seen = std::collections::HashSet::new();
        let drafts: Vec<CustomerDraft> = drafts
            .into_iter()
            .map(|mut d| {
                if d.code.as_ref().is_some_and(|c| !seen.insert(c.clone())) {
                    d.code = None;
                }
                d
            })
            .collect();
        store.insert_customers(&drafts).unwrap();
        let ids: Vec<i64> = store
            .list_customers(&CustomerQuery {
                limit: 1_000,
                ..Default::default()
            })
            .unwrap()
            .items
            .iter()
            .map(|c| c.id)
            .collect();
        let binned: Vec<i64> = ids.iter().copied().filter(|id| id % 7 == 0).collect();
        store.delete_customers(&binned).unwrap();
        let mut all = Vec::new();
        for deleted in [false, true] {
            store
                .for_each_matching(
                    &CustomerQuery {
                        deleted,
                        ..Default::default()
                    },
                    |c| {
                        all.push(c);
                        Ok(())
                    },
                )
                .unwrap();
        }
        assert_eq!(all.len(), 400);

        let mut searched = 0;
        let mut found = 0;
        for case in 0..60 {
            let search = if case % 3 == 0 {
                // The start of some customer's text, or of its initials.
                let c = rng.pick(&all);
                let source = match rng.next() % 4 {
                    0 => c.name.clone(),
                    1 => tierdesk_domain::pinyin_initials(&c.name),
                    2 => c.code.clone().unwrap_or_default(),
                    _ => c.phone.clone().unwrap_or_default(),
                };
                source.chars().take(1 + (rng.next() % 2) as usize).collect()
            } else {
                rng.pick(CHARS).to_string()
            };
            if search.trim().is_empty() || search.chars().count() > 2 {
                continue;
            }
            let tier = rng.one_in(3).then(|| *rng.pick(TIERS));
            let want = expected_hits(&all, &search, tier);
            let q = CustomerQuery {
                search: Some(search.clone()),
                tier: tier.map(str::to_owned),
                limit: 7,
                ..Default::default()
            };
            // Page after page by id: the same customers in order, the total exact.
            let mut got = Vec::new();
            loop {
                let page = store
                    .list_customers(&CustomerQuery {
                        offset: got.len() as u32,
                        ..q.clone()
                    })
                    .unwrap();
                assert_eq!(page.total, want.len() as u64, "{search:?} {tier:?}: total");
                if page.items.is_empty() {
                    break;
                }
                got.extend(page.items.iter().map(|c| c.id));
            }
            assert_eq!(got, want, "{search:?} {tier:?}");
            // By spend, highest first: the same set, in spend then id order.
            let by_spend = store
                .list_customers(&CustomerQuery {
                    sort: tierdesk_domain::SortKey::Spend,
                    descending: true,
                    limit: 1_000,
                    ..q.clone()
                })
                .unwrap();
            let mut want_spend: Vec<(i64, i64)> = all
                .iter()
                .filter(|c| want.contains(&c.id))
                .map(|c| (-(c.spend.unwrap_or(-1.0) as i64), -c.id))
                .collect();
            want_spend.sort_unstable();
            let got_spend: Vec<i64> = by_spend.items.iter().map(|c| c.id).collect();
            let want_spend: Vec<i64> = want_spend.iter().map(|(_, id)| -id).collect();
            assert_eq!(got_spend, want_spend, "{search:?} {tier:?}: by spend");
            searched += 1;
            found += want.len();
        }
        // The cases did search, and found customers more often than not.
        assert!(searched >= 40, "{searched}");
        assert!(found >= 400, "{found}");
    });
    assert_eq!(runs, backends());
}

/// An empty tier (「全部等级」 sent as "") is no tier filter: beside one
/// other filter the total is that filter's own count, not a tier's.
#[test]
fn an_empty_tier_beside_another_filter_counts_that_filter() {
    each_backend(|s| {
        for (i, name) in ["华信科技", "华信贸易", "华信电子", "明达公司"]
            .iter()
            .enumerate()
        {
            s.insert_customer(&CustomerDraft {
                manager: Some(if i < 3 { "王经理" } else { "李经理" }.into()),
                ..draft(&format!("E{i}"), name)
            })
            .unwrap();
        }
        let page = s
            .list_customers(&CustomerQuery {
                tier: Some(String::new()),
                manager: Some("王经理".into()),
                limit: 50,
                ..Default::default()
            })
            .unwrap();
        let mut names: Vec<&str> = page.items.iter().map(|c| c.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["华信电子", "华信科技", "华信贸易"]);
        assert_eq!(page.total, 3);
    });
}
