//! No silent overwrite for 等级方案: two sessions on one database (a file
//! opened twice, or two connections to one team database, each a 管理员)
//! edit the same scheme from the editor. A field only the other changed
//! survives my save; a field both changed is refused with exactly those
//! fields in words; the choices save exactly those values; a dialog that
//! went stale is refused again. The scheme is one no rating used, so its
//! version is overwritten in place: the revision, not the version number,
//! tells that someone saved in between.

use tierdesk_api::domain::audit::AuditFilter;
use tierdesk_api::domain::merge::{EditBase, EditConflict, Resolution, RowKind};
use tierdesk_api::domain::Role;
use tierdesk_api::engine::Scheme;
use tierdesk_api::testing::each_api_with_dir;
use tierdesk_api::{Api, ApiError, ErrorCode, SchemeSummary};

/// 李四 at `api`, 张三 at the session returned; both may edit schemes.
fn two_desks(api: &mut Api, dir: &std::path::Path) -> Api {
    crate::conflicts::two_desks_as(api, dir, Role::Admin)
}

fn star4(api: &Api) -> SchemeSummary {
    api.schemes()
        .unwrap()
        .into_iter()
        .find(|s| s.key == "star4")
        .unwrap()
}

/// What the editor opened: the revision and the file it showed.
fn opened(s: &SchemeSummary) -> EditBase<String> {
    EditBase::new(s.revision, s.toml.clone())
}

/// The scheme as opened, changed by `f`, as the file the editor sends.
fn edited(s: &SchemeSummary, f: impl FnOnce(&mut Scheme)) -> String {
    let mut scheme = Scheme::from_toml(&s.toml).unwrap();
    f(&mut scheme);
    scheme.to_toml()
}

fn tier<'a>(s: &'a Scheme, key: &str) -> &'a tierdesk_api::engine::TierDef {
    s.tier(key).unwrap()
}

fn tier_mut<'a>(s: &'a mut Scheme, key: &str) -> &'a mut tierdesk_api::engine::TierDef {
    s.tiers.iter_mut().find(|t| t.key == key).unwrap()
}

fn conflict_of(e: &ApiError) -> &EditConflict {
    assert_eq!(e.code, ErrorCode::EditConflict, "{e:?}");
    e.conflict.as_deref().expect("a conflict payload")
}

fn stored(api: &Api) -> Scheme {
    api.scheme("star4").unwrap()
}

/// The `scheme.edit` entries of star4, oldest first.
fn edits(api: &Api) -> Vec<tierdesk_api::domain::audit::AuditEntry> {
    let mut list = api
        .audit_list(&AuditFilter {
            action: Some("scheme.edit".into()),
            ..Default::default()
        })
        .unwrap()
        .items;
    list.reverse();
    list
}

#[test]
fn a_field_only_they_changed_survives_my_save() {
    each_api_with_dir(|api, dir| {
        let zhang = two_desks(api, dir);
        let open = star4(api);
        let base = opened(&open);
        // 张三 saves a new condition for 金牌 first.
        let theirs = zhang
            .save_scheme(
                &edited(&open, |s| {
                    tier_mut(s, "gold").condition = Some("spend >= 150000".into())
                }),
                base.clone(),
            )
            .unwrap();
        assert!(theirs.theirs_kept.is_empty());
        assert_eq!(theirs.item.revision, open.revision + 1);
        // Never used by a rating: the same version, saved over.
        assert_eq!(theirs.item.version, open.version);
        assert_eq!(theirs.item.updated_by.as_deref(), Some("张三"));
        // 李四 renames the scheme and recolours 钻石 from the same opening.
        let mine = api
            .save_scheme(
                &edited(&open, |s| {
                    s.name = "四星级 2027".into();
                    tier_mut(s, "diamond").color = "#112233".into();
                }),
                base,
            )
            .unwrap();
        let kept: Vec<(&str, &str)> = mine
            .theirs_kept
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(kept, [("tiers.gold.condition", "「金牌」的条件")]);
        assert_eq!(mine.item.revision, open.revision + 2);
        assert_eq!(mine.item.version, open.version);
        assert_eq!(mine.item.updated_by.as_deref(), Some("李四"));
        let now = stored(&zhang);
        assert_eq!(now.name, "四星级 2027");
        assert_eq!(tier(&now, "diamond").color, "#112233");
        assert_eq!(
            tier(&now, "gold").condition.as_deref(),
            Some("spend >= 150000")
        );
        // Everything else as it was opened.
        let mut expect = Scheme::from_toml(&open.toml).unwrap();
        expect.name = "四星级 2027".into();
        tier_mut(&mut expect, "diamond").color = "#112233".into();
        tier_mut(&mut expect, "gold").condition = Some("spend >= 150000".into());
        assert_eq!(now, expect);
        assert_eq!(mine.item.toml, expect.to_toml());
        // Both saves are in the log, the second naming what it kept.
        let log = edits(api);
        assert_eq!(log.len(), 2);
        assert_eq!(
            log.iter().map(|e| e.actor.as_str()).collect::<Vec<_>>(),
            ["张三", "李四"]
        );
        let facts = &log[1].details.as_ref().unwrap().facts;
        let fact = |label: &str| {
            facts
                .iter()
                .find(|f| f.name == label)
                .map(|f| f.value.clone())
        };
        assert_eq!(fact("合并了修改").as_deref(), Some("张三"));
        assert_eq!(fact("保留的对方修改").as_deref(), Some("「金牌」的条件"));
        assert!(log[0].details.as_ref().unwrap().facts.is_empty());
    });
}

