//! What-if: a draft scheme previewed over every customer, nothing saved.

use chrono::NaiveDate;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, ErrorCode};

fn add(api: &mut Api, name: &str, spend: f64) {
    api.create_customer(CustomerDraft {
        name: name.into(),
        spend: Some(spend),
        ..CustomerDraft::default()
    })
    .unwrap();
}

#[test]
fn draft_threshold_moves_customers_without_saving() {
    each_api(|api| {
        add(api, "甲", 90_000.0);
        add(api, "乙", 120_000.0);
        add(api, "丙", 10_000.0);
        let day = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        api.apply_evaluation("star4", day, None, "测试", &[])
            .unwrap();

        // Lower 金牌 from 100,000 to 80,000: 甲 moves up from 银牌, nobody else moves.
        let draft = api
            .scheme("star4")
            .unwrap()
            .to_toml()
            .replace("spend >= 100000", "spend >= 80000");
        let p = api.preview_scheme_draft(&draft, day).unwrap();
        assert_eq!(p.moved, 1);
        assert_eq!(p.moves[0].name, "甲");
        assert_eq!(
            (p.moves[0].from.as_deref(), p.moves[0].to.as_str()),
            (Some("silver"), "gold")
        );
        assert_eq!(p.matrix["silver"]["gold"], 1);
        let gold = p.counts.iter().find(|c| c.tier == "gold").unwrap();
        assert_eq!(gold.count, 2);
        // Nothing was saved: the stored scheme still says 100,000.
        assert!(api
            .scheme("star4")
            .unwrap()
            .to_toml()
            .contains("spend >= 100000"));

        // A broken draft gets a message, not a crash.
        let err = api.preview_scheme_draft("name = \"坏\"", day).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let err = api
            .preview_scheme_draft(&draft.replace("spend >= 80000", "spennd >= 80000"), day)
            .unwrap_err();
        assert!(err.message.contains("spennd"), "{}", err.message);
    });
}
