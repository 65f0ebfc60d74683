use chrono::NaiveDate;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, ErrorCode};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn add(api: &mut Api, name: &str, spend: f64, tier: Option<&str>) -> i64 {
    api.create_customer(CustomerDraft {
        name: name.into(),
        spend: Some(spend),
        tier: tier.map(Into::into),
        ..Default::default()
    })
    .unwrap()
    .id
}

#[test]
fn evaluate_preview_apply_history_and_undo() {
    each_api(|api| {
        let a = add(api, "甲", 350_000.0, Some("gold"));
        let b = add(api, "乙", 88_000.0, None);
        let c = add(api, "丙", 120_000.0, Some("gold"));

        assert_eq!(api.active_scheme().unwrap().key, "star4");
        let labels: Vec<String> = api
            .tier_labels()
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(labels, ["钻石", "金牌", "银牌", "普通"]);

        let p = api.preview_evaluation("star4", day("2024-12-31")).unwrap();
        assert_eq!(p.period, "2024");
        assert_eq!(p.moved, 2);
        assert_eq!(p.matrix["gold"]["diamond"], 1);
        assert_eq!(p.matrix[""]["silver"], 1);
        assert_eq!(
            api.customer(a).unwrap().tier.as_deref(),
            Some("gold"),
            "a preview changes nothing"
        );

        let batch = api
            .apply_evaluation("star4", day("2024-12-31"), None, "测试员", &[])
            .unwrap();
        assert_eq!((batch.customers, batch.moved), (3, 2));
        let ca = api.customer(a).unwrap();
        assert_eq!(ca.tier.as_deref(), Some("diamond"));
        assert_eq!(ca.last_rated_on, Some(day("2024-12-31")));
        assert_eq!(ca.next_rating_on, Some(day("2025-12-31")));
        assert_eq!(api.customer(b).unwrap().tier.as_deref(), Some("silver"));
        let h = api.tier_history(a).unwrap();
        assert_eq!(
            (
                h[0].from_tier.as_deref(),
                h[0].to_tier.as_deref(),
                h[0].who.as_str()
            ),
            (Some("gold"), Some("diamond"), "测试员")
        );

        let x = api.explain(b, None, day("2024-12-31")).unwrap();
        assert_eq!(x.next_up.as_deref(), Some("还差 ¥12,000 升至金牌"));

        let undone = api.undo_last_batch().unwrap();
        assert_eq!(undone.id, batch.id);
        assert_eq!(api.customer(a).unwrap().tier.as_deref(), Some("gold"));
        assert_eq!(api.customer(b).unwrap().tier, None);
        assert_eq!(api.customer(c).unwrap().last_rated_on, None);
        assert!(api.tier_history(a).unwrap().is_empty());
        assert_eq!(api.undo_last_batch().unwrap_err().code, ErrorCode::NotFound);
    });
}

#[test]
fn schemes_activate_import_and_version() {
    each_api(|api| {
        let keys: Vec<String> = api.schemes().unwrap().into_iter().map(|s| s.key).collect();
        assert_eq!(
            keys,
            [
                "star4",
                "metal4",
                "five_level",
                "weighted5",
                "abc",
                "rfm10",
                "rfm8"
            ]
        );
        api.activate_scheme("metal4").unwrap();
        assert_eq!(api.tier_labels().unwrap()[0].name, "铂金");
        assert_eq!(
            api.activate_scheme("nope").unwrap_err().code,
            ErrorCode::NotFound
        );

        // Editing an unused scheme keeps its version; editing a used one makes a new version.
        let text = api
            .scheme("star4")
            .unwrap()
            .to_toml()
            .replace("spend >= 300000", "spend >= 250000");
        assert_eq!(api.import_scheme(&text).unwrap().version, 1);
        add(api, "甲", 260_000.0, None);
        api.apply_evaluation("star4", day("2024-06-30"), Some("2024h1"), "测试员", &[])
            .unwrap();
        let text = text.replace("spend >= 250000", "spend >= 280000");
        assert_eq!(api.import_scheme(&text).unwrap().version, 2);
        assert_eq!(
            api.batches().unwrap()[0].scheme_version,
            1,
            "past batches keep their version"
        );
        assert_eq!(api.batches().unwrap()[0].period, "2024H1");

        let bad = text.replace("spend >= 280000", "satisfaction >= 80");
        let err = api.import_scheme(&bad).unwrap_err();
        assert!(
            err.message.contains("第 1 个字处：不认识“satisfaction”"),
            "{}",
            err.message
        );
    });
}

