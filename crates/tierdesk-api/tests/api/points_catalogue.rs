//! The 积分礼品 page through the API: redeemed counts per item, an edit,
//! and a turned-off item refused at redemption with the store's message.

use chrono::NaiveDate;
use tierdesk_api::domain::points::ItemKind;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::PointsItemEdit;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_catalogue_counts_redemptions_and_a_turned_off_item_is_refused() {
    each_api(|api| {
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
    });
}

#[test]
fn the_list_page_shows_points_once_the_ledger_is_used_or_the_scheme_earns() {
    each_api(|api| {
        let ids: Vec<i64> = ["甲", "乙", "丙"]
            .iter()
            .enumerate()
            .map(|(i, name)| {
                api.create_customer(CustomerDraft {
                    code: Some(format!("L{i}")),
                    name: (*name).into(),
                    ..Default::default()
                })
                .unwrap()
                .id
            })
            .collect();
        // Points off and no ledger row: no column, no rows.
        let page = api.points_page(&ids, d("2026-03-01")).unwrap();
        assert_eq!((page.shown, page.rows.len()), (false, 0));

        api.points_adjust(ids[1], 1200, "补录", d("2026-03-01"))
            .unwrap();
        api.points_adjust(ids[2], 80, "补录", d("2025-01-01"))
            .unwrap();
        // Earned 2025-01-01, by default they run out 2026-12-31: within 90 days of 2026-11-30.
        let page = api
            .points_page(&[ids[2], ids[0], ids[1]], d("2026-11-30"))
            .unwrap();
        assert!(page.shown);
        assert_eq!(page.expiring_by, d("2027-02-28"));
        let got: Vec<_> = page
            .rows
            .iter()
            .map(|r| (r.customer_id, r.balance, r.expiring))
            .collect();
        assert_eq!(
            got,
            vec![(ids[2], 80, 80), (ids[0], 0, 0), (ids[1], 1200, 0)]
        );

        let many = vec![ids[0]; tierdesk_api::POINTS_PAGE_MAX + 1];
        let err = api.points_page(&many, d("2026-11-30")).unwrap_err();
        assert!(err.to_string().contains("最多查询 500 位"), "{err}");
    });
}
