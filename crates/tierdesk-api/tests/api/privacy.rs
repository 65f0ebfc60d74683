//! Privacy (PIPL): masking where people see customers, 显示完整 with a
//! purpose and its log entry, editing through a masked form, a person's
//! copy with every kind of record, and an erase that leaves no byte of the
//! person in the file.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use serde_json::json;
use tierdesk_api::domain::{
    CustomerDraft, CustomerQuery, FieldDef, FieldKind, ImportKind, Masking,
};
use tierdesk_api::testing::each_api_with_dir;
use tierdesk_api::{Api, BenefitUseRequest, ErrorCode, ImportRequest};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-06-30";

/// Three customers from a sheet, order lines for two of them, an ID number
/// in a custom field, a tier changed by hand with a reason naming the
/// person, a rating, a benefit use with a personal note, and an edit of the
/// phone (an audit entry with the value before and after).
fn archive(api: &mut Api, dir: &Path) {
    let customers = dir.join("客户.csv");
    std::fs::write(
        &customers,
        "客户编号,客户名称,联系方式,消费金额,邮箱,地址\n\
         P001,欧阳娜娜,13811112222,260000,nana@example.com,北京市朝阳区幸福路1号\n\
         P002,司马懿然,13933334444,90000,,\n\
         P003,诸葛亮亮,13755556666,30000,,\n",
    )
    .unwrap();
    let orders = dir.join("订单.csv");
    std::fs::write(
        &orders,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
         A100,S1,茶叶礼盒,2,2026-03-01 10:00:00,1500,P001\n\
         A101,S2,紫砂壶,1,2026-04-02 11:00:00,2800.5,P001\n\
         A102,S1,茶叶礼盒,1,2026-04-03 09:00:00,1500,P002\n",
    )
    .unwrap();
    let go = &mut |_: tierdesk_api::ImportProgress| true;
    api.commit_import(
        &ImportRequest {
            path: customers.display().to_string(),
            skip_bad_rows: true,
            ..Default::default()
        },
        "测试",
        go,
    )
    .unwrap();
    api.commit_import(
        &ImportRequest {
            path: orders.display().to_string(),
            kind: Some(ImportKind::Transactions),
            skip_bad_rows: true,
            ..Default::default()
        },
        "测试",
        go,
    )
    .unwrap();
    api.add_field_def(FieldDef {
        key: "id_no".into(),
        label: "身份证号".into(),
        kind: FieldKind::Text,
        choices: vec![],
    })
    .unwrap();
    let p1 = api.find_customer("P001").unwrap();
    let mut d = CustomerDraft::from(&p1);
    d.fields.insert("id_no".into(), json!("110101199003071234"));
    d.phone = Some("13811112223".into());
    api.update_customer(p1.id, d).unwrap();
    // Back to the first phone: the log now holds both numbers.
    let mut d = CustomerDraft::from(&api.customer(p1.id).unwrap());
    d.phone = Some("13811112222".into());
    api.update_customer(p1.id, d).unwrap();
    api.apply_evaluation("star4", day(TODAY), None, "测试", &[])
        .unwrap();
    let mut d = CustomerDraft::from(&api.customer(p1.id).unwrap());
    d.tier = Some("silver".into());
    api.update_customer_with_reason(p1.id, d, "欧阳娜娜本人来电投诉，暂降一级", "小李")
        .unwrap();
    api.record_benefit_use(
        &BenefitUseRequest {
            customer_id: p1.id,
            benefit: api
                .customer_benefits(p1.id, day(TODAY))
                .unwrap()
                .benefits
                .first()
                .map(|b| b.name.clone())
                .expect("silver has a benefit"),
            date: Some(day("2026-05-01")),
            note: "寄到欧阳娜娜家 13811112222".into(),
            over_quota_reason: None,
        },
        "小李",
        day(TODAY),
    )
    .unwrap();
}

#[test]
fn lists_and_the_drawer_show_phones_masked_and_a_full_phone_still_finds() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        let page = api
            .list_customers_masked(&CustomerQuery {
                search: Some("13811112222".into()),
                ..CustomerQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(page.items[0].name, "欧阳娜娜");
        assert_eq!(page.items[0].phone.as_deref(), Some("138****2222"));
        let all = api
            .list_customers_masked(&CustomerQuery::default())
            .unwrap();
        assert_eq!(all.total, 3);
        assert!(all
            .items
            .iter()
            .all(|c| c.phone.as_deref().is_some_and(|p| p.contains("****"))));
        let id = page.items[0].id;
        let shown = api.customer_masked(id).unwrap();
        assert_eq!(shown.phone.as_deref(), Some("138****2222"));
        // E-mail and the ID number only once they are marked.
        assert_eq!(shown.email.as_deref(), Some("nana@example.com"));
        assert_eq!(shown.fields["id_no"], json!("110101199003071234"));
    });
}

