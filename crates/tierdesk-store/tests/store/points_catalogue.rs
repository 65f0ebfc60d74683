//! The catalogue beyond adding: editing an item, turning it off (it can no
//! longer be redeemed, the ledger keeps naming it), the redeemed counts
//! (undone redemptions left out) and the audit entry of an edit.

use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::points::ItemKind;
use tierdesk_store::testing::each_backend;
use tierdesk_store::ItemChange;

use crate::cases::customer;
use crate::points::{d, refused};

#[test]
fn an_edited_item_keeps_its_id_and_a_turned_off_one_cannot_be_redeemed() {
    each_backend(|store| {
        let a = customer(store, "甲");
        let mug = store
            .points_catalogue_add("保温杯", ItemKind::Gift, 300, Some(5))
            .unwrap();
        let coupon = store
            .points_catalogue_add("满减券", ItemKind::Coupon, 100, None)
            .unwrap();
        store
            .points_adjust(a, 2000, "老客户补录", d("2025-01-10"), None)
            .unwrap();
        let r1 = store.points_redeem(a, mug.id, 2, d("2025-02-01")).unwrap();
        let r2 = store.points_redeem(a, mug.id, 1, d("2025-02-02")).unwrap();
        store
            .points_redeem(a, coupon.id, 3, d("2025-02-02"))
            .unwrap();
        store
            .points_undo(r2.id, "客户退回", d("2025-02-03"))
            .unwrap();
        let redeemed = store.points_redeemed().unwrap();
        assert_eq!(redeemed.len(), 2);
        assert_eq!((redeemed[&mug.id], redeemed[&coupon.id]), (2, 3));

        let change = ItemChange {
            name: " 不锈钢保温杯 ",
            kind: ItemKind::Gift,
            price: 350,
            stock: Some(10),
            active: true,
        };
        let edited = store.points_catalogue_edit(mug.id, &change).unwrap();
        assert_eq!(edited.id, mug.id);
        assert_eq!(
            (
                edited.name.as_str(),
                edited.price,
                edited.stock,
                edited.active
            ),
            ("不锈钢保温杯", 350, Some(10), true)
        );
        let taken = ItemChange {
            name: "满减券",
            ..change.clone()
        };
        assert!(refused(store.points_catalogue_edit(mug.id, &taken)).contains("已有「满减券」"));
        let free = ItemChange {
            price: 0,
            ..change.clone()
        };
        assert!(refused(store.points_catalogue_edit(mug.id, &free)).contains("须大于 0"));
        assert!(refused(store.points_catalogue_edit(999, &change)).contains("#999"));

        let off = ItemChange {
            active: false,
            ..change.clone()
        };
        store.points_catalogue_edit(mug.id, &off).unwrap();
        assert!(refused(store.points_redeem(a, mug.id, 1, d("2025-03-01"))).contains("没有礼品"));
        // The old redemption still names the item, the count is unchanged, the
        // turned-off item sorts after the active one.
        let ledger = store.points_ledger(a).unwrap();
        assert_eq!(
            ledger.iter().find(|e| e.id == r1.id).unwrap().item_id,
            Some(mug.id)
        );
        assert_eq!(store.points_redeemed().unwrap()[&mug.id], 2);
        let names: Vec<_> = store
            .points_catalogue()
            .unwrap()
            .into_iter()
            .map(|i| (i.id, i.active))
            .collect();
        assert_eq!(names, vec![(coupon.id, true), (mug.id, false)]);

        let log = store
            .audit_list(&AuditFilter {
                action: Some("points.catalogue_edit".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(log.total, 2);
        let last = &log.items[0];
        assert_eq!(last.summary, format!("修改兑换礼品：#{}", mug.id));
        let facts: Vec<_> = last
            .details
            .as_ref()
            .expect("the edit's facts")
            .facts
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            facts,
            vec![("名称", "不锈钢保温杯"), ("状态", "启用 → 停用")]
        );
    });
}

#[test]
fn the_list_sorts_by_the_points_balance_with_no_ledger_as_zero() {
    use tierdesk_domain::{CustomerQuery, SortKey};
    each_backend(|store| {
        let a = customer(store, "甲");
        let b = customer(store, "乙");
        let c = customer(store, "丙");
        let e = customer(store, "丁");
        store
            .points_adjust(a, 300, "补录", d("2025-01-10"), None)
            .unwrap();
        store
            .points_adjust(c, 900, "补录", d("2025-01-10"), None)
            .unwrap();
        store
            .points_adjust(c, -850, "扣减", d("2025-01-11"), None)
            .unwrap();
        store
            .points_adjust(e, 700, "补录", d("2025-01-10"), None)
            .unwrap();
        let order = |descending: bool, offset: u32| -> Vec<i64> {
            let q = CustomerQuery {
                sort: SortKey::Points,
                descending,
                limit: 2,
                offset,
                ..Default::default()
            };
            let page = store.list_customers(&q).unwrap();
            assert_eq!(page.total, 4);
            page.items.into_iter().map(|x| x.id).collect()
        };
        // Balances: 甲 300, 乙 none (0), 丙 50 (its last row, not its first), 丁 700.
        assert_eq!([order(true, 0), order(true, 2)].concat(), vec![e, a, c, b]);
        assert_eq!(
            [order(false, 0), order(false, 2)].concat(),
            vec![b, c, a, e]
        );
    });
}
