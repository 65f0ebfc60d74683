//! A customer's timeline: every source gives the customer's own events and
//! no one else's, in one order, and pages follow each other without gaps
//! or repeats.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::record::{TimelineEvent, TimelineQuery};
use tierdesk_domain::{
    CustomerDraft, LineOwner, NewBenefitUse, OwnedLine, TransactionDraft, TxKind,
};
use tierdesk_store::testing::each_backend;
use tierdesk_store::Store;

fn line(
    owner: i64,
    order_no: &str,
    when: &str,
    product: &str,
    amount: f64,
    kind: TxKind,
) -> OwnedLine {
    OwnedLine {
        owner: LineOwner::Existing(owner),
        line: TransactionDraft {
            order_no: order_no.into(),
            customer_code: None,
            customer_name: None,
            occurred_at: NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M:%S").unwrap(),
            product: Some(product.into()),
            quantity: 1.0,
            unit_price: Some(amount),
            amount,
            kind,
        },
    }
}

fn benefit(customer_id: i64, day: &str, note: &str) -> NewBenefitUse {
    NewBenefitUse {
        customer_id,
        benefit: "生日礼品".into(),
        tier: "gold".into(),
        scheme_key: "star4".into(),
        used_on: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
        note: note.into(),
        who: "王经理".into(),
        over_quota_reason: None,
    }
}

/// 甲 with three orders (one of them a return), a benefit use, a tier
/// changed by hand, an order import and an edit; 乙 with one order and a
/// benefit use of its own, which 甲's timeline must not show.
struct World {
    store: Store,
    a: i64,
    b: i64,
    import_id: i64,
}

