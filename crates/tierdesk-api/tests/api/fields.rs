use tierdesk_api::domain::{CustomerDraft, FieldDef, FieldKind};
use tierdesk_api::testing::each_api;
use tierdesk_api::ErrorCode;

fn def(key: &str, label: &str, kind: FieldKind, choices: &[&str]) -> FieldDef {
    FieldDef {
        key: key.into(),
        label: label.into(),
        kind,
        choices: choices.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn custom_fields_are_checked_and_kept() {
    each_api(|api| {
        api.add_field_def(def("satisfaction", "满意度", FieldKind::Number, &[]))
            .unwrap();
        api.add_field_def(def("channel", "渠道", FieldKind::Choice, &["线上", "门店"]))
            .unwrap();
        api.add_field_def(def("visited_on", "拜访日期", FieldKind::Date, &[]))
            .unwrap();

        // Each bad key or definition gets its own message.
        for (bad, want) in [
            (def("Satisfaction", "x", FieldKind::Text, &[]), "字段标识"),
            (def("spend", "x", FieldKind::Text, &[]), "内置字段"),
            (def("satisfaction", "重复", FieldKind::Text, &[]), "已存在"),
            (
                def("empty_choice", "空选项", FieldKind::Choice, &[]),
                "至少要有一个选项",
            ),
        ] {
            let err = api.add_field_def(bad).unwrap_err();
            assert!(
                err.message.contains(want),
                "{} should mention {want}",
                err.message
            );
        }

        let mut d = CustomerDraft {
            name: "张三".into(),
            ..Default::default()
        };
        d.fields.insert("satisfaction".into(), "９０".into());
        d.fields.insert("channel".into(), "线上".into());
        d.fields.insert("visited_on".into(), "2024-03-01".into());
        let c = api.create_customer(d.clone()).unwrap();
        assert_eq!(c.fields["satisfaction"], serde_json::json!(90.0));
        assert_eq!(c.fields["channel"], "线上");

        d.fields.insert("channel".into(), "电话".into());
        d.fields.insert("visited_on".into(), "三月一日".into());
        d.fields.insert("nope".into(), "x".into());
        let err = api.create_customer(d).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let fields: Vec<&str> = err.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["channel", "nope", "visited_on"]);

        // Removing a definition keeps the stored values.
        api.remove_field_def("satisfaction").unwrap();
        assert_eq!(
            api.customer(c.id).unwrap().fields["satisfaction"],
            serde_json::json!(90.0)
        );
    });
}
