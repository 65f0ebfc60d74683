//! The 积分礼品 page through the API: redeemed counts per item, an edit,
//! and a turned-off item refused at redemption with the store's message.

use chrono::NaiveDate;
use tierdesk_api::domain::points::ItemKind;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::{Api, PointsItemEdit};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_catalogue_counts_redemptions_and_a_turned_off_item_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut api = Api::open(&dir.path().join("c.db")).unwrap();
    let id = api
        .create_customer(CustomerDraft {
            code: Some("C1".into()),
            name: "李四".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let mug = api
        .points_catalogue_add("保温杯", ItemKind::Gift, 100, Some(4))
        .unwrap();
    let spa = api
        .points_catalogue_add("洗车服务", ItemKind::Service, 40, None)
        .unwrap();
    api.points_adjust(id, 1000, "补录", d("2026-03-01"))
        .unwrap();
    api.points_redeem(id, "保温杯", 3, d("2026-03-02")).unwrap();
    let undone = api
        .points_redeem(id, &format!("#{}", spa.id), 2, d("2026-03-02"))
        .unwrap();
    api.points_undo(undone.id, "没来", d("2026-03-03")).unwrap();

    let lines = api.points_catalogue_lines().unwrap();
    let got: Vec<_> = lines
        .iter()
        .map(|l| (l.item.id, l.item.stock, l.redeemed))
        .collect();
    assert_eq!(got, vec![(mug.id, Some(1), 3), (spa.id, None, 0)]);

    let edit = PointsItemEdit {
        name: "保温杯".into(),
        kind: ItemKind::Gift,
        price: 100,
        stock: Some(1),
        active: false,
    };
    api.points_catalogue_edit(mug.id, &edit).unwrap();
    let err = api
        .points_redeem(id, "保温杯", 1, d("2026-03-04"))
        .unwrap_err();
    assert!(err.to_string().contains("没有礼品"), "{err}");
    let lines = api.points_catalogue_lines().unwrap();
    assert_eq!(lines[1].item.id, mug.id);
    assert_eq!((lines[1].item.active, lines[1].redeemed), (false, 3));
    assert_eq!(
        api.points_account(id, d("2026-03-04")).unwrap().balance,
        700
    );
}