/// SQLite only, the tests on this world: the order import, benefit uses and
/// the tier set by hand are not on the team database yet (the test after them
/// runs the timeline on both).
fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let mut add = |name: &str| {
        store
            .insert_customer(&CustomerDraft {
                name: name.into(),
                tier: Some("silver".into()),
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let a = add("甲");
    let b = add("乙");
    use TxKind::*;
    let lines = vec![
        line(a, "O1", "2024-01-05 10:00:00", "茶叶", 10.0, Purchase),
        line(a, "O1", "2024-01-06 11:00:00", "茶具", 15.0, Purchase),
        line(b, "B1", "2024-01-07 10:00:00", "茶叶", 99.0, Purchase),
        line(a, "O2", "2024-02-01 09:00:00", "茶叶", 30.0, Purchase),
        line(a, "R1", "2024-03-01 12:00:00", "茶具", -15.0, Return),
    ];
    let new = crate::order_import(lines.len() as u64);
    let import_id = store
        .apply_transaction_import(&new, &[], &[], &lines, |_, _| None)
        .unwrap()
        .id;
    store
        .record_benefit_use(&benefit(a, "2024-02-15", "当面送达"))
        .unwrap();
    store
        .record_benefit_use(&benefit(b, "2024-02-16", ""))
        .unwrap();
    let mut draft = CustomerDraft::from(&store.customer(a).unwrap());
    draft.tier = Some("gold".into());
    draft.notes = Some("爱喝乌龙".into());
    store
        .update_customer_by_hand(a, &draft, "王经理", Some("手工调整：年度大单"))
        .unwrap();
    World {
        store,
        a,
        b,
        import_id,
    }
}

fn all(store: &Store, id: i64, kinds: &[&str], limit: u32) -> (Vec<TimelineEvent>, usize) {
    let mut q = TimelineQuery {
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        before: None,
        limit: Some(limit),
    };
    let mut out = Vec::new();
    let mut pages = 0;
    loop {
        let page = store.timeline_page(id, &q).unwrap();
        pages += 1;
        assert!(page.events.len() <= limit as usize);
        out.extend(page.events);
        match page.next {
            Some(next) => q.before = Some(next),
            None => break,
        }
        assert!(pages < 100, "paging does not end");
    }
    (out, pages)
}

fn keys(events: &[TimelineEvent]) -> Vec<(String, i64)> {
    events.iter().map(|e| (e.kind.clone(), e.ref_id)).collect()
}

#[test]
fn every_source_gives_the_customers_own_events_newest_first() {
    let w = world();
    let lines = w.store.customer_lines(w.a).unwrap();
    let line_id = |order: &str| {
        lines
            .iter()
            .filter(|l| l.order_no == order)
            .map(|l| l.id)
            .min()
            .unwrap()
    };
    let (events, _) = all(&w.store, w.a, &[], 500);

    // Orders: one event each, at the first line, with the net amount.
    type Row<'a> = (&'a str, i64, &'a str, Option<&'a str>, Option<f64>);
    let purchases: Vec<Row> = events
        .iter()
        .filter(|e| e.kind == "purchase")
        .map(|e| {
            (
                e.at.as_str(),
                e.ref_id,
                e.title.as_str(),
                e.detail.as_deref(),
                e.amount,
            )
        })
        .collect();
    assert_eq!(
        purchases,
        vec![
            (
                "2024-03-01 12:00:00",
                line_id("R1"),
                "退货/取消 R1",
                Some("1 行：茶具"),
                Some(-15.0)
            ),
            (
                "2024-02-01 09:00:00",
                line_id("O2"),
                "订单 O2",
                Some("1 行：茶叶"),
                Some(30.0)
            ),
            (
                "2024-01-05 10:00:00",
                line_id("O1"),
                "订单 O1",
                Some("2 行：茶叶,茶具"),
                Some(25.0)
            ),
        ]
    );
    // The benefit use on its day; 乙's is not here.
    let benefits: Vec<&TimelineEvent> = events.iter().filter(|e| e.kind == "benefit").collect();
    assert_eq!(benefits.len(), 1);
    assert_eq!(benefits[0].at, "2024-02-15 00:00:00");
    assert_eq!(benefits[0].title, "使用权益：生日礼品");
    assert_eq!(benefits[0].detail.as_deref(), Some("经办：王经理 当面送达"));
    // The tier changed by hand, in keys, with its reason and who.
    let tiers: Vec<&TimelineEvent> = events.iter().filter(|e| e.kind == "tier").collect();
    assert_eq!(tiers.len(), 1);
    assert_eq!(tiers[0].title, "silver→gold");
    assert_eq!(
        tiers[0].detail.as_deref(),
        Some("手工调整：年度大单 · 王经理")
    );
    // The order import brought 4 of 甲's lines.
    let imports: Vec<&TimelineEvent> = events.iter().filter(|e| e.kind == "import").collect();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0].ref_id, w.import_id);
    assert_eq!(imports[0].title, "导入订单明细 4 行");
    assert_eq!(imports[0].amount, Some(40.0));
    // Edits from the log: added, then the notes edited (summaries only;
    // the tier change is the tier event, not an edit too).
    let edits: Vec<&TimelineEvent> = events.iter().filter(|e| e.kind == "edit").collect();
    assert_eq!(edits.len(), 2, "{edits:?}");
    assert!(edits[0].ref_id > edits[1].ref_id);
    assert!(
        edits.iter().all(|e| e.title.contains(&format!("#{}", w.a))),
        "{edits:?}"
    );
    assert_eq!(edits[0].title, format!("修改客户 #{}：备注", w.a));
    assert!(edits
        .iter()
        .all(|e| !e.title.contains('甲') && !e.title.contains("乌龙")));

    assert_eq!(events.len(), 3 + 1 + 1 + 1 + 2);
    // One order: at descending, then kind, then ref_id descending.
    for pair in events.windows(2) {
        let (x, y) = (&pair[0], &pair[1]);
        let ordered = x.at > y.at
            || (x.at == y.at && (x.kind < y.kind || (x.kind == y.kind && x.ref_id > y.ref_id)));
        assert!(ordered, "{x:?} before {y:?}");
    }
    // 乙 sees only its own: one order, one benefit, the import, its add.
    let (theirs, _) = all(&w.store, w.b, &[], 500);
    let mut kinds: Vec<&str> = theirs.iter().map(|e| e.kind.as_str()).collect();
    kinds.sort();
    assert_eq!(kinds, vec!["benefit", "edit", "import", "purchase"]);
}

