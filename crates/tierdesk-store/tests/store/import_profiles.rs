//! Saved column mappings (导入方案) on both backends: saved under a free
//! name, saved again without a new audit entry when unchanged, renamed and
//! deleted with clear refusals.

use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::ImportKind;
use tierdesk_store::testing::{backends, each_backend};
use tierdesk_store::{Store, StoreError};

/// The saved mappings as (name, signature, mapping), most recently used first.
fn saved(store: &Store) -> Vec<(String, String, String)> {
    store
        .import_profiles()
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.signature, p.mapping))
        .collect()
}

/// The actions of the profile entries in the audit log, oldest first.
fn logged(store: &Store) -> Vec<String> {
    let mut actions: Vec<(i64, String)> = store
        .audit_list(&AuditFilter {
            action: Some("import.profile.".into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .items
        .into_iter()
        .map(|e| (e.id, e.action))
        .collect();
    actions.sort();
    actions.into_iter().map(|(_, a)| a).collect()
}

#[test]
fn mappings_are_saved_renamed_and_deleted_alike_on_both_backends() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let kind = ImportKind::Customers;
        store
            .save_import_profile("sig-a", "客户表", kind, r#"{"A":"name"}"#)
            .unwrap();
        // Another layout under the same name gets the next free one.
        store
            .save_import_profile("sig-b", "客户表", kind, r#"{"B":"name"}"#)
            .unwrap();
        // Saved again unchanged after an import: no new entry.
        store
            .save_import_profile("sig-a", "客户表", kind, r#"{"A":"name"}"#)
            .unwrap();
        let names: Vec<String> = saved(store).into_iter().map(|p| p.0).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, ["客户表", "客户表 (2)"]);
        assert_eq!(
            logged(store),
            ["import.profile.save", "import.profile.save"]
        );

        assert!(matches!(
            store.rename_import_profile("客户表", "  "),
            Err(StoreError::EmptyProfileName)
        ));
        assert!(matches!(
            store.rename_import_profile("客户表", "客户表 (2)"),
            Err(StoreError::DuplicateProfile(n)) if n == "客户表 (2)"
        ));
        assert!(matches!(
            store.rename_import_profile("没有", "新名"),
            Err(StoreError::ProfileNotFound(n)) if n == "没有"
        ));
        store.rename_import_profile("客户表", " 会员表 ").unwrap();
        store.delete_import_profile("客户表 (2)").unwrap();
        assert!(matches!(
            store.delete_import_profile("客户表 (2)"),
            Err(StoreError::ProfileNotFound(_))
        ));
        assert_eq!(
            saved(store),
            [(
                "会员表".to_owned(),
                "sig-a".to_owned(),
                r#"{"A":"name"}"#.to_owned()
            )]
        );
        assert_eq!(
            logged(store),
            [
                "import.profile.save",
                "import.profile.save",
                "import.profile.rename",
                "import.profile.delete"
            ]
        );
    });
    assert_eq!(runs, backends());
}
