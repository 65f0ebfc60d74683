//! Review before approval: tiers chosen by a person, carried forward until
//! they expire, undone with their batch; batch details; grace for N ratings.

use chrono::NaiveDate;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, ErrorCode, Override};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn add(api: &mut Api, code: &str, name: &str, spend: f64, tier: Option<&str>) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        spend: Some(spend),
        tier: tier.map(Into::into),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn choose(customer_id: i64, tier: &str, reason: &str, expires_on: Option<&str>) -> Override {
    Override {
        customer_id,
        tier: tier.into(),
        reason: reason.into(),
        expires_on: expires_on.map(day),
    }
}

#[test]
fn an_override_needs_a_reason_a_tier_of_the_scheme_and_a_customer() {
    each_api(|api| {
        let a = add(api, "C1", "甲", 1_000.0, None);
        // (override, code, words the message must have)
        let cases = [
            (
                choose(a, "gold", "  ", None),
                ErrorCode::Invalid,
                "请填写把客户「甲」调整为「金牌」的原因",
            ),
            (
                choose(a, "platinum", "大客户", None),
                ErrorCode::Invalid,
                "方案「四星级（普通/银牌/金牌/钻石）」没有等级「platinum」",
            ),
            (
                choose(a + 100, "gold", "大客户", None),
                ErrorCode::NotFound,
                "找不到要调整的客户",
            ),
            (
                choose(a, "gold", "大客户", Some("2024-01-01")),
                ErrorCode::Invalid,
                "早于评级日期 2024-12-31",
            ),
        ];
        for (o, code, words) in cases {
            let err = api
                .apply_evaluation(
                    "star4",
                    day("2024-12-31"),
                    None,
                    "测试员",
                    std::slice::from_ref(&o),
                )
                .unwrap_err();
            assert_eq!(err.code, code, "{o:?}");
            assert!(err.message.contains(words), "{o:?}: {}", err.message);
        }
        let twice = [
            choose(a, "gold", "一", None),
            choose(a, "silver", "二", None),
        ];
        let err = api
            .apply_evaluation("star4", day("2024-12-31"), None, "测试员", &twice)
            .unwrap_err();
        assert!(err.message.contains("不止一次"), "{}", err.message);
        assert!(
            api.batches().unwrap().is_empty(),
            "a refused approval writes nothing"
        );
        assert_eq!(api.customer(a).unwrap().tier, None);
    });
}