#[test]
fn pages_follow_each_other_without_gaps_or_repeats() {
    let w = world();
    let (whole, one) = all(&w.store, w.a, &[], 500);
    assert_eq!(one, 1);
    for size in 1..=whole.len() as u32 + 1 {
        let (paged, pages) = all(&w.store, w.a, &[], size);
        assert_eq!(keys(&paged), keys(&whole), "pages of {size}");
        assert_eq!(
            pages,
            whole.len().div_ceil(size as usize).max(1),
            "pages of {size}"
        );
    }
}

#[test]
fn a_kind_filter_keeps_only_those_kinds_and_pages_the_same() {
    let w = world();
    let (whole, _) = all(&w.store, w.a, &[], 500);
    for kinds in [
        vec!["purchase"],
        vec!["tier", "benefit"],
        vec!["edit", "import", "purchase"],
    ] {
        let want: Vec<(String, i64)> = keys(&whole)
            .into_iter()
            .filter(|(k, _)| kinds.contains(&k.as_str()))
            .collect();
        assert!(!want.is_empty());
        for size in [1, 2, 50] {
            let (got, _) = all(&w.store, w.a, &kinds, size);
            assert_eq!(keys(&got), want, "{kinds:?} by {size}");
        }
    }
    // A kind without a source (yet) or unknown: nothing, not an error.
    let (none, _) = all(&w.store, w.a, &["nothing"], 10);
    assert!(none.is_empty());
}

#[test]
fn counts_per_kind_match_the_events() {
    let w = world();
    let counts: Vec<(String, u64)> = w
        .store
        .timeline_counts(w.a)
        .unwrap()
        .into_iter()
        .map(|c| (c.kind, c.count))
        .collect();
    let want = [
        ("purchase", 3),
        ("tier", 1),
        ("benefit", 1),
        ("import", 1),
        ("edit", 2),
    ];
    assert_eq!(
        counts,
        want.iter()
            .map(|(k, n)| (k.to_string(), *n))
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_undone_order_import_takes_its_orders_and_its_event_away() {
    let mut w = world();
    w.store.undo_import(w.import_id).unwrap();
    let (events, _) = all(&w.store, w.a, &[], 500);
    assert!(events.iter().all(|e| e.kind != "purchase"), "{events:?}");
    // Its lines are gone, so the import no longer touches 甲.
    assert!(events.iter().all(|e| e.kind != "import"), "{events:?}");
    let _ = w.b;
}

#[test]
fn order_lines_come_newest_first_a_page_at_a_time() {
    let w = world();
    let at = |page: u32| -> Vec<(String, String)> {
        let p = w.store.customer_lines_page(w.a, page, 2).unwrap();
        assert_eq!(p.total, 4);
        p.items
            .into_iter()
            .map(|l| (l.order_no, l.occurred_at))
            .collect()
    };
    let pair = |o: &str, t: &str| (o.to_owned(), t.to_owned());
    assert_eq!(
        at(0),
        vec![
            pair("R1", "2024-03-01 12:00:00"),
            pair("O2", "2024-02-01 09:00:00")
        ]
    );
    assert_eq!(
        at(1),
        vec![
            pair("O1", "2024-01-06 11:00:00"),
            pair("O1", "2024-01-05 10:00:00")
        ]
    );
    assert!(at(2).is_empty());
    let theirs = w.store.customer_lines_page(w.b, 0, 50).unwrap();
    assert_eq!(theirs.total, 1);
    assert_eq!(theirs.items[0].order_no, "B1");
}

#[test]
fn the_purchase_summary_counts_purchases_and_months() {
    let w = world();
    let s = w.store.purchase_summary(w.a).unwrap();
    assert_eq!((s.lines, s.orders, s.purchase_days), (4, 2, 3));
    assert_eq!((s.spend, s.returned), (55.0, 15.0));
    assert_eq!(s.first_at.as_deref(), Some("2024-01-05 10:00:00"));
    assert_eq!(s.last_at.as_deref(), Some("2024-02-01 09:00:00"));
    // 5 January to 1 February is 27 days over two gaps.
    assert_eq!(s.average_interval_days, Some(13.5));
    let months: Vec<(&str, u64, f64, f64)> = s
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.orders, m.spend, m.returned))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2024-01", 1, 25.0, 0.0),
            ("2024-02", 1, 30.0, 0.0),
            ("2024-03", 0, 0.0, 15.0)
        ]
    );
    // 乙: one purchase day, so no interval; a customer without lines: zeros.
    let b = w.store.purchase_summary(w.b).unwrap();
    assert_eq!((b.orders, b.average_interval_days), (1, None));
    let none = w.store.purchase_summary(w.b + 1000).unwrap();
    assert_eq!(none.lines, 0);
    assert!(none.months.is_empty() && none.first_at.is_none());
}

