//! A scheme saved from the editor while someone else saved it too: merged
//! field by field as a customer is (`tierdesk_domain::merge`), over fields a
//! person recognises.
//!
//! [`scheme_fields`] flattens a scheme into named fields: 方案名称, 评级周期,
//! the method, each protection, churn and points setting, and per tier —
//! keyed by the tier's key, so a tier added or removed is a field too
//! (`tiers.<key>`) — its name, colour, stars, condition (or score, or share),
//! care, churn and points settings and its benefits (`tiers.<key>.…`). The
//! order of the tiers every side still has is one more field (`order`); a
//! tier only one side added keeps its place after the tier above it there.
//!
//! [`merge_schemes`] applies the merge rule: a field only I changed is mine,
//! one only they changed stays theirs, one both changed differently is a
//! clash with its three values in words (conditions as the editor shows
//! them, in Chinese rule text). A tier one side removed while the other
//! changed it is one clash, on the tier itself (`tiers.<key>`).

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use tierdesk_domain::merge::{merge3_picking, same, Fields, Merge};

use crate::rule::{self, Names, Vocab};
use crate::{Cycle, Scheme, TierError, Window};

/// The field that holds the order of the tiers.
pub const ORDER: &str = "order";

/// A tier's presence field (`tiers.<key>`): kept but changed by the side
/// that did not remove it (see [`merge_schemes`]).
const KEPT_CHANGED: &str = "kept_changed";

/// One field both sides changed to different values, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemeClash {
    /// The field (`name`, `tiers.diamond.condition`, `tiers.gold`).
    pub key: String,
    /// Its name for people (方案名称, 「钻石」的条件).
    pub label: String,
    pub mine: Value,
    pub theirs: Value,
    pub original: Value,
}

/// What merging a scheme gives.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeMerge {
    /// Nothing clashed: the scheme to save, and the fields it took from
    /// them (key, label), in key order.
    Clean {
        scheme: Box<Scheme>,
        theirs_kept: Vec<(String, String)>,
    },
    /// Fields both changed differently, in key order.
    Clash(Vec<SchemeClash>),
}

/// The sub-tables of a scheme flattened one level (`protection.grace_percent`).
const NESTED: &[&str] = &["protection", "churn", "points"];
/// The sub-tables of a tier flattened one level (`tiers.gold.care.visit_days`).
const TIER_NESTED: &[&str] = &["care", "churn", "points"];

/// A scheme as named fields (see the module doc). `key` and `version` are
/// not fields: the key names the scheme, the store gives the version.
pub fn scheme_fields(s: &Scheme) -> Fields {
    let mut out = Fields::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(s) {
        for (k, v) in map {
            match (k.as_str(), v) {
                ("key" | "version" | "tiers" | "benefits", _) => {}
                (n, Value::Object(inner)) if NESTED.contains(&n) => {
                    for (ik, iv) in inner {
                        out.insert(format!("{n}.{ik}"), iv);
                    }
                }
                (_, v) => {
                    out.insert(k, v);
                }
            }
        }
    }
    for t in &s.tiers {
        let prefix = tier_id(&t.key);
        out.insert(prefix.clone(), Value::Bool(true));
        if let Ok(Value::Object(map)) = serde_json::to_value(t) {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("key", _) => {}
                    (n, Value::Object(inner)) if TIER_NESTED.contains(&n) => {
                        for (ik, iv) in inner {
                            out.insert(format!("{prefix}.{n}.{ik}"), iv);
                        }
                    }
                    (_, v) => {
                        out.insert(format!("{prefix}.{k}"), v);
                    }
                }
            }
        }
        let benefits: Vec<Value> = s
            .benefits
            .iter()
            .filter(|b| b.tier == t.key)
            .filter_map(|b| serde_json::to_value(b).ok())
            .collect();
        if !benefits.is_empty() {
            out.insert(format!("{prefix}.benefits"), Value::Array(benefits));
        }
    }
    out
}

/// A tier's presence field, `tiers.<key>`, the prefix of its own fields.
/// A tier key is any text: its `%` and `.` are written `%25` and `%2E`, so
/// the dots of a field name only ever separate (`vip` and `vip.gold` are
/// two tiers, not one tier and a field of it).
fn tier_id(key: &str) -> String {
    format!("tiers.{}", key.replace('%', "%25").replace('.', "%2E"))
}

/// The tier key a field names after `tiers.` ([`tier_id`] read back).
fn tier_key(id: &str) -> String {
    id.replace("%2E", ".").replace("%25", "%")
}