/// 张三's save and 李四's clashing edit of the same opening.
fn clash(api: &mut Api, zhang: &mut Api) -> (SchemeSummary, String, EditBase<String>, ApiError) {
    let open = star4(api);
    let base = opened(&open);
    zhang
        .save_scheme(
            &edited(&open, |s| {
                tier_mut(s, "diamond").condition = Some("spend >= 400000".into());
                tier_mut(s, "gold").name = "金卡".into();
                s.description = "张三改过的说明".into();
            }),
            base.clone(),
        )
        .unwrap();
    let mine = edited(&open, |s| {
        tier_mut(s, "diamond").condition = Some("spend >= 500000".into());
        tier_mut(s, "gold").name = "黄金".into();
        tier_mut(s, "silver").stars = 3;
    });
    let err = api.save_scheme(&mine, base.clone()).unwrap_err();
    (open, mine, base, err)
}

#[test]
fn a_clash_is_refused_with_exactly_the_clashing_fields() {
    each_api_with_dir(|api, dir| {
        let mut zhang = two_desks(api, dir);
        let (open, _, _, err) = clash(api, &mut zhang);
        let c = conflict_of(&err);
        assert_eq!(c.kind, RowKind::Scheme);
        assert_eq!(c.who, "张三");
        assert_eq!(c.version, open.revision + 1);
        let msg = err.msg.as_ref().unwrap();
        assert_eq!(msg.key, "conflict.scheme");
        assert!(
            err.message.starts_with("此方案已被 张三 于 "),
            "{}",
            err.message
        );
        assert!(err.message.ends_with(" 修改"), "{}", err.message);
        let fields: Vec<(&str, &str)> = c
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("tiers.diamond.condition", "「钻石」的条件"),
                ("tiers.gold.name", "「金牌」的名称"),
            ]
        );
        // Conditions in the rule text the editor shows.
        let cond = &c.fields[0];
        assert_eq!(cond.mine, "消费金额 ≥ 50万");
        assert_eq!(cond.theirs, "消费金额 ≥ 40万");
        assert_eq!(cond.original, "消费金额 ≥ 30万");
        let name = &c.fields[1];
        assert_eq!(
            (&name.mine, &name.theirs, &name.original),
            (&"黄金".into(), &"金卡".into(), &"金牌".into())
        );
        // Nothing of mine was written: the stored scheme is 张三's.
        let now = star4(&zhang);
        assert_eq!(now.revision, open.revision + 1);
        assert_eq!(now.updated_by.as_deref(), Some("张三"));
        assert_eq!(tier(&stored(api), "silver").stars, 2);
        assert_eq!(edits(api).len(), 1);
    });
}