/// Ten customers coded "1" … "10" with order lines written straight into
/// the store (no import): customer i placed i orders of ¥100, 30 days
/// apart, the last one (11 − i) × 10 days before 2024-12-31. Customer "10"
/// also has a return and a free line, customer "1" an order after the
/// rating date; customer "11" has only the figures on its record.
fn rfm_database(path: &std::path::Path) -> Vec<i64> {
    use chrono::{Duration, NaiveTime};
    use tierdesk_api::domain::{
        ImportKind, LineOwner, NewImport, OwnedLine, TransactionDraft, TxKind,
    };
    let mut store = tierdesk_store::Store::open(path).unwrap();
    let mut ids = Vec::new();
    let mut lines = Vec::new();
    let line = |owner: i64, order_no: String, on: NaiveDate, qty: f64, price: f64, kind: TxKind| {
        OwnedLine {
            owner: LineOwner::Existing(owner),
            line: TransactionDraft {
                order_no,
                customer_code: None,
                customer_name: None,
                occurred_at: on.and_time(NaiveTime::from_hms_opt(10, 30, 0).unwrap()),
                product: None,
                quantity: qty,
                unit_price: Some(price),
                amount: qty * price,
                kind,
            },
        }
    };
    for i in 1..=11i64 {
        let id = store
            .insert_customer(&CustomerDraft {
                name: format!("客户{i}"),
                code: Some(i.to_string()),
                spend: Some(5.0),
                frequency: Some(1.0),
                ..Default::default()
            })
            .unwrap()
            .id;
        ids.push(id);
        if i == 11 {
            continue;
        }
        let last = day("2024-12-31") - Duration::days((11 - i) * 10);
        for k in 0..i {
            let on = last - Duration::days(30 * k);
            lines.push(line(
                id,
                format!("SO{i}-{k}"),
                on,
                2.0,
                50.0,
                TxKind::Purchase,
            ));
        }
    }
    lines.push(line(
        ids[9],
        "SO10-0".into(),
        day("2024-12-21"),
        -1.0,
        50.0,
        TxKind::Return,
    ));
    lines.push(line(
        ids[9],
        "FREE".into(),
        day("2024-12-30"),
        1.0,
        0.0,
        TxKind::Purchase,
    ));
    lines.push(line(
        ids[0],
        "LATE".into(),
        day("2025-01-05"),
        1.0,
        900.0,
        TxKind::Purchase,
    ));
    let new = NewImport {
        kind: ImportKind::Transactions,
        file: "订单.xlsx".into(),
        sheet: "订单".into(),
        mapping: "{}".into(),
        rows_read: lines.len() as u64,
        unchanged: 0,
        skipped: 0,
        rejected: 0,
        who: "测试员".into(),
    };
    store
        .apply_transaction_import(&new, &[], &[], &lines, |_, _| None)
        .unwrap();
    ids
}