fn tier_keys(s: &Scheme) -> Vec<String> {
    s.tiers.iter().map(|t| t.key.clone()).collect()
}

/// Whether `side` changed anything of tier `key` against `original`.
fn tier_changed(original: &Fields, side: &Fields, key: &str) -> bool {
    let prefix = format!("{}.", tier_id(key));
    let keys: BTreeSet<&String> = original
        .keys()
        .chain(side.keys())
        .filter(|k| k.starts_with(&prefix))
        .collect();
    keys.into_iter().any(|k| {
        !same(
            original.get(k).unwrap_or(&Value::Null),
            side.get(k).unwrap_or(&Value::Null),
        )
    })
}

/// A tier one side removed and the other changed: the remover's fields of
/// it are set to the changer's (they never clash on their own) and the
/// changer's presence says it kept a changed tier, so the removal and the
/// change clash once, on `tiers.<key>`.
fn removal_against_change(remover: &mut Fields, changer: &mut Fields, key: &str) {
    let presence = tier_id(key);
    let prefix = format!("{presence}.");
    changer.insert(presence, Value::String(KEPT_CHANGED.into()));
    remover.retain(|k, _| !k.starts_with(&prefix));
    for (k, v) in changer.iter().filter(|(k, _)| k.starts_with(&prefix)) {
        remover.insert(k.clone(), v.clone());
    }
}

/// Merges `mine` (what the person saves) with `theirs` (what is stored now)
/// against `original` (what the editor opened). `picks`: the clashing
/// fields where the person chose theirs in the dialog (every other clash
/// takes mine); `None` refuses on a clash. `vocab` writes conditions in
/// Chinese. An `Err` when the merged scheme does not hold together (a
/// method's tiers left without their rule …), in Chinese.
pub fn merge_schemes(
    original: &Scheme,
    mine: &Scheme,
    theirs: &Scheme,
    picks: Option<&[String]>,
    vocab: &Vocab,
) -> Result<SchemeMerge, TierError> {
    let (mut fo, mut fm, mut ft) = (
        scheme_fields(original),
        scheme_fields(mine),
        scheme_fields(theirs),
    );
    let (ko, km, kt) = (tier_keys(original), tier_keys(mine), tier_keys(theirs));
    // The order of the tiers every side has: additions and removals are
    // their own fields and do not count as a new order.
    let common: Vec<&String> = ko
        .iter()
        .filter(|k| km.contains(k) && kt.contains(k))
        .collect();
    let order_of = |keys: &[String]| -> Value {
        Value::Array(
            keys.iter()
                .filter(|k| common.contains(k))
                .map(|k| Value::String(k.clone()))
                .collect(),
        )
    };
    fo.insert(ORDER.into(), order_of(&ko));
    fm.insert(ORDER.into(), order_of(&km));
    ft.insert(ORDER.into(), order_of(&kt));
    for key in &ko {
        let (in_m, in_t) = (km.contains(key), kt.contains(key));
        if !in_m && in_t && tier_changed(&fo, &ft, key) {
            removal_against_change(&mut fm, &mut ft, key);
        } else if in_m && !in_t && tier_changed(&fo, &fm, key) {
            removal_against_change(&mut ft, &mut fm, key);
        }
    }
    let names = TierNames {
        sides: [original, mine, theirs],
    };
    match merge3_picking(&fo, &fm, &ft, picks) {
        Merge::Clash(clashes) => Ok(SchemeMerge::Clash(
            clashes
                .into_iter()
                .map(|(key, m, t, o)| SchemeClash {
                    label: names.label(&key),
                    mine: words(&key, &m, mine, vocab, &names),
                    theirs: words(&key, &t, theirs, vocab, &names),
                    original: words(&key, &o, original, vocab, &names),
                    key,
                })
                .collect(),
        )),
        Merge::Clean {
            merged,
            theirs_kept,
        } => {
            let scheme = rebuild(&merged, mine, [&km, &kt])?;
            // A tier they added or removed is one change, not one per field.
            let whole: Vec<String> = theirs_kept
                .iter()
                .filter(|k| k.starts_with("tiers.") && k.matches('.').count() == 1)
                .map(|k| format!("{k}."))
                .collect();
            Ok(SchemeMerge::Clean {
                scheme: Box::new(scheme),
                theirs_kept: theirs_kept
                    .into_iter()
                    .filter(|k| !whole.iter().any(|w| k.starts_with(w.as_str())))
                    .map(|k| {
                        let label = names.label(&k);
                        (k, label)
                    })
                    .collect(),
            })
        }
    }
}

