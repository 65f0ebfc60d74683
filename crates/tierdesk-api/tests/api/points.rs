//! Points through the API: the person's copy lists the ledger with the
//! reasons typed, an erase wipes them and keeps the sums; the account's
//! 即将过期 follows the active scheme's expiry rule.

use chrono::NaiveDate;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_copy_lists_the_ledger_and_erase_wipes_its_reasons() {
    each_api(|api| {
        let id = api
            .create_customer(CustomerDraft {
                code: Some("P1".into()),
                name: "张三".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        api.points_adjust(id, 200, "张三太太介绍的新客户", d("2026-03-01"))
            .unwrap();
        api.points_adjust(id, -50, "补扣", d("2026-03-02")).unwrap();
        // Earned 2026-03-01: by the default rule they last to 2027-12-31.
        let account = api.points_account(id, d("2027-11-01")).unwrap();
        assert_eq!((account.balance, account.expiring), (150, 150));
        let account = api.points_account(id, d("2027-06-01")).unwrap();
        assert_eq!(account.expiring, 0);
        assert_eq!(account.entries.len(), 2);

        let copy = api.person_copy("P1", d("2026-11-30")).unwrap();
        let section = copy
            .more
            .iter()
            .find(|s| s.title == "积分明细")
            .expect("a 积分明细 sheet");
        assert_eq!(section.rows.len(), 2);
        assert_eq!(section.rows[0][7], "张三太太介绍的新客户");
        assert_eq!(section.rows[1][4], "150");
        assert_eq!(section.headers.len(), section.rows[0].len());

        api.erase_customer("P1", "本人要求删除").unwrap();
        let entries = api.points_account(id, d("2026-11-30")).unwrap().entries;
        assert_eq!(entries.len(), 2);
        assert!(entries.iter().all(|e| !e.reason.contains("张三")));
    });
}
