use chrono::NaiveDate;
use tierdesk_api::domain::CustomerDraft;
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
    let mut api = Api::open_in_memory().unwrap();
    let a = add(&mut api, "甲", 350_000.0, Some("gold"));
    let b = add(&mut api, "乙", 88_000.0, None);
    let c = add(&mut api, "丙", 120_000.0, Some("gold"));

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
        .apply_evaluation("star4", day("2024-12-31"), None, "测试员")
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
}

#[test]
fn schemes_activate_import_and_version() {
    let mut api = Api::open_in_memory().unwrap();
    let keys: Vec<String> = api.schemes().unwrap().into_iter().map(|s| s.key).collect();
    assert_eq!(keys, ["star4", "metal4", "five_level", "weighted5", "abc"]);
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
    add(&mut api, "甲", 260_000.0, None);
    api.apply_evaluation("star4", day("2024-06-30"), Some("2024h1"), "测试员")
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
        err.message.contains("指标「satisfaction」不存在"),
        "{}",
        err.message
    );
}