/// Whether a presence field says the tier is there.
fn present(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(true)) | Some(Value::String(_)))
}

/// The merged fields back into a scheme (`mine` gives the key and version;
/// `sides` the tier orders of mine and theirs, for tiers only one has).
fn rebuild(merged: &Fields, mine: &Scheme, sides: [&Vec<String>; 2]) -> Result<Scheme, TierError> {
    let mut top = Map::new();
    top.insert("key".into(), Value::String(mine.key.clone()));
    top.insert("version".into(), Value::from(mine.version));
    for (k, v) in merged {
        if k == ORDER || k.starts_with("tiers.") || same(v, &Value::Null) {
            continue;
        }
        match k.split_once('.') {
            Some((n, inner)) => {
                let entry = top
                    .entry(n.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = entry {
                    m.insert(inner.to_owned(), v.clone());
                }
            }
            None => {
                top.insert(k.clone(), v.clone());
            }
        }
    }
    // The tiers: the common ones in the merged order, then each tier only
    // one side has, after the tier above it there (mine first).
    let mut keys: Vec<String> = match merged.get(ORDER) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    for side in sides {
        for (i, k) in side.iter().enumerate() {
            if keys.contains(k) || !present(merged.get(&tier_id(k))) {
                continue;
            }
            let at = side[..i]
                .iter()
                .rev()
                .find_map(|above| keys.iter().position(|x| x == above))
                .map_or(0, |p| p + 1);
            keys.insert(at, k.clone());
        }
    }
    keys.retain(|k| present(merged.get(&tier_id(k))));
    let mut tiers = Vec::new();
    let mut benefits = Vec::new();
    for key in &keys {
        let prefix = format!("{}.", tier_id(key));
        let mut tier = Map::new();
        tier.insert("key".into(), Value::String(key.clone()));
        for (k, v) in merged.iter().filter(|(k, _)| k.starts_with(&prefix)) {
            let field = &k[prefix.len()..];
            if same(v, &Value::Null) {
                continue;
            }
            if field == "benefits" {
                if let Value::Array(list) = v {
                    benefits.extend(list.iter().cloned());
                }
                continue;
            }
            match field.split_once('.') {
                Some((n, inner)) => {
                    let entry = tier
                        .entry(n.to_owned())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(m) = entry {
                        m.insert(inner.to_owned(), v.clone());
                    }
                }
                None => {
                    tier.insert(field.to_owned(), v.clone());
                }
            }
        }
        tiers.push(Value::Object(tier));
    }
    top.insert("tiers".into(), Value::Array(tiers));
    top.insert("benefits".into(), Value::Array(benefits));
    let scheme: Scheme = serde_json::from_value(Value::Object(top))
        .map_err(|e| TierError::Invalid(format!("合并后的方案读不出来：{e}")))?;
    scheme.check()?;
    Ok(scheme)
}

/// Tier names for labels: the original's (the name the person opened),
/// else mine, else theirs (a tier added since).
struct TierNames<'a> {
    sides: [&'a Scheme; 3],
}

impl TierNames<'_> {
    fn name(&self, key: &str) -> String {
        self.sides
            .iter()
            .find_map(|s| s.tier(key).map(|t| t.name.clone()))
            .unwrap_or_else(|| key.to_owned())
    }

    /// A field's name for people.
    fn label(&self, key: &str) -> String {
        if key == ORDER {
            return "等级顺序（从高到低）".into();
        }
        if let Some(rest) = key.strip_prefix("tiers.") {
            let (tier, field) = rest.split_once('.').unwrap_or((rest, ""));
            let name = self.name(&tier_key(tier));
            if field.is_empty() {
                return format!("「{name}」等级");
            }
            let what = TIER_LABELS
                .iter()
                .find(|(k, _)| *k == field)
                .map_or(field, |(_, l)| *l);
            return format!("「{name}」的{what}");
        }
        SCHEME_LABELS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| key.to_owned(), |(_, l)| (*l).to_owned())
    }
}