#[test]
fn marked_fields_and_email_are_masked_and_unknown_fields_refused() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        let m = api
            .set_masking(&Masking {
                mask_email: true,
                sensitive_fields: vec!["id_no".into(), "id_no".into()],
            })
            .unwrap();
        assert_eq!(m.sensitive_fields, vec!["id_no".to_owned()]);
        let id = api.find_customer("P001").unwrap().id;
        let shown = api.customer_masked(id).unwrap();
        assert_eq!(shown.email.as_deref(), Some("n***@example.com"));
        assert_eq!(shown.fields["id_no"], json!("110101********1234"));
        let e = api
            .set_masking(&Masking {
                mask_email: false,
                sensitive_fields: vec!["nope".into()],
            })
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(e.message.contains("nope"), "{}", e.message);
        assert_eq!(
            api.masking().unwrap(),
            m,
            "a refused change changes nothing"
        );
    });
}

#[test]
fn editing_the_name_through_the_masked_form_keeps_the_phone_exactly() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        api.set_masking(&Masking {
            mask_email: true,
            sensitive_fields: vec!["id_no".into()],
        })
        .unwrap();
        let id = api.find_customer("P002").unwrap().id;
        let before = api.customer(id).unwrap();
        // The app's path: the drawer's masked customer, into the form, back.
        let mut draft = CustomerDraft::from(&api.customer_masked(id).unwrap());
        draft.name = "司马懿然二".into();
        let saved = api.update_customer(id, draft).unwrap();
        let after = api.customer(id).unwrap();
        assert_eq!(after.name, "司马懿然二");
        assert_eq!(after.phone, before.phone);
        assert_eq!(after.phone.as_deref(), Some("13933334444"));
        assert_eq!(saved.phone.as_deref(), Some("13933334444"));
        // The same for a customer with an e-mail and an ID number.
        let id = api.find_customer("P001").unwrap().id;
        let before = api.customer(id).unwrap();
        let mut draft = CustomerDraft::from(&api.customer_masked(id).unwrap());
        draft.notes = Some("改了备注".into());
        api.update_customer(id, draft).unwrap();
        let after = api.customer(id).unwrap();
        assert_eq!(
            (&after.phone, &after.email, &after.fields),
            (&before.phone, &before.email, &before.fields)
        );
        assert_eq!(after.notes.as_deref(), Some("改了备注"));
    });
}

#[test]
fn reveal_needs_a_purpose_and_is_logged() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        let id = api.find_customer("P003").unwrap().id;
        let e = api.reveal_customer(id, "  ").unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        let reveals = |api: &Api| {
            api.person_copy("P003", day(TODAY))
                .unwrap()
                .audit
                .into_iter()
                .filter(|e| e.action == "privacy.reveal")
                .collect::<Vec<_>>()
        };
        assert!(reveals(api).is_empty(), "a refused reveal is not logged");
        let c = api.reveal_customer(id, "客户来电核实").unwrap();
        assert_eq!(c.phone.as_deref(), Some("13755556666"));
        let logged = reveals(api);
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].customer_id, Some(id));
        assert!(!logged[0].summary.contains("诸葛"), "{}", logged[0].summary);
        let facts = &logged[0].details.as_ref().unwrap().facts;
        assert!(facts
            .iter()
            .any(|f| f.name == "用途" && f.value == "客户来电核实"));
    });
}