#[test]
fn the_choices_save_exactly_those_values() {
    each_api_with_dir(|api, dir| {
        let mut zhang = two_desks(api, dir);
        let (open, mine, base, err) = clash(api, &mut zhang);
        let version = conflict_of(&err).version;
        // Keep my condition for 钻石, their name for 金牌.
        let chosen = EditBase {
            resolved: Some(Resolution {
                version,
                theirs: vec!["tiers.gold.name".into()],
            }),
            ..base
        };
        let saved = api.save_scheme(&mine, chosen).unwrap();
        assert_eq!(saved.item.revision, open.revision + 2);
        let kept: Vec<&str> = saved.theirs_kept.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(kept, ["description", "tiers.gold.name"]);
        let now = stored(&zhang);
        let mut expect = Scheme::from_toml(&open.toml).unwrap();
        tier_mut(&mut expect, "diamond").condition = Some("spend >= 500000".into());
        tier_mut(&mut expect, "gold").name = "金卡".into();
        tier_mut(&mut expect, "silver").stars = 3;
        expect.description = "张三改过的说明".into();
        assert_eq!(now, expect);
        assert_eq!(edits(api).len(), 2);
    });
}

#[test]
fn a_save_against_a_stale_dialog_is_refused_again() {
    each_api_with_dir(|api, dir| {
        let mut zhang = two_desks(api, dir);
        let (_, mine, base, err) = clash(api, &mut zhang);
        let shown = conflict_of(&err).version;
        // 张三 saves again while 李四 chooses in the dialog.
        let again = star4(&zhang);
        zhang
            .save_scheme(
                &edited(&again, |s| {
                    tier_mut(s, "diamond").condition = Some("spend >= 600000".into())
                }),
                opened(&again),
            )
            .unwrap();
        let stale = EditBase {
            resolved: Some(Resolution {
                version: shown,
                theirs: vec!["tiers.gold.name".into()],
            }),
            ..base
        };
        let err = api.save_scheme(&mine, stale).unwrap_err();
        let c = conflict_of(&err);
        assert_eq!(c.version, shown + 1);
        // The choices made against the older revision count for nothing.
        let keys: Vec<&str> = c.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["tiers.diamond.condition", "tiers.gold.name"]);
        assert_eq!(c.fields[0].theirs, "消费金额 ≥ 60万");
        assert_eq!(
            tier(&stored(api), "diamond").condition.as_deref(),
            Some("spend >= 600000")
        );
        assert_eq!(tier(&stored(api), "silver").stars, 2);
    });
}

#[test]
fn tiers_added_and_removed_are_fields_of_their_own() {
    each_api_with_dir(|api, dir| {
        let zhang = two_desks(api, dir);
        let open = star4(api);
        let base = opened(&open);
        // 张三 adds 黑卡 above 钻石 and raises 银牌's stars.
        zhang
            .save_scheme(
                &edited(&open, |s| {
                    let mut black =
                        tierdesk_api::engine::TierDef::plain("black", "黑卡", "#000000", 5);
                    black.condition = Some("spend >= 1000000".into());
                    s.tiers.insert(0, black);
                    tier_mut(s, "silver").stars = 3;
                }),
                base.clone(),
            )
            .unwrap();
        // 李四 removes 银牌 (and its benefits): that clashes with 张三's
        // change of it, as one field, the tier itself.
        let mine = edited(&open, |s| {
            s.tiers.retain(|t| t.key != "silver");
            s.benefits.retain(|b| b.tier != "silver");
            tier_mut(s, "gold").condition = Some("spend >= 80000".into());
        });
        let err = api.save_scheme(&mine, base.clone()).unwrap_err();
        let c = conflict_of(&err);
        let fields: Vec<(&str, &serde_json::Value, &serde_json::Value)> = c
            .fields
            .iter()
            .map(|f| (f.label.as_str(), &f.mine, &f.theirs))
            .collect();
        assert_eq!(
            fields,
            [(
                "「银牌」等级",
                &"无此等级".into(),
                &"有此等级（已修改）".into()
            )]
        );
        // Choosing mine removes it; 黑卡 stays first, my 金牌 condition saved.
        let saved = api
            .save_scheme(
                &mine,
                EditBase {
                    resolved: Some(Resolution {
                        version: c.version,
                        theirs: vec![],
                    }),
                    ..base
                },
            )
            .unwrap();
        let kept: Vec<&str> = saved.theirs_kept.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(kept, ["「黑卡」等级"]);
        let now = stored(&zhang);
        let keys: Vec<&str> = now.tiers.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["black", "diamond", "gold", "regular"]);
        assert_eq!(
            tier(&now, "black").condition.as_deref(),
            Some("spend >= 1000000")
        );
        assert_eq!(
            tier(&now, "gold").condition.as_deref(),
            Some("spend >= 80000")
        );
        assert_eq!(
            now.benefits.iter().filter(|b| b.tier == "silver").count(),
            0
        );
        assert_eq!(now.benefits.len(), 4);
    });
}

