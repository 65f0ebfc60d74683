//! Rating batch titles and the record timeline's details as messages (key
//! and parameters the UI renders in its language), each saying in Chinese
//! exactly what the Chinese text beside it says.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_api::domain::record::TimelineQuery;
use tierdesk_api::domain::{Channel, CustomerDraft, FollowupDraft, Msg};
use tierdesk_api::testing::each_api;
use tierdesk_api::Api;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn customer(api: &mut Api, code: &str, spend: f64) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: format!("客户{code}"),
        spend: Some(spend),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn timeline(api: &Api, id: i64, kind: &str) -> Vec<tierdesk_api::domain::record::TimelineEvent> {
    api.customer_timeline(
        id,
        &TimelineQuery {
            kinds: vec![kind.into()],
            ..Default::default()
        },
    )
    .unwrap()
    .events
}

#[test]
fn a_batch_is_named_by_messages_made_from_its_period_day_and_number() {
    each_api(|api| {
        api.schemes().unwrap();
        let a = customer(api, "E1", 150_000.0);
        customer(api, "E2", 5_000.0);
        api.apply_evaluation("star4", day("2025-12-31"), None, "测试员", &[])
            .unwrap();
        let batch = api
            .apply_evaluation("star4", day("2026-06-30"), Some("2026Q2"), "测试员", &[])
            .unwrap();

        // The dashboard's movement card: the latest batch.
        let dash = api.dashboard(day("2026-07-01")).unwrap();
        let movement = dash.report.movement.expect("a batch to show");
        assert_eq!(movement.batch_id, batch.id);
        assert_eq!(movement.label_msg.key, "rating.batch_label");
        assert_eq!(movement.label_msg.params["period"], "2026Q2");
        assert_eq!(movement.label_msg.params["as_of"], "2026-06-30");
        assert_eq!(movement.label_msg.params["id"], batch.id.to_string());
        assert_eq!(
            movement.label,
            format!("2026年第二季度 评级（截至 2026-06-30，第 {} 批）", batch.id)
        );
        assert_eq!(movement.label_msg.zh(), movement.label);

        // The undo confirmation names the same batch.
        let plan = api.undo_plan().unwrap().expect("a batch to undo");
        assert_eq!(
            plan.title_msg,
            Msg::new("rating.undo_title").with("period", "2026Q2")
        );
        assert_eq!(plan.title_msg.zh(), plan.title);

        // The drawer's tier history: each rating's reason as a message.
        let history = api.tier_history(a).unwrap();
        assert_eq!(history.len(), 2);
        let scheme = api.scheme("star4").unwrap().name;
        for (h, period) in history.iter().zip(["2026Q2", "2025"]) {
            assert_eq!(h.reason, format!("{period} 评级（{scheme}）"));
            assert_eq!(
                h.reason_msg,
                Msg::new("rating.title")
                    .with("period_key", period)
                    .with("scheme", &scheme)
            );
            assert_eq!(h.reason_msg.zh(), h.reason);
        }

        // The record's timeline: the reason, the batch and who, as parts.
        let events = timeline(api, a, "tier");
        assert_eq!(events.len(), 2);
        let e = &events[0];
        assert_eq!(
            e.detail.as_deref(),
            Some(format!("2026Q2 评级（{scheme}）（评级批次 #{}） · 测试员", batch.id).as_str())
        );
        let keys: Vec<&str> = e.detail_parts.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["timeline.batch", "data.text"]);
        assert_eq!(e.detail_parts[0].params["batch"], batch.id.to_string());
        assert_eq!(e.detail_parts[0].list("reason")[0], history[0].reason_msg);
        let zh: Vec<String> = e.detail_parts.iter().map(Msg::zh).collect();
        assert_eq!(Some(zh.join(" · ")), e.detail);
    });
}

#[test]
fn a_follow_ups_detail_is_parts_with_the_persons_words_as_written() {
    each_api(|api| {
        let id = customer(api, "F1", 0.0);
        let at = NaiveDateTime::parse_from_str("2026-11-30 15:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        let full = FollowupDraft {
            channel: Channel::Phone,
            at: Some("2026-11-20 10:00".into()),
            content: "谈了续约".into(),
            outcome: "同意续约".into(),
            next_contact_on: Some(day("2026-12-15")),
            who: "王经理".into(),
            ..Default::default()
        };
        api.add_followup(id, full, at).unwrap();
        let bare = FollowupDraft {
            channel: Channel::Visit,
            at: Some("2026-11-25 10:00".into()),
            content: "上门拜访".into(),
            who: "王经理".into(),
            ..Default::default()
        };
        api.add_followup(id, bare, at).unwrap();
        let events = timeline(api, id, "followup");
        assert_eq!(events.len(), 2);
        // Newest first: the visit with only what was said and who.
        let parts = |i: usize| -> Vec<&str> {
            events[i]
                .detail_parts
                .iter()
                .map(|m| m.key.as_str())
                .collect()
        };
        assert_eq!(parts(0), ["data.text", "data.text"]);
        assert_eq!(events[0].detail.as_deref(), Some("上门拜访 · 王经理"));
        assert_eq!(
            parts(1),
            [
                "data.text",
                "timeline.outcome",
                "timeline.next_contact",
                "data.text"
            ]
        );
        assert_eq!(
            events[1].detail.as_deref(),
            Some("谈了续约 · 结果：同意续约 · 下次联系 2026-12-15 · 王经理")
        );
        assert_eq!(events[1].detail_parts[1].params["outcome"], "同意续约");
        assert_eq!(events[1].detail_parts[2].params["day"], "2026-12-15");
    });
}

#[test]
fn a_protected_tier_is_explained_and_recorded_as_messages() {
    each_api(|api| {
        api.schemes().unwrap();
        // A new diamond customer (registered a month before the rating) whose
        // spend alone makes them 普通: star4 keeps new customers for 6 months.
        let id = api
            .create_customer(CustomerDraft {
                code: Some("N1".into()),
                name: "新客户".into(),
                spend: Some(5_000.0),
                tier: Some("diamond".into()),
                registered_on: Some(day("2026-05-31")),
                ..Default::default()
            })
            .unwrap()
            .id;
        let x = api.explain(id, Some("star4"), day("2026-06-30")).unwrap();
        let held = x.held_msg.expect("held by the new-customer rule");
        assert_eq!(held.key, "explain.held_rule");
        assert_eq!(held.params["by_rules"], "普通");
        let rule = held.list("rule");
        assert_eq!(rule.len(), 1);
        assert_eq!(
            rule[0],
            Msg::new("rating.protect_new")
                .with("months", 6)
                .with("tier", "钻石")
        );
        assert_eq!(
            x.held.as_deref(),
            Some(
                "按保护规则：新客户（注册不满 6 个月）不降级，保留「钻石」；按本期数据应为「普通」"
            )
        );
        assert_eq!(Some(held.zh()), x.held);
        api.apply_evaluation("star4", day("2026-06-30"), None, "测试员", &[])
            .unwrap();
        let history = api.tier_history(id).unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].reason_msg, rule[0]);
        assert_eq!(history[0].reason_msg.zh(), history[0].reason);
    });
}