fn sheet_rows(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range.rows().skip(1).map(|r| r.to_vec()).collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_copy_holds_every_kind_of_record_in_both_formats() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        let copy = api.person_copy("P001", day(TODAY)).unwrap();
        assert_eq!(
            copy.customer.phone.as_deref(),
            Some("13811112222"),
            "unmasked"
        );
        assert_eq!(copy.custom_fields.len(), 1);
        assert_eq!(copy.custom_fields[0].label, "身份证号");
        // The rating and the change by hand, newest first.
        assert_eq!(copy.tier_history.len(), 2);
        assert!(copy.tier_history[0].reason.contains("本人来电投诉"));
        assert_eq!(copy.tier_history[0].to_name.as_deref(), Some("银牌"));
        assert!(copy.explanation.is_some());
        assert_eq!(copy.order_lines.len(), 2);
        assert_eq!(copy.benefit_uses.len(), 1);
        // The customer import created them, the order import brought two lines.
        assert_eq!(
            copy.imports
                .iter()
                .map(|i| (i.created, i.lines))
                .collect::<Vec<_>>(),
            vec![(true, 0), (false, 2)]
        );
        assert!(copy.audit.iter().any(|e| e.action == "customer.edit"));
        // A copy's own entry follows it (the next copy holds it).
        assert!(!copy.audit.iter().any(|e| e.action == "privacy.copy"));

        let xlsx = dir.join("副本.xlsx");
        let json_path = dir.join("副本.json");
        let written = api.write_person_copy("P001", &xlsx, day(TODAY)).unwrap();
        api.write_person_copy("P001", &json_path, day(TODAY))
            .unwrap();
        let copy = api.person_copy("P001", day(TODAY)).unwrap();
        // Rows per sheet read back equal the records of each kind.
        let audit_then = copy.audit.len() - 2; // the json copy and this one came later
        let expected = [
            ("基本信息", 20 + 1 + 2),
            ("等级记录", copy.tier_history.len()),
            ("订单明细", 2),
            ("权益使用", 1),
            ("导入记录", 2),
            ("操作日志", audit_then),
        ];
        for (name, n) in expected {
            assert_eq!(sheet_rows(&xlsx, name).len(), n, "sheet {name}");
            let said = written.sheets.iter().find(|(s, _)| s == name).unwrap().1;
            assert_eq!(said as usize, n, "reported rows of {name}");
        }
        assert!(!sheet_rows(&xlsx, "等级说明").is_empty());
        let basics = sheet_rows(&xlsx, "基本信息");
        let value = |label: &str| {
            basics
                .iter()
                .find(|r| cell_text(&r[0]) == label)
                .map(|r| cell_text(&r[1]))
                .unwrap_or_else(|| panic!("no row {label}"))
        };
        assert_eq!(value("客户名称"), "欧阳娜娜");
        assert_eq!(value("联系方式"), "13811112222");
        assert_eq!(value("身份证号"), "110101199003071234");
        assert_eq!(value("地址"), "北京市朝阳区幸福路1号");
        let lines = sheet_rows(&xlsx, "订单明细");
        let amounts: Vec<f64> = lines
            .iter()
            .map(|r| match r[5] {
                Data::Float(f) => f,
                ref other => panic!("amount {other:?}"),
            })
            .collect();
        assert_eq!(amounts, vec![3000.0, 2800.5]);
        assert!(cell_text(&sheet_rows(&xlsx, "权益使用")[0][3]).contains("寄到"));

        let j: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
        assert_eq!(j["customer"]["name"], "欧阳娜娜");
        assert_eq!(j["customer"]["phone"], "13811112222");
        for (key, n) in [
            ("tier_history", 2),
            ("order_lines", 2),
            ("benefit_uses", 1),
            ("imports", 2),
            ("custom_fields", 1),
        ] {
            assert_eq!(j[key].as_array().unwrap().len(), n, "{key}");
        }
        assert!(j["explanation"]["tier_name"].is_string());
        assert!(j["audit"].as_array().unwrap().len() >= 3);
        assert!(j["more"].as_array().unwrap().is_empty());
        // Both writes were logged, with their format.
        let formats: Vec<String> = copy
            .audit
            .iter()
            .filter(|e| e.action == "privacy.copy")
            .filter_map(|e| e.details.as_ref())
            .flat_map(|d| d.facts.iter().filter(|f| f.name == "格式"))
            .map(|f| f.value.clone())
            .collect();
        assert_eq!(formats, vec!["json", "xlsx", "数据"], "newest first");

        let e = api
            .write_person_copy("P001", &dir.join("副本.txt"), day(TODAY))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::File);
        assert!(!dir.join("副本.txt").exists());
    });
}

/// The erased customer's values the file holds before the erase: name,
/// both phones they had (the audit log keeps the one before an edit),
/// address, ID number.
const PERSONAL: [&str; 5] = [
    "欧阳娜娜",
    "13811112222",
    "13811112223",
    "幸福路",
    "110101199003071234",
];

fn file_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    for ext in ["-wal", "-journal"] {
        let side = Path::new(&format!("{}{ext}", db.display())).to_owned();
        if let Ok(b) = std::fs::read(&side) {
            bytes.extend(b);
        }
    }
    bytes
}

fn count(hay: &[u8], needle: &str) -> usize {
    let n = needle.as_bytes();
    hay.windows(n.len()).filter(|w| *w == n).count()
}