#[test]
fn rfm10_from_order_lines_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rfm.db");
    let ids = rfm_database(&path);
    let mut api = Api::open(&path).unwrap();
    let as_of = day("2024-12-31");

    // R from 10 … 100 days, F from 1 … 10 orders ranked (ties by code), M
    // from ¥100 … ¥1,000; the record's own spend of ¥5 plays no part.
    let p = api.preview_evaluation("rfm10", as_of).unwrap();
    assert_eq!(p.period, "2024Q4");
    let counts: Vec<(&str, u64)> = p
        .counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| (c.tier.as_str(), c.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("champions", 2),
            ("loyal", 2),
            ("need_attention", 2),
            ("hibernating", 4),
            ("no_purchase", 1)
        ]
    );

    let x = api.explain(ids[9], Some("rfm10"), as_of).unwrap();
    assert_eq!((x.tier_name.as_str(), x.score), ("冠军客户", Some(555.0)));
    let values: Vec<(Option<f64>, Option<f64>)> =
        x.figures.iter().map(|f| (f.value, f.score)).collect();
    assert_eq!(
        values,
        [
            (Some(10.0), Some(5.0)),
            (Some(10.0), Some(5.0)),
            (Some(1000.0), Some(5.0))
        ]
    );
    assert_eq!(
        x.figures[2].edges,
        [100.0, 280.0, 460.0, 640.0000000000002, 820.0, 1000.0]
    );
    let x = api.explain(ids[10], Some("rfm10"), as_of).unwrap();
    assert_eq!(x.tier, "no_purchase");
    assert_eq!(x.missing, ["recency_days", "orders"]);

    let batch = api
        .apply_evaluation("rfm10", as_of, None, "测试员", &[])
        .unwrap();
    assert_eq!((batch.customers, batch.moved), (11, 11));
    assert_eq!(
        api.customer(ids[0]).unwrap().tier.as_deref(),
        Some("hibernating")
    );
    assert_eq!(
        api.customer(ids[10]).unwrap().tier.as_deref(),
        Some("no_purchase")
    );
    assert_eq!(
        api.tier_history(ids[9]).unwrap()[0].to_tier.as_deref(),
        Some("champions")
    );

    // The same scheme over the last three months only: customer "10" has
    // three orders from 2024-10-01 on (12-21, 11-21, 10-22).
    let text = api
        .scheme("rfm10")
        .unwrap()
        .to_toml()
        .replace("key = \"rfm10\"", "key = \"rfm10_q\"")
        .replace("window = \"lifetime\"", "window = { months = 3 }");
    api.import_scheme(&text).unwrap();
    let x = api.explain(ids[9], Some("rfm10_q"), as_of).unwrap();
    let values: Vec<Option<f64>> = x.figures.iter().map(|f| f.value).collect();
    assert_eq!(values, [Some(10.0), Some(3.0), Some(300.0)]);
    let p = api.preview_evaluation("rfm10_q", as_of).unwrap();
    assert_eq!(
        p.counts.last().unwrap().count,
        1 + 1,
        "customer 1 last bought on 2024-09-22"
    );

    // Rating a calendar period reads that period's purchases only.
    let text = text
        .replace("key = \"rfm10_q\"", "key = \"rfm10_p\"")
        .replace("window = { months = 3 }", "window = \"calendar_period\"");
    api.import_scheme(&text).unwrap();
    let p = api
        .preview_evaluation_in("rfm10_p", day("2024-09-30"), Some("2024Q3"))
        .unwrap();
    assert_eq!(p.period, "2024Q3");
    assert_eq!(
        p.counts.last().unwrap().count,
        1,
        "everyone but customer 11 bought in Q3"
    );
    let x = api
        .explain(ids[9], Some("rfm10_p"), day("2024-09-30"))
        .unwrap();
    let values: Vec<Option<f64>> = x.figures.iter().map(|f| f.value).collect();
    assert_eq!(
        values,
        [Some(8.0), Some(3.0), Some(300.0)],
        "09-22, 08-23 and 07-24"
    );

    // Threshold rules may use the figures order lines give.
    let text = api
        .scheme("star4")
        .unwrap()
        .to_toml()
        .replace("key = \"star4\"", "key = \"recent4\"")
        .replace(
            "spend >= 300000",
            "recency_days <= 20 and orders >= 9 and avg_order_value >= 100",
        );
    api.import_scheme(&text).unwrap();
    let p = api.preview_evaluation("recent4", as_of).unwrap();
    assert_eq!(
        (p.counts[0].tier.as_str(), p.counts[0].count),
        ("diamond", 2)
    );

    // The scheme page states each segment's rule.
    let labels: Vec<String> = api
        .schemes()
        .unwrap()
        .into_iter()
        .filter(|s| s.key == "rfm8")
        .flat_map(|s| s.tiers.into_iter().map(|t| t.rule))
        .collect();
    assert_eq!(labels[0], "R 高、F 高、M 高（与平均值相比）");
    assert_eq!(labels[8], "购买记录窗口内没有购买");
}

