//! Custom field definitions on either backend: added in order, refused twice,
//! removed once, each change in the audit log.

use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::{FieldDef, FieldKind};
use tierdesk_store::testing::each_backend;
use tierdesk_store::{Store, StoreError};

fn field(key: &str, label: &str, kind: FieldKind, choices: &[&str]) -> FieldDef {
    FieldDef {
        key: key.into(),
        label: label.into(),
        kind,
        choices: choices.iter().map(|c| (*c).to_owned()).collect(),
    }
}

fn keys(store: &Store) -> Vec<String> {
    store
        .field_defs()
        .unwrap()
        .into_iter()
        .map(|f| f.key)
        .collect()
}

fn actions(store: &Store) -> Vec<(String, String)> {
    let page = store.audit_list(&AuditFilter::default()).unwrap();
    page.items
        .into_iter()
        .rev()
        .map(|e| (e.action, e.summary))
        .collect()
}

#[test]
fn fields_are_added_in_order_refused_twice_and_removed_once() {
    each_backend(|store| {
        // Positions, not keys, give the order: "zone" comes before "area".
        store
            .add_field_def(&field("zone", "片区", FieldKind::Choice, &["东", "西"]))
            .unwrap();
        store
            .add_field_def(&field("area", "面积", FieldKind::Text, &[]))
            .unwrap();
        assert_eq!(keys(store), ["zone", "area"]);
        let zone = &store.field_defs().unwrap()[0];
        assert_eq!(
            (zone.label.as_str(), zone.kind),
            ("片区", FieldKind::Choice)
        );
        assert_eq!(zone.choices, ["东", "西"]);

        let again = store.add_field_def(&field("zone", "别名", FieldKind::Text, &[]));
        assert!(matches!(again, Err(StoreError::DuplicateField(k)) if k == "zone"));
        assert_eq!(store.field_defs().unwrap()[0].label, "片区");

        store.remove_field_def("zone").unwrap();
        assert_eq!(keys(store), ["area"]);
        let gone = store.remove_field_def("zone");
        assert!(matches!(gone, Err(StoreError::FieldNotFound(k)) if k == "zone"));
        // Added again, it goes after the fields left.
        store
            .add_field_def(&field("zone", "片区", FieldKind::Text, &[]))
            .unwrap();
        assert_eq!(keys(store), ["area", "zone"]);

        assert_eq!(
            actions(store),
            [
                (
                    "field.add".to_owned(),
                    "新增自定义字段「片区」（zone）".to_owned()
                ),
                (
                    "field.add".to_owned(),
                    "新增自定义字段「面积」（area）".to_owned()
                ),
                (
                    "field.delete".to_owned(),
                    "删除自定义字段「片区」（zone）".to_owned()
                ),
                (
                    "field.add".to_owned(),
                    "新增自定义字段「片区」（zone）".to_owned()
                ),
            ]
        );
    });
}