// SQLite only: about the bytes left in the file (the store's erase tests
// cover a team database).
#[test]
fn an_erase_leaves_no_byte_of_the_person_and_keeps_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("客户.db");
    let mut api = Api::open(&db).unwrap();
    archive(&mut api, dir.path());
    let id = api.find_customer("P001").unwrap().id;
    api.reveal_customer(id, "客户来电核实").unwrap();
    let lines_before = api.person_copy("P001", day(TODAY)).unwrap().order_lines;
    let revenue_before = api.dashboard(day(TODAY)).unwrap().report.revenue;
    drop(api);
    let before = file_bytes(&db);
    for needle in PERSONAL {
        assert!(count(&before, needle) > 0, "{needle} is in the file before");
    }

    let mut api = Api::open(&db).unwrap();
    let e = api.erase_customer("P001", " ").unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    let s = api.erase_customer("P001", "客户本人要求删除").unwrap();
    assert_eq!(s.customer_id, id);
    assert!(s.wal_emptied);
    // The order import changed their figures: its values before.
    assert_eq!(s.import_records, 1);
    assert_eq!(s.tier_reasons, 1);
    assert_eq!(s.benefit_notes, 1);
    assert!(s.audit_details >= 3, "{s:?}");
    let c = api.customer(id).unwrap();
    assert_eq!(c.name, format!("已删除的客户 #{id}"));
    assert_eq!(
        (c.code, c.phone, c.email, c.address),
        (None, None, None, None)
    );
    assert!(c.fields.is_empty());
    let lines_after = api
        .person_copy(&id.to_string(), day(TODAY))
        .unwrap()
        .order_lines;
    assert_eq!(lines_after, lines_before, "amounts and dates stay");
    assert_eq!(
        api.dashboard(day(TODAY)).unwrap().report.revenue,
        revenue_before
    );
    let copy = api.person_copy(&id.to_string(), day(TODAY)).unwrap();
    let erase: Vec<_> = copy
        .audit
        .iter()
        .filter(|e| e.action == "customer.erase")
        .collect();
    assert_eq!(erase.len(), 1);
    assert!(erase[0]
        .details
        .as_ref()
        .unwrap()
        .facts
        .iter()
        .any(|f| f.value == "客户本人要求删除"));
    assert!(copy.tier_history.iter().all(|h| !h.reason.contains("欧阳")));
    assert_eq!(copy.benefit_uses[0].note, "");
    drop(api);

    let after = file_bytes(&db);
    for needle in PERSONAL.iter().chain(&["nana@example"]) {
        assert_eq!(count(&after, needle), 0, "{needle} is still in the file");
    }
    // The others are still there, as many as before.
    for needle in ["司马懿然", "13933334444", "诸葛亮亮", "13755556666"] {
        assert!(count(&after, needle) > 0, "{needle} went too");
    }
    let api = Api::open(&db).unwrap();
    assert_eq!(api.db_info().unwrap().customers, 3);
    assert_eq!(
        api.list_customers(&CustomerQuery {
            search: Some("欧阳".into()),
            ..CustomerQuery::default()
        })
        .unwrap()
        .total,
        0
    );
}

/// The app names the customer of its drawer by internal id. Codes are often
/// numbers too: a customer whose code is another one's id must not be the
/// one erased or copied.
#[test]
fn the_drawer_erases_and_copies_the_customer_by_id_never_by_a_code_equal_to_it() {
    each_api_with_dir(|api, dir| {
        let first = api
            .create_customer(CustomerDraft {
                name: "东方不败".into(),
                code: Some("A-7".into()),
                phone: Some("13811110001".into()),
                ..Default::default()
            })
            .unwrap();
        let other = api
            .create_customer(CustomerDraft {
                name: "令狐冲".into(),
                code: Some(first.id.to_string()),
                phone: Some("13811110002".into()),
                ..Default::default()
            })
            .unwrap();
        assert_ne!(first.id, other.id);
        // What the drawer's id, read as "id or code", finds: the other one.
        assert_eq!(
            api.find_customer(&first.id.to_string()).unwrap().id,
            other.id
        );

        let out = dir.join("副本.json");
        api.write_person_copy_by_id(first.id, &out, day(TODAY))
            .unwrap();
        let copy: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(copy["customer"]["id"], first.id);
        assert_eq!(copy["customer"]["name"], "东方不败");

        let s = api
            .erase_customer_by_id(first.id, "客户本人要求删除")
            .unwrap();
        assert_eq!(s.customer_id, first.id);
        assert_eq!(api.customer(first.id).unwrap().name, s.name);
        assert_eq!(
            api.customer(other.id).unwrap().name,
            "令狐冲",
            "the other stays"
        );
        let e = api
            .erase_customer_by_id(9999, "客户本人要求删除")
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        let e = api.erase_customer_by_id(other.id, " ").unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
    });
}