/// The explanation starts from the tier a rating would give after the
/// protection rules, names the rule that holds the customer there and what
/// the figures alone give; over a whole population it agrees with the
/// rating itself, customer by customer, in two consecutive periods.
#[test]
fn explanations_agree_with_the_rating_under_protection_rules() {
    each_api(|api| {
        let mut s = api.scheme("metal4").unwrap();
        s.protection = Default::default();
        s.protection.grace_periods = Some(1);
        api.import_scheme(&s.to_toml()).unwrap();
        let mut add = |name: &str, spend: f64, tier: Option<&str>| {
            api.create_customer(CustomerDraft {
                name: name.into(),
                spend: Some(spend),
                frequency: Some(10.0),
                tier: tier.map(Into::into),
                ..Default::default()
            })
            .unwrap()
            .id
        };
        let held = add("宽限", 25_000.0, Some("platinum"));
        let people = [
            held,
            add("稳定", 35_000.0, Some("platinum")),
            add("跌两级", 12_000.0, Some("platinum")),
            add("黄金跌", 5_000.0, Some("gold")),
            add("新客", 25_000.0, None),
            add("升级", 40_000.0, Some("silver")),
            add("白银", 15_000.0, Some("silver")),
            add("青铜", 1_000.0, Some("bronze")),
        ];

        let x = api
            .explain(held, Some("metal4"), day("2024-12-31"))
            .unwrap();
        assert_eq!(
            (x.tier.as_str(), x.tier_name.as_str()),
            ("platinum", "铂金")
        );
        assert_eq!(
            x.held.as_deref(),
            Some("按保护规则：宽限期：第 1/1 期，保留「铂金」；按本期数据应为「黄金」")
        );

        for (year, held_count) in [("2024-12-31", 3), ("2025-12-31", 0)] {
            let explained: Vec<(i64, String, bool)> = people
                .iter()
                .map(|&id| {
                    let x = api.explain(id, Some("metal4"), day(year)).unwrap();
                    (id, x.tier, x.held.is_some())
                })
                .collect();
            assert_eq!(
                explained.iter().filter(|e| e.2).count(),
                held_count,
                "{year}: customers held by a rule"
            );
            let batch = api
                .apply_evaluation("metal4", day(year), None, "测试员", &[])
                .unwrap();
            assert_eq!(batch.customers, people.len() as u64);
            for (id, tier, _) in &explained {
                assert_eq!(
                    api.customer(*id).unwrap().tier.as_deref(),
                    Some(tier.as_str()),
                    "{year}: customer {id} explained as {tier}"
                );
            }
        }
        // After its one grace period the customer drops, and is explained so.
        assert_eq!(api.customer(held).unwrap().tier.as_deref(), Some("gold"));
    });
}

#[test]
fn undoing_an_order_import_takes_its_purchases_out_of_the_next_rating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rfm.db");
    let ids = rfm_database(&path);
    let mut api = Api::open(&path).unwrap();
    let as_of = day("2024-12-31");
    let bought = |api: &Api| -> u64 {
        let p = api.preview_evaluation("rfm10", as_of).unwrap();
        assert_eq!(p.customers, ids.len() as u64);
        p.counts
            .iter()
            .filter(|c| c.tier != "no_purchase")
            .map(|c| c.count)
            .sum()
    };
    assert_eq!(bought(&api), 10, "ten customers have purchases");
    let import = api.imports().unwrap()[0].id;
    api.undo_import(import).unwrap();
    assert_eq!(bought(&api), 0, "no purchase is left to rate");
    let x = api.explain(ids[9], Some("rfm10"), as_of).unwrap();
    assert_eq!(x.tier, "no_purchase");
}
