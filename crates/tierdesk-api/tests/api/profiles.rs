//! Saved column mappings (导入方案): listed after an import with what each
//! column maps to, renamed, refused a clashing name, and deleted so the next
//! sheet with the same headers is guessed again.

use tierdesk_api::domain::ImportKind;
use tierdesk_api::mapping::Target;
use tierdesk_api::testing::each_api_with_dir;
use tierdesk_api::{Api, ErrorCode, ImportRequest};

use crate::import::{fixture, go, request};

/// The saved mappings' names, most recently used first.
fn names(api: &Api) -> Vec<String> {
    api.import_profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[test]
fn profiles_are_listed_renamed_and_deleted() {
    each_api_with_dir(|api, dir| {
        assert!(api.import_profiles().unwrap().is_empty());
        let req = request(&fixture());

        // The person confirms the guess with the 满意度 column left out.
        let first = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(first.profile, None);
        let guess = first.mapping.clone();
        let mut confirmed = guess.clone();
        let satisfaction = confirmed
            .columns
            .iter_mut()
            .find(|c| c.header == "满意度")
            .expect("the fixture has a 满意度 column");
        assert_ne!(satisfaction.target, Target::Ignore);
        satisfaction.target = Target::Ignore;
        let committed = ImportRequest {
            mapping: Some(confirmed.clone()),
            ..req.clone()
        };
        api.commit_import(&committed, "测试", &mut go).unwrap();

        let list = api.import_profiles().unwrap();
        assert_eq!(list.len(), 1);
        let p = &list[0];
        assert_eq!(p.name, "星级客户管理表_示例.xlsx · 星级客户");
        assert_eq!(p.kind, ImportKind::Customers);
        assert!(!p.unreadable);
        assert_eq!(p.ignored, vec!["序号", "满意度"]);
        let pairs: Vec<(&str, &str)> = p
            .columns
            .iter()
            .map(|c| (c.header.as_str(), c.field.as_str()))
            .collect();
        assert!(pairs.contains(&("客户名称", "客户名称")), "{pairs:?}");
        assert!(
            pairs.contains(&("消费金额（万元）", "消费金额")),
            "the field's label, not its key: {pairs:?}"
        );
        assert_eq!(
            p.columns.len() + p.ignored.len(),
            confirmed
                .columns
                .iter()
                .filter(|c| !c.header.trim().is_empty())
                .count()
        );

        // The same headers again: the saved mapping, by its new name after a rename.
        let again = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(again.profile.as_deref(), Some(p.name.as_str()));
        assert_eq!(again.mapping, confirmed);
        let renamed = api.rename_import_profile(&p.name, "  华东客户表 ").unwrap();
        assert_eq!(renamed.name, "华东客户表");
        assert_eq!(renamed.columns, p.columns);
        let again = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(again.profile.as_deref(), Some("华东客户表"));

        // A second profile from a sheet with other headers; names may not clash.
        let csv = dir.join("新客户.csv");
        std::fs::write(&csv, "客户名称,手机号码\n王五,13700000000\n").unwrap();
        api.commit_import(&request(&csv), "测试", &mut go).unwrap();
        let two = names(api);
        assert_eq!(two.len(), 2, "{two:?}");
        let other = two.iter().find(|n| *n != "华东客户表").unwrap().clone();
        let clash = api.rename_import_profile("华东客户表", &other).unwrap_err();
        assert_eq!(clash.code, ErrorCode::Invalid);
        assert!(clash.message.contains("已有名为"), "{}", clash.message);
        assert_eq!(clash.problems[0].field, "name");
        let empty = api.rename_import_profile("华东客户表", "   ").unwrap_err();
        assert_eq!(empty.code, ErrorCode::Invalid);
        assert!(empty.message.contains("不能为空"), "{}", empty.message);
        let missing = api.rename_import_profile("没有这个", "随便").unwrap_err();
        assert_eq!(missing.code, ErrorCode::NotFound);
        assert!(api
            .import_profiles()
            .unwrap()
            .iter()
            .any(|p| p.name == "华东客户表"));

        // Deleted: the same file is guessed again.
        api.delete_import_profile("华东客户表").unwrap();
        let gone = api.delete_import_profile("华东客户表").unwrap_err();
        assert_eq!(gone.code, ErrorCode::NotFound);
        assert!(gone.message.contains("找不到导入方案"), "{}", gone.message);
        assert_eq!(names(api), vec![other]);
        let fresh = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(fresh.profile, None);
        assert_eq!(fresh.mapping, guess);
        assert_ne!(fresh.mapping, confirmed);
    });
}

/// Two header layouts from files of the same name get two names, so
/// renaming or deleting one leaves the other; importing a layout again
/// keeps its own name.
#[test]
fn two_layouts_of_one_file_name_get_two_names() {
    each_api_with_dir(|api, dir| {
        let mut files = Vec::new();
        for (sub, text) in [
            (
                "一月",
                "客户名称,联系电话,消费金额\n张三,13812345678,1000\n",
            ),
            ("二月", "客户名称,消费金额,购买次数\n李四,2000,3\n"),
        ] {
            std::fs::create_dir(dir.join(sub)).unwrap();
            let path = dir.join(sub).join("客户.csv");
            std::fs::write(&path, text).unwrap();
            api.commit_import(&request(&path), "测试", &mut go).unwrap();
            files.push(path);
        }
        let mut both = names(api);
        both.sort();
        assert_eq!(both, vec!["客户.csv · 客户", "客户.csv · 客户 (2)"]);

        // The first layout again: its profile is applied and keeps its name.
        let again = api.preview_import(&request(&files[0]), &mut go).unwrap();
        assert_eq!(again.profile.as_deref(), Some("客户.csv · 客户"));
        api.commit_import(&request(&files[0]), "测试", &mut go)
            .unwrap();
        assert_eq!(api.import_profiles().unwrap().len(), 2);

        api.delete_import_profile("客户.csv · 客户 (2)").unwrap();
        assert_eq!(names(api), vec!["客户.csv · 客户"]);
    });
}