#[test]
fn overrides_are_recorded_carried_forward_until_expiry_and_undone_with_their_batch() {
    each_api(|api| {
        let a = add(api, "C1", "甲", 350_000.0, Some("gold"));
        let b = add(api, "C2", "乙", 1_000.0, None);

        let first = api
            .apply_evaluation(
                "star4",
                day("2024-06-30"),
                Some("2024H1"),
                "审核员",
                &[choose(b, "gold", " 年底有大单 ", Some("2024-12-31"))],
            )
            .unwrap();
        assert_eq!((first.customers, first.moved, first.overrides), (2, 2, 1));
        assert_eq!(api.customer(b).unwrap().tier.as_deref(), Some("gold"));
        let h = api.tier_history(b).unwrap();
        assert_eq!(
            (
                h[0].to_tier.as_deref(),
                h[0].reason.as_str(),
                h[0].who.as_str()
            ),
            (Some("gold"), "人工调整：年底有大单", "审核员")
        );

        let d = api.batch_detail(first.id).unwrap();
        assert_eq!(d.batch.overrides, 1);
        assert_eq!(d.overrides.len(), 1);
        let o = &d.overrides[0];
        assert_eq!(
            (
                o.customer_id,
                o.proposed_tier.as_str(),
                o.tier.as_str(),
                o.reason.as_str()
            ),
            (b, "regular", "gold", "年底有大单")
        );
        assert_eq!(o.expires_on, Some(day("2024-12-31")));
        let counts: Vec<(&str, u64)> = d
            .counts
            .iter()
            .map(|c| (c.tier.as_str(), c.count))
            .collect();
        assert_eq!(
            counts,
            [("diamond", 1), ("gold", 1), ("silver", 0), ("regular", 0)]
        );
        assert_eq!(d.matrix["gold"]["diamond"], 1);
        assert_eq!(d.matrix[""]["gold"], 1);
        let moves: Vec<(&str, Option<&str>, &str)> = d
            .moves
            .iter()
            .map(|m| (m.name.as_str(), m.from.as_deref(), m.to.as_str()))
            .collect();
        assert_eq!(
            moves,
            [("甲", Some("gold"), "diamond"), ("乙", None, "gold")]
        );

        // Up to and including its last day the choice holds.
        let p = api.preview_evaluation("star4", day("2024-12-31")).unwrap();
        assert_eq!(p.moved, 0, "乙 stays in gold");
        assert_eq!(p.standing.len(), 1);
        assert_eq!(p.standing[0].customer_id, b);
        assert_eq!(p.standing[0].to, "gold");
        assert_eq!(p.standing[0].standing_until, Some(day("2024-12-31")));
        assert_eq!(
            p.standing[0].reason.as_deref(),
            Some("人工调整（至 2024-12-31 有效）")
        );
        assert_eq!(p.counts.iter().find(|c| c.tier == "gold").unwrap().count, 1);
        // The explanation starts from the tier the rating gives, the one chosen
        // at review, and says what the rules alone give.
        let x = api.explain(b, Some("star4"), day("2024-12-31")).unwrap();
        assert_eq!((x.tier.as_str(), x.tier_name.as_str()), ("gold", "金牌"));
        assert_eq!(
            x.held.as_deref(),
            Some(
                "评审时人工定为「金牌」，至 2024-12-31 有效（原因：年底有大单）；按规则为「普通」"
            )
        );
        assert_eq!(
            api.explain(a, Some("star4"), day("2024-12-31"))
                .unwrap()
                .held,
            None
        );
        let second = api
            .apply_evaluation("star4", day("2024-12-31"), None, "审核员", &[])
            .unwrap();
        assert_eq!(second.overrides, 0, "a standing choice is not a new one");
        assert_eq!(
            api.tier_history(b).unwrap()[0].reason,
            "人工调整（至 2024-12-31 有效）"
        );

        // The day after, the rules decide again.
        let p = api.preview_evaluation("star4", day("2025-01-01")).unwrap();
        assert!(p.standing.is_empty());
        // The choice no longer holds 乙; the rule on levels down does, and the
        // explanation says so, from the tier the preview gives.
        let x = api.explain(b, Some("star4"), day("2025-01-01")).unwrap();
        assert_eq!(x.tier, "silver");
        assert_eq!(
            x.held.as_deref(),
            Some("按保护规则：每次评级最多降 1 级，由「金牌」降至「银牌」；按本期数据应为「普通」")
        );
        let m = p.moves.iter().find(|m| m.customer_id == b).unwrap();
        assert_eq!(
            (m.from.as_deref(), m.to.as_str(), m.standing_until),
            (Some("gold"), "silver", None),
            "max_levels_down still softens the drop"
        );

        // Undoing a batch removes its choices: they no longer carry forward.
        api.undo_last_batch().unwrap();
        api.undo_last_batch().unwrap();
        assert!(api.batch_detail(first.id).unwrap().overrides.is_empty());
        let p = api.preview_evaluation("star4", day("2024-12-31")).unwrap();
        assert!(p.standing.is_empty());
        assert_eq!(api.customer(b).unwrap().tier, None);
        assert_eq!(api.customer(a).unwrap().tier.as_deref(), Some("gold"));

        // A choice without an end date is for its own batch only.
        api.apply_evaluation(
            "star4",
            day("2024-06-30"),
            None,
            "审核员",
            &[choose(b, "silver", "试用", None)],
        )
        .unwrap();
        assert_eq!(api.customer(b).unwrap().tier.as_deref(), Some("silver"));
        let p = api.preview_evaluation("star4", day("2024-07-01")).unwrap();
        assert!(p.standing.is_empty());
        assert_eq!(
            p.moves.iter().find(|m| m.customer_id == b).unwrap().to,
            "regular"
        );
    });
}

#[test]
fn batch_detail_of_an_unknown_batch_is_not_found() {
    each_api(|api| {
        let err = api.batch_detail(42).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotFound);
        assert_eq!(err.message, "没有编号为 42 的评级批次");
    });
}

#[test]
fn grace_periods_count_consecutive_ratings_from_the_history() {
    each_api(|api| {
        let mut s = api.scheme("star4").unwrap();
        s.protection = Default::default();
        s.protection.grace_periods = Some(2);
        api.import_scheme(&s.to_toml()).unwrap();
        let c = add(api, "C1", "丙", 1_000.0, Some("diamond"));

        let mut rate = |date: &str| {
            api.apply_evaluation("star4", day(date), None, "测试员", &[])
                .unwrap();
            let h = api.tier_history(c).unwrap();
            (h[0].to_tier.clone().unwrap(), h[0].reason.clone())
        };
        assert_eq!(
            rate("2022-12-31"),
            ("diamond".into(), "宽限期：第 1/2 期，保留「钻石」".into())
        );
        assert_eq!(
            rate("2023-12-31"),
            ("diamond".into(), "宽限期：第 2/2 期，保留「钻石」".into())
        );
        assert_eq!(
            rate("2024-12-31"),
            (
                "regular".into(),
                "2024 评级（四星级（普通/银牌/金牌/钻石））".into()
            )
        );

        // Undoing the drop brings the count back: the next rating drops again.
        api.undo_last_batch().unwrap();
        let p = api.preview_evaluation("star4", day("2024-12-31")).unwrap();
        assert_eq!(p.moves[0].to, "regular");
    });
}