/// On both backends: follow-ups, a done to-do and the record's own changes
/// (the sources ported so far; every other source's statement runs too,
/// finding nothing) come newest first, page without gaps, count by kind,
/// and a follow-up's detail comes apart into its messages.
#[test]
fn followups_to_dos_and_edits_on_either_backend() {
    each_backend(|store| {
        let add = |store: &mut Store, name: &str| {
            store
                .insert_customer(&CustomerDraft {
                    name: name.into(),
                    ..Default::default()
                })
                .unwrap()
                .id
        };
        let (a, b) = (add(store, "甲"), add(store, "乙"));
        let when = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        let mut followups = Vec::new();
        for (who, at, next) in [
            (a, "2024-03-01 09:00:00", Some("2024-03-20")),
            (a, "2024-03-05 15:30:00", None),
            (b, "2024-03-03 10:00:00", None),
            (a, "2024-03-05 15:30:00", None),
        ] {
            let f = tierdesk_domain::CheckedFollowup {
                channel: tierdesk_domain::Channel::Visit,
                at: when(at),
                who: "王经理".into(),
                contact_id: None,
                contact_name: String::new(),
                subject: "续约".into(),
                content: format!("{at} 上门"),
                outcome: "同意".into(),
                next_step: String::new(),
                next_contact_on: next.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
                todo_id: None,
            };
            followups.push(store.add_followup(who, &f).unwrap().id);
        }
        // The next contact's to-do, done: a `todo` event at the time it was done.
        let todo = tierdesk_domain::TodoFilter {
            customer_id: Some(a),
            ..Default::default()
        };
        let open = store.todos(&todo, when("2024-03-06 08:00:00")).unwrap();
        assert_eq!(open.len(), 1, "{open:?}");
        store
            .complete_todo(open[0].id, "王经理", when("2024-03-06 08:00:00"))
            .unwrap();
        let (events, _) = all(store, a, &[], 500);
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        // The to-do was done and the customer added today, after 2024.
        let mut by_time = kinds[..2].to_vec();
        by_time.sort();
        assert_eq!(by_time, ["edit", "todo"], "{kinds:?}");
        // Same time: the larger id first.
        assert_eq!(
            keys(&events[2..]),
            [
                ("followup".to_owned(), followups[3]),
                ("followup".to_owned(), followups[1]),
                ("followup".to_owned(), followups[0]),
            ]
        );
        let first = &events[4];
        assert_eq!(first.title, "拜访跟进：续约");
        assert_eq!(
            first.detail.as_deref(),
            Some("2024-03-01 09:00:00 上门 · 结果：同意 · 下次联系 2024-03-20 · 王经理")
        );
        assert_eq!(first.detail_parts.len(), 4);
        for size in 1..=6 {
            let (paged, _) = all(store, a, &[], size);
            assert_eq!(keys(&paged), keys(&events), "pages of {size}");
        }
        let (only, _) = all(store, a, &["followup"], 2);
        assert_eq!(keys(&only), keys(&events[2..]));
        let counts: Vec<(String, u64)> = store
            .timeline_counts(a)
            .unwrap()
            .into_iter()
            .map(|c| (c.kind, c.count))
            .collect();
        let want = [("edit", 1), ("todo", 1), ("followup", 3)];
        let mut want: Vec<(String, u64)> = want.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        let mut got = counts.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(
            keys(&all(store, b, &["followup"], 10).0),
            [("followup".to_owned(), followups[2])]
        );
    });
}
