//! No silent overwrite (issue 19): a save names the version of the row the
//! person opened and the values they saw ([`EditBase`]). When the row has
//! moved on since, the save is merged field by field against those values
//! ([`merge3`]): a field only I changed is mine, a field only they changed
//! stays theirs, a field both changed to the same value is that value, and a
//! field both changed to different values is a clash ([`FieldClash`]) — then
//! nothing is saved and the person chooses per field ([`EditConflict`]).
//!
//! Records are compared as flat maps of JSON values ([`flatten`]): a struct's
//! fields by name, and a nested map (a customer's custom fields) one entry
//! per key, `fields.<key>`, so two people filling different custom fields do
//! not clash. No value, `null`, empty text and an empty list are the same
//! value; numbers compare as numbers (1 and 1.0 alike).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::Msg;

/// A record as field name → value; see [`flatten`].
pub type Fields = BTreeMap<String, Value>;

/// What a person opened before editing: the row's version and the values
/// the form was filled with. Every save from the app carries one. After a
/// conflict the app sends the same base again with `resolved`: the version
/// the conflict showed and the fields where the person chose theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EditBase<T> {
    pub version: i64,
    pub values: T,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub resolved: Option<Resolution>,
}

impl<T> EditBase<T> {
    pub fn new(version: i64, values: T) -> EditBase<T> {
        EditBase {
            version,
            values,
            resolved: None,
        }
    }
}

/// A person's choices in the conflict dialog: valid only while the row is
/// still at `version` (the one the dialog showed); clashing fields listed
/// in `theirs` keep the other person's value, the others take mine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Resolution {
    pub version: i64,
    pub theirs: Vec<String>,
}

/// What a save with a base answers: the row as stored and the other
/// person's changes it kept (empty when nobody changed it in between).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Saved<T> {
    pub item: T,
    pub theirs_kept: Vec<FieldName>,
}

/// One field both sides changed to different values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldClash {
    /// The field's name in the record (`phone`, `fields.vip_no`).
    pub key: String,
    /// Its name for people (联系方式, a custom field's label).
    pub label: String,
    #[ts(type = "unknown")]
    pub mine: Value,
    #[ts(type = "unknown")]
    pub theirs: Value,
    #[ts(type = "unknown")]
    pub original: Value,
}

/// A field by key and label: one of theirs a merged save kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldName {
    pub key: String,
    pub label: String,
}

/// What kind of row a conflict is about; it names the row in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Customer,
    Followup,
    Case,
    Scheme,
}

impl RowKind {
    /// The message key of 「此客户已被 张三 于 10:32 修改」 for this kind.
    pub fn message_key(self) -> &'static str {
        match self {
            RowKind::Customer => "conflict.customer",
            RowKind::Followup => "conflict.followup",
            RowKind::Case => "conflict.case",
            RowKind::Scheme => "conflict.scheme",
        }
    }
}

/// A save refused because someone else changed the same fields since the
/// person opened the row: who and when, the row's version now (the base of
/// the next save), the clashing fields, and the row's values now
/// (`current`, flattened) so the form can start again from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EditConflict {
    pub kind: RowKind,
    /// The other person (their name, or 其他同事 when the row does not say).
    pub who: String,
    /// When they saved, `YYYY-MM-DD HH:MM:SS`.
    pub when: String,
    pub version: i64,
    pub fields: Vec<FieldClash>,
    #[ts(type = "Record<string, unknown>")]
    pub current: Fields,
}

/// Who a row says wrote it last, for a row written before versions were
/// kept (or by a program that does not say).
pub const SOMEONE: &str = "其他同事";

impl EditConflict {
    /// 「此客户已被 张三 于 10:32 修改」: the time alone on the day itself
    /// (`today`, `YYYY-MM-DD`), else the day and time.
    pub fn msg(&self, today: &str) -> Msg {
        Msg::new(self.kind.message_key())
            .with("who", &self.who)
            .with("when", short_time(&self.when, today))
    }
}