/// A scheme's own fields by key, as the editor names them.
const SCHEME_LABELS: &[(&str, &str)] = &[
    ("name", "方案名称"),
    ("description", "方案说明"),
    ("cycle", "评级周期"),
    ("window", "购买记录范围"),
    ("net_returns", "扣除退货"),
    ("method", "评级方法"),
    ("protection.max_levels_down", "防降级：每次最多降几级"),
    ("protection.grace_percent", "防降级：差额宽限（%）"),
    ("protection.new_customer_months", "防降级：新客户保护（月）"),
    ("protection.grace_periods", "防降级：保级次数"),
    ("churn.rhythm", "流失预警：购买节奏"),
    ("churn.model", "流失预警：仍在购买的概率"),
    ("churn.decline", "流失预警：消费下降"),
    ("churn.service", "流失预警：服务信号"),
    ("churn.survey_days", "流失预警：满意度回看天数"),
    ("points.enabled", "积分：启用"),
    ("points.yuan_per_point", "积分：每多少元 1 分"),
    ("points.rounding", "积分：取整"),
    ("points.lines", "积分：计分的订单行"),
    ("points.birthday_multiplier", "积分：生日月倍数"),
    ("points.first_purchase_bonus", "积分：首购奖励"),
    ("points.expiry", "积分：有效期"),
    ("points.value_per_point", "积分：每分折合（元）"),
];

/// A tier's fields by key (after `tiers.<key>.`).
const TIER_LABELS: &[(&str, &str)] = &[
    ("name", "名称"),
    ("color", "颜色"),
    ("stars", "星级"),
    ("condition", "条件"),
    ("min_score", "最低综合得分"),
    ("max_share", "累计收入占比上限"),
    ("missing", "缺少数据时"),
    ("benefits", "权益"),
    ("care.visit_days", "回访间隔（天）"),
    ("care.response_hours", "投诉首次响应时限（小时）"),
    ("care.resolve_hours", "投诉解决时限（小时）"),
    ("churn.rhythm_factor", "流失预警：购买节奏倍数"),
    ("churn.usual_interval_days", "流失预警：常规间隔（天）"),
    ("churn.decline_percent", "流失预警：消费下降（%）"),
    ("churn.p_alive_below", "流失预警：仍在购买的概率低于"),
    ("points.multiplier", "积分倍数"),
    ("points.reach_bonus", "升级奖励积分"),
];