/// 复制为新方案 under a key another scheme has — star4 itself, or a copy
/// another desk saved a moment before under the same key — is refused with
/// the scheme that has it, and that scheme, every other scheme and the
/// number of schemes stay exactly as they were; a free key saves one new
/// scheme at version 1.
#[test]
fn a_copy_never_writes_over_a_scheme_with_its_key() {
    each_api_with_dir(|api, dir| {
        let zhang = two_desks(api, dir);
        let open = star4(api);
        let before: Vec<(String, u32, i64, String)> = api
            .schemes()
            .unwrap()
            .into_iter()
            .map(|s| (s.key, s.version, s.revision, s.toml))
            .collect();
        let copy_as = |key: &str, name: &str| {
            edited(&open, |s| {
                s.key = key.into();
                s.name = name.into();
                tier_mut(s, "gold").condition = Some("spend >= 99000".into());
            })
        };
        // Left as star4: the copy's key field untouched.
        let e = api
            .create_scheme(&copy_as("star4", "四星级 副本"))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Conflict, "{e:?}");
        assert_eq!(e.msg.as_ref().unwrap().key, "scheme.key_taken");
        assert!(e.message.contains("「star4」"), "{}", e.message);
        let after: Vec<(String, u32, i64, String)> = api
            .schemes()
            .unwrap()
            .into_iter()
            .map(|s| (s.key, s.version, s.revision, s.toml))
            .collect();
        assert_eq!(after, before);
        // 张三 copies to star4_copy first; 李四's copy under that key is refused.
        let theirs = zhang
            .create_scheme(&copy_as("star4_copy", "张三的副本"))
            .unwrap();
        assert_eq!((theirs.version, theirs.revision), (1, 1));
        assert_eq!(theirs.updated_by.as_deref(), Some("张三"));
        let e = api
            .create_scheme(&copy_as("star4_copy", "李四的副本"))
            .unwrap_err();
        assert_eq!(e.msg.as_ref().unwrap().key, "scheme.key_taken");
        assert!(e.message.contains("张三的副本"), "{}", e.message);
        let schemes = api.schemes().unwrap();
        assert_eq!(schemes.len(), before.len() + 1);
        let kept = schemes.iter().find(|s| s.key == "star4_copy").unwrap();
        assert_eq!(kept.name, "张三的副本");
        assert_eq!((kept.version, kept.revision), (1, 1));
        assert_eq!(stored(api), Scheme::from_toml(&open.toml).unwrap());
    });
}

/// The editor's file names another scheme's key (the key changed on the
/// file tab): the save is a new scheme under that key, as 复制为新方案, and
/// never writes over the scheme that has it — however many times it was
/// saved — nor over the scheme the editor opened.
#[test]
fn an_edit_under_another_schemes_key_writes_over_neither() {
    each_api_with_dir(|api, _dir| {
        let open = star4(api);
        let before: Vec<(String, u32, i64, String)> = api
            .schemes()
            .unwrap()
            .into_iter()
            .map(|s| (s.key, s.version, s.revision, s.toml))
            .collect();
        let other = before
            .iter()
            .find(|(key, _, revision, _)| key != "star4" && *revision == open.revision)
            .expect("a preset at the same revision")
            .0
            .clone();
        let renamed = |key: &str| {
            edited(&open, |s| {
                s.key = key.into();
                s.name = "改了标识".into();
            })
        };
        let e = api
            .save_scheme(&renamed(&other), opened(&open))
            .unwrap_err();
        assert_eq!(e.msg.as_ref().unwrap().key, "scheme.key_taken", "{e:?}");
        let after: Vec<(String, u32, i64, String)> = api
            .schemes()
            .unwrap()
            .into_iter()
            .map(|s| (s.key, s.version, s.revision, s.toml))
            .collect();
        assert_eq!(after, before);
        // A free key: one new scheme at version 1, star4 as it was.
        let saved = api.save_scheme(&renamed("star4_b"), opened(&open)).unwrap();
        assert_eq!(
            (
                saved.item.key.as_str(),
                saved.item.version,
                saved.item.revision
            ),
            ("star4_b", 1, 1)
        );
        assert!(saved.theirs_kept.is_empty());
        let schemes = api.schemes().unwrap();
        assert_eq!(schemes.len(), before.len() + 1);
        assert_eq!(stored(api), Scheme::from_toml(&open.toml).unwrap());
    });
}