/// `2026-12-01 10:32:05` as 10:32 on that day, else 2026-12-01 10:32.
pub fn short_time(at: &str, today: &str) -> String {
    let (day, time) = at.split_once(' ').unwrap_or((at, ""));
    let hm = time.get(..5).unwrap_or(time);
    if day == today && !hm.is_empty() {
        hm.to_owned()
    } else if hm.is_empty() {
        day.to_owned()
    } else {
        format!("{day} {hm}")
    }
}

/// The outcome of a three-way merge.
#[derive(Debug, Clone, PartialEq)]
pub enum Merge {
    /// Nothing clashed: the values to save, and the fields whose value is
    /// theirs (changed by them, not by me), in key order.
    Clean {
        merged: Fields,
        theirs_kept: Vec<String>,
    },
    /// At least one field clashed: (key, mine, theirs, original) in key order.
    Clash(Vec<(String, Value, Value, Value)>),
}

/// Whether two values are the same for the merge: no value, `null`, empty
/// text and an empty list are one value; numbers compare as numbers.
pub fn same(a: &Value, b: &Value) -> bool {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    };
    match (a, b) {
        _ if empty(a) && empty(b) => true,
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The three-way merge of one record, field by field over every key any
/// side has (a missing key is no value).
pub fn merge3(original: &Fields, mine: &Fields, theirs: &Fields) -> Merge {
    merge3_picking(original, mine, theirs, None)
}

/// [`merge3`] with the clashes already decided (`picks`: the keys where the
/// person chose theirs; every other clash takes mine), so it never clashes.
pub fn merge3_picking(
    original: &Fields,
    mine: &Fields,
    theirs: &Fields,
    picks: Option<&[String]>,
) -> Merge {
    let keys: std::collections::BTreeSet<&String> = original
        .keys()
        .chain(mine.keys())
        .chain(theirs.keys())
        .collect();
    let get = |f: &Fields, k: &str| f.get(k).cloned().unwrap_or(Value::Null);
    let mut merged = Fields::new();
    let mut theirs_kept = Vec::new();
    let mut clashes = Vec::new();
    for key in keys {
        let (o, m, t) = (get(original, key), get(mine, key), get(theirs, key));
        let take_theirs = if same(&m, &t) || same(&t, &o) {
            false
        } else if same(&m, &o) {
            true
        } else if let Some(picks) = picks {
            picks.contains(key)
        } else {
            clashes.push((key.clone(), m, t, o));
            continue;
        };
        if take_theirs {
            theirs_kept.push(key.clone());
            merged.insert(key.clone(), t);
        } else {
            merged.insert(key.clone(), m);
        }
    }
    if clashes.is_empty() {
        Merge::Clean {
            merged,
            theirs_kept,
        }
    } else {
        Merge::Clash(clashes)
    }
}

/// A record as [`Fields`]: its serialised fields by name, and the entries of
/// a field that is itself a map (`fields`) as `fields.<key>`.
pub fn flatten<T: Serialize>(record: &T) -> Fields {
    let mut out = Fields::new();
    let Ok(Value::Object(map)) = serde_json::to_value(record) else {
        return out;
    };
    for (key, value) in map {
        match value {
            Value::Object(inner) => {
                for (k, v) in inner {
                    out.insert(format!("{key}.{k}"), v);
                }
            }
            v => {
                out.insert(key, v);
            }
        }
    }
    out
}

/// [`flatten`] undone: `a.b` entries go back into the map `a` (their empty
/// values left out, as no value). `None` when the values do not make a `T`.
pub fn unflatten<T: DeserializeOwned>(fields: &Fields, maps: &[&str]) -> Option<T> {
    let mut out = serde_json::Map::new();
    for m in maps {
        out.insert((*m).to_owned(), Value::Object(serde_json::Map::new()));
    }
    for (key, value) in fields {
        match key.split_once('.') {
            Some((map, k)) if maps.contains(&map) => {
                if !same(value, &Value::Null) {
                    if let Some(Value::Object(inner)) = out.get_mut(map) {
                        inner.insert(k.to_owned(), value.clone());
                    }
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    serde_json::from_value(Value::Object(out)).ok()
}

/// The whole save decision for a record of type `T`: `Ok(None)` when the
/// row is still at the base's version (save `mine` as it is), `Ok(Some((
/// merged, theirs_kept)))` when it moved on and merged cleanly, `Err(clashes)`
/// otherwise. `maps` names the fields that are maps (see [`flatten`]).
#[allow(clippy::type_complexity)]
pub fn merge_record<T: Serialize + DeserializeOwned>(
    base: &EditBase<T>,
    mine: &T,
    theirs: &T,
    version_now: i64,
    maps: &[&str],
) -> Result<Option<(T, Vec<String>)>, Vec<(String, Value, Value, Value)>> {
    if base.version == version_now {
        return Ok(None);
    }
    // Choices made in the dialog count only against exactly the row it showed.
    let picks = base
        .resolved
        .as_ref()
        .filter(|r| r.version == version_now)
        .map(|r| r.theirs.as_slice());
    match merge3_picking(
        &flatten(&base.values),
        &flatten(mine),
        &flatten(theirs),
        picks,
    ) {
        Merge::Clean {
            merged,
            theirs_kept,
        } => match unflatten(&merged, maps) {
            Some(record) => Ok(Some((record, theirs_kept))),
            // Cannot happen for values that came from T; refuse rather than
            // save something half-made.
            None => Err(Vec::new()),
        },
        Merge::Clash(clashes) => Err(clashes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn fields(pairs: &[(&str, Value)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn each_case_of_the_rule() {
        let o = fields(&[
            ("a", json!("x")),
            ("b", json!(1)),
            ("c", json!("c")),
            ("d", json!(null)),
        ]);
        // a: only mine; b: only theirs; c: both to the same; d: both, differently.
        let m = fields(&[
            ("a", json!("mine")),
            ("b", json!(1.0)),
            ("c", json!("z")),
            ("d", json!("m")),
        ]);
        let t = fields(&[
            ("a", json!("x")),
            ("b", json!(2)),
            ("c", json!("z")),
            ("d", json!("t")),
        ]);
        assert_eq!(
            merge3(&o, &m, &t),
            Merge::Clash(vec![("d".into(), json!("m"), json!("t"), json!(null))])
        );
        let m = fields(&[
            ("a", json!("mine")),
            ("b", json!(1.0)),
            ("c", json!("z")),
            ("d", json!("")),
        ]);
        let Merge::Clean {
            merged,
            theirs_kept,
        } = merge3(&o, &m, &t)
        else {
            panic!("no clash expected");
        };
        assert_eq!(merged["a"], json!("mine"));
        assert_eq!(merged["b"], json!(2));
        assert_eq!(merged["c"], json!("z"));
        assert_eq!(merged["d"], json!("t"));
        assert_eq!(theirs_kept, vec!["b".to_owned(), "d".to_owned()]);
    }

    #[test]
    fn empty_values_are_one_value_and_maps_flatten_per_key() {
        assert!(same(&json!(""), &json!(null)));
        assert!(same(&json!([]), &json!(null)));
        assert!(!same(&json!("0"), &json!(0)));
        let flat = flatten(&json!({"name": "王", "fields": {"vip": "A", "n": 3}}));
        assert_eq!(flat.len(), 3);
        assert_eq!(flat["fields.vip"], json!("A"));
        let back: Value = unflatten(&flat, &["fields"]).unwrap();
        assert_eq!(back, json!({"name": "王", "fields": {"vip": "A", "n": 3}}));
    }

    #[test]
    fn picks_decide_clashes_only_at_the_version_shown() {
        let base = EditBase {
            version: 1,
            values: json!({"a": "o", "b": "o", "c": "o"}),
            resolved: Some(Resolution {
                version: 3,
                theirs: vec!["b".into()],
            }),
        };
        let mine = json!({"a": "m", "b": "m", "c": "o"});
        let theirs = json!({"a": "t", "b": "t", "c": "t"});
        let (saved, kept): (Value, _) = merge_record(&base, &mine, &theirs, 3, &[])
            .unwrap()
            .unwrap();
        assert_eq!(saved, json!({"a": "m", "b": "t", "c": "t"}));
        assert_eq!(kept, vec!["b".to_owned(), "c".to_owned()]);
        // The row moved again since the dialog: the clashes stand.
        let clashes = merge_record(&base, &mine, &theirs, 4, &[]).unwrap_err();
        assert_eq!(
            clashes.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        // Still at the version opened: mine as it is.
        assert_eq!(
            merge_record(&EditBase::new(4, json!({})), &mine, &theirs, 4, &[]),
            Ok(None)
        );
    }

    #[test]
    fn short_times() {
        assert_eq!(short_time("2026-12-01 10:32:05", "2026-12-01"), "10:32");
        assert_eq!(
            short_time("2026-11-30 09:05:00", "2026-12-01"),
            "2026-11-30 09:05"
        );
        assert_eq!(short_time("2026-11-30", "2026-12-01"), "2026-11-30");
    }

    /// A value from a small pool, so sides often agree.
    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            Just(json!("")),
            Just(json!("甲")),
            Just(json!("乙")),
            Just(json!(1)),
            Just(json!(2.5)),
        ]
    }

    fn record() -> impl Strategy<Value = Fields> {
        proptest::collection::btree_map(
            prop_oneof![
                Just("a".to_owned()),
                Just("b".to_owned()),
                Just("c".to_owned())
            ],
            value(),
            0..4,
        )
    }

    proptest! {
        /// The rule, checked key by key against the merge's answer: clashes
        /// exactly where both changed to different values; otherwise every
        /// key takes mine when I changed it, else theirs; theirs_kept lists
        /// exactly the keys where only they changed.
        #[test]
        fn the_merge_rule_holds(o in record(), m in record(), t in record()) {
            let get = |f: &Fields, k: &str| f.get(k).cloned().unwrap_or(Value::Null);
            let keys: std::collections::BTreeSet<String> =
                o.keys().chain(m.keys()).chain(t.keys()).cloned().collect();
            let expect_clash: Vec<String> = keys.iter().filter(|k| {
                let (o, m, t) = (get(&o, k), get(&m, k), get(&t, k));
                !same(&m, &o) && !same(&t, &o) && !same(&m, &t)
            }).cloned().collect();
            match merge3(&o, &m, &t) {
                Merge::Clash(c) => {
                    prop_assert!(!expect_clash.is_empty());
                    let got: Vec<String> = c.iter().map(|x| x.0.clone()).collect();
                    prop_assert_eq!(got, expect_clash);
                    for (k, mine, theirs, original) in c {
                        prop_assert_eq!(mine, get(&m, &k));
                        prop_assert_eq!(theirs, get(&t, &k));
                        prop_assert_eq!(original, get(&o, &k));
                    }
                }
                Merge::Clean { merged, theirs_kept } => {
                    prop_assert!(expect_clash.is_empty());
                    prop_assert_eq!(merged.len(), keys.len());
                    for k in &keys {
                        let (ov, mv, tv) = (get(&o, k), get(&m, k), get(&t, k));
                        let want = if same(&mv, &ov) { tv.clone() } else { mv.clone() };
                        prop_assert!(same(&merged[k], &want), "key {} got {:?} want {:?}", k, merged[k], want);
                        let kept = same(&mv, &ov) && !same(&tv, &ov) && !same(&mv, &tv);
                        prop_assert_eq!(theirs_kept.contains(k), kept);
                    }
                    // Merging with nothing of theirs changed gives mine back.
                    let mine_keys: std::collections::BTreeSet<&String> = o.keys().chain(m.keys()).collect();
                    prop_assert_eq!(merge3(&o, &m, &o), Merge::Clean {
                        merged: mine_keys.iter().map(|k| ((*k).clone(), get(&m, k))).collect(),
                        theirs_kept: Vec::new(),
                    });
                }
            }
        }
    }
}