/// A field's value as the dialog shows it: conditions in Chinese rule text,
/// choices by their names, yes/no, tiers by name; numbers stay numbers and
/// no value stays null (the dialog writes （空）).
fn words(key: &str, v: &Value, side: &Scheme, vocab: &Vocab, names: &TierNames<'_>) -> Value {
    if v.is_null() && !key.starts_with("tiers.") {
        return Value::Null;
    }
    let text = |s: String| Value::String(s);
    if key == ORDER {
        let list: Vec<String> = v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|k| names.name(k))
                    .collect()
            })
            .unwrap_or_default();
        return text(list.join(" > "));
    }
    if let Some(rest) = key.strip_prefix("tiers.") {
        let (_, field) = rest.split_once('.').unwrap_or((rest, ""));
        return match (field, v) {
            ("", Value::Null) => text("无此等级".into()),
            ("", Value::String(_)) => text("有此等级（已修改）".into()),
            ("", _) => text("有此等级".into()),
            (_, Value::Null) => Value::Null,
            ("condition", Value::String(c)) => match rule::parse(c, vocab, Names::AnyKey) {
                Ok(tree) => text(rule::chinese(&tree, vocab)),
                Err(_) => text(c.clone()),
            },
            ("stars", Value::Number(n)) => text("★".repeat(n.as_u64().unwrap_or(0) as usize)),
            ("max_share", Value::Number(n)) => text(format!(
                "{}%",
                (n.as_f64().unwrap_or(0.0) * 1000.0).round() / 10.0
            )),
            ("missing", Value::String(m)) => text(
                if m == "zero" {
                    "按 0 计"
                } else {
                    "不符合此等级"
                }
                .into(),
            ),
            ("benefits", Value::Array(list)) => text(
                list.iter()
                    .map(|b| {
                        let name = b.get("name").and_then(Value::as_str).unwrap_or_default();
                        match b.get("quota").and_then(Value::as_u64) {
                            Some(q) => format!("{name}（每期 {q} 次）"),
                            None => name.to_owned(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            (_, v) => plain(v),
        };
    }
    match key {
        "cycle" => serde_json::from_value::<Cycle>(v.clone())
            .map(|c| text(c.label().into()))
            .unwrap_or_else(|_| plain(v)),
        "window" => serde_json::from_value::<Window>(v.clone())
            .map(|w| text(w.label()))
            .unwrap_or_else(|_| plain(v)),
        "method" => {
            let _ = side;
            match v.get("kind").and_then(Value::as_str) {
                Some("thresholds") => text("门槛条件".into()),
                Some("weighted") => text(format!("加权评分 {}", compact(v))),
                Some("abc") => text("ABC 分类".into()),
                Some("rfm") => text(format!("RFM 分群 {}", compact(v))),
                _ => plain(v),
            }
        }
        "points.rounding" => serde_json::from_value::<tierdesk_domain::points::Rounding>(v.clone())
            .map(|r| text(r.label().into()))
            .unwrap_or_else(|_| plain(v)),
        "points.expiry" => serde_json::from_value::<tierdesk_domain::points::Expiry>(v.clone())
            .map(|e| text(e.label()))
            .unwrap_or_else(|_| plain(v)),
        _ => plain(v),
    }
}

/// Yes/no in words; text and numbers as they are; the rest as compact text.
fn plain(v: &Value) -> Value {
    match v {
        Value::Bool(true) => Value::String("是".into()),
        Value::Bool(false) => Value::String("否".into()),
        Value::String(_) | Value::Number(_) | Value::Null => v.clone(),
        other => Value::String(compact(other)),
    }
}

/// A table's settings as `key = value` pairs (the scheme file's words).
fn compact(v: &Value) -> String {
    match v {
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| k.as_str() != "kind")
            .map(|(k, v)| format!("{k} = {}", compact(v)))
            .collect::<Vec<_>>()
            .join("，"),
        Value::Array(a) => format!("[{}]", a.iter().map(compact).collect::<Vec<_>>().join(", ")),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{star4, TierDef};

    fn vocab() -> Vocab {
        Vocab::builtin()
    }

    fn tier_mut<'a>(s: &'a mut Scheme, key: &str) -> &'a mut TierDef {
        s.tiers.iter_mut().find(|t| t.key == key).unwrap()
    }

    fn keys(s: &Scheme) -> Vec<&str> {
        s.tiers.iter().map(|t| t.key.as_str()).collect()
    }

    fn clean(m: SchemeMerge) -> (Scheme, Vec<String>) {
        match m {
            SchemeMerge::Clean {
                scheme,
                theirs_kept,
            } => (*scheme, theirs_kept.into_iter().map(|k| k.0).collect()),
            SchemeMerge::Clash(c) => panic!("no clash expected: {c:?}"),
        }
    }

    #[test]
    fn a_scheme_flattens_into_fields_per_tier_key() {
        let f = scheme_fields(&star4());
        for key in [
            "name",
            "cycle",
            "protection.max_levels_down",
            "tiers.diamond",
            "tiers.diamond.condition",
            "tiers.diamond.name",
            "tiers.diamond.benefits",
            "tiers.regular.color",
        ] {
            assert!(f.contains_key(key), "{key} missing from {:?}", f.keys());
        }
        assert!(!f.contains_key("key") && !f.contains_key("version"));
        assert_eq!(f["tiers.diamond.benefits"].as_array().unwrap().len(), 2);
        // Four tiers, each present once.
        assert_eq!(
            f.keys()
                .filter(|k| k.starts_with("tiers.") && k.matches('.').count() == 1)
                .count(),
            4
        );
    }

    #[test]
    fn nothing_of_theirs_changed_gives_mine_back() {
        let o = star4();
        let mut m = o.clone();
        m.name = "改名".into();
        tier_mut(&mut m, "gold").stars = 5;
        let (saved, kept) = clean(merge_schemes(&o, &m, &o, None, &vocab()).unwrap());
        assert_eq!(saved, m);
        assert!(kept.is_empty());
    }

    #[test]
    fn tiers_each_side_added_keep_their_places() {
        let o = star4();
        let mut m = o.clone();
        m.tiers.insert(0, {
            let mut t = TierDef::plain("black", "黑卡", "#000000", 5);
            t.condition = Some("spend >= 1000000".into());
            t
        });
        let mut t = o.clone();
        t.tiers.insert(3, {
            let mut x = TierDef::plain("bronze", "铜牌", "#a0522d", 1);
            x.condition = Some("spend >= 5000".into());
            x
        });
        tier_mut(&mut t, "silver").name = "银卡".into();
        let (saved, kept) = clean(merge_schemes(&o, &m, &t, None, &vocab()).unwrap());
        assert_eq!(
            keys(&saved),
            ["black", "diamond", "gold", "silver", "bronze", "regular"]
        );
        assert_eq!(saved.tier("silver").unwrap().name, "银卡");
        // Their tier counts once, not once per setting of it.
        assert_eq!(kept, ["tiers.bronze", "tiers.silver.name"]);
    }

    #[test]
    fn one_side_reordering_and_the_other_editing_both_count() {
        let mut o = star4();
        o.method = crate::Method::Weighted {
            factors: vec![crate::Factor {
                figure: "spend".into(),
                label: "消费".into(),
                weight: 1.0,
                normalize: crate::Normalize::MinMax,
            }],
        };
        for (i, s) in [80.0, 60.0, 40.0].into_iter().enumerate() {
            o.tiers[i].condition = None;
            o.tiers[i].min_score = Some(s);
        }
        o.tiers[3].condition = None;
        let mut m = o.clone();
        m.tiers.swap(1, 2);
        m.tiers[1].min_score = Some(60.0);
        m.tiers[2].min_score = Some(40.0);
        let mut t = o.clone();
        tier_mut(&mut t, "diamond").color = "#000000".into();
        let (saved, kept) = clean(merge_schemes(&o, &m, &t, None, &vocab()).unwrap());
        assert_eq!(keys(&saved), ["diamond", "silver", "gold", "regular"]);
        assert_eq!(saved.tier("diamond").unwrap().color, "#000000");
        assert_eq!(kept, ["tiers.diamond.color"]);
        // Both reordering differently: the order itself clashes, alone.
        let mut t2 = o.clone();
        t2.tiers.swap(0, 1);
        t2.tiers[0].min_score = Some(80.0);
        t2.tiers[1].min_score = Some(60.0);
        let SchemeMerge::Clash(c) = merge_schemes(&o, &m, &t2, None, &vocab()).unwrap() else {
            panic!("a clash expected");
        };
        let got: Vec<(&str, &str)> = c
            .iter()
            .map(|x| (x.key.as_str(), x.label.as_str()))
            .collect();
        assert!(got.contains(&(ORDER, "等级顺序（从高到低）")), "{got:?}");
        let order = c.iter().find(|x| x.key == ORDER).unwrap();
        assert_eq!(order.mine, "钻石 > 银牌 > 金牌 > 普通");
        assert_eq!(order.theirs, "金牌 > 钻石 > 银牌 > 普通");
        assert_eq!(order.original, "钻石 > 金牌 > 银牌 > 普通");
    }

    /// Tier keys are any text: `vip` and `vip.gold` (and one with a `%`)
    /// are three tiers, each edited on its own side and merged into its own
    /// tier, never one tier's change read as another's field.
    #[test]
    fn tier_keys_with_dots_stay_their_own_tiers() {
        let mut o = star4();
        o.tiers[0].key = "vip".into();
        o.tiers[1].key = "vip.gold".into();
        o.tiers[2].key = "a%2Eb".into();
        o.benefits
            .retain(|b| !["diamond", "gold", "silver"].contains(&b.tier.as_str()));
        let f = scheme_fields(&o);
        assert_eq!(
            f.keys()
                .filter(|k| k.starts_with("tiers.") && k.matches('.').count() == 1)
                .count(),
            4
        );
        let mut m = o.clone();
        tier_mut(&mut m, "vip").condition = Some("spend >= 400000".into());
        tier_mut(&mut m, "a%2Eb").stars = 1;
        let mut t = o.clone();
        tier_mut(&mut t, "vip.gold").name = "金卡".into();
        let (saved, kept) = clean(merge_schemes(&o, &m, &t, None, &vocab()).unwrap());
        assert_eq!(keys(&saved), ["vip", "vip.gold", "a%2Eb", "regular"]);
        assert_eq!(
            saved.tier("vip").unwrap().condition.as_deref(),
            Some("spend >= 400000")
        );
        assert_eq!(saved.tier("vip").unwrap().name, o.tiers[0].name);
        assert_eq!(saved.tier("vip.gold").unwrap().name, "金卡");
        assert_eq!(saved.tier("a%2Eb").unwrap().stars, 1);
        assert_eq!(kept.len(), 1, "{kept:?}");
        // Both sides renaming `vip.gold` clash on that tier's name alone.
        tier_mut(&mut m, "vip.gold").name = "黄金".into();
        let SchemeMerge::Clash(c) = merge_schemes(&o, &m, &t, None, &vocab()).unwrap() else {
            panic!("a clash expected");
        };
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].label, "「金牌」的名称");
    }
}
