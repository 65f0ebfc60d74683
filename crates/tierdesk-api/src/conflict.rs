//! No silent overwrite (issue 19): saving a customer, follow-up, case or
//! scheme against the version the person opened. The merge rule is the
//! domain's (`tierdesk_domain::merge`); here a save reads the row, merges,
//! and writes only while the row is still at the version it merged against
//! (the store checks that inside its write transaction). A row that moves
//! in between is merged again, a few times at most; a clash is refused with
//! [`ErrorCode::EditConflict`] and the fields' three values.

use serde_json::Value;
use tierdesk_domain::merge::{
    merge_record, EditBase, EditConflict, FieldClash, FieldName, Fields, RowKind, SOMEONE,
};
use tierdesk_domain::privacy::{mask_email, mask_phone, mask_value};
use tierdesk_domain::Masking;

use crate::{ApiError, ErrorCode, Result};

/// How many times a save merges again when the row moved while it merged.
pub(crate) const TRIES: usize = 4;

/// The customer form's own fields by key, with the names people know (as the
/// 操作日志 names them).
const CUSTOMER_LABELS: &[(&str, &str)] = &[
    ("code", "客户编号"),
    ("name", "客户名称"),
    ("phone", "联系方式"),
    ("spend", "消费金额"),
    ("frequency", "购买频次"),
    ("tenure_years", "使用年限"),
    ("influence", "影响力评分"),
    ("tier", "当前等级"),
    ("last_rated_on", "上次评级日期"),
    ("next_rating_on", "下一次评级日期"),
    ("gender", "性别"),
    ("birth_date", "出生日期"),
    ("email", "电子邮箱"),
    ("address", "地址"),
    ("registered_on", "注册时间"),
    ("last_contact_on", "最近联系时间"),
    ("preferred_category", "偏好品类"),
    ("notes", "备注"),
    ("manager", "客户经理"),
    ("tags", "标签"),
];

/// A follow-up's fields by key.
pub(crate) const FOLLOWUP_LABELS: &[(&str, &str)] = &[
    ("channel", "方式"),
    ("at", "跟进时间"),
    ("who", "跟进人"),
    ("contact_id", "联系人"),
    ("contact_name", "联系人"),
    ("subject", "主题"),
    ("content", "跟进内容"),
    ("outcome", "结果"),
    ("next_step", "下一步"),
    ("next_contact_on", "下次联系日期"),
];

/// A case's fields a step changes.
pub(crate) const CASE_LABELS: &[(&str, &str)] = &[
    ("status", "状态"),
    ("resolution", "处理结果"),
    ("satisfaction", "客户满意度"),
];

/// What a step of a case changes, as the person saw it (the base of
/// [`crate::Api::save_case_step`]) or as the step would leave it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct CaseState {
    pub status: tierdesk_domain::case::CaseStatus,
    pub resolution: String,
    pub satisfaction: Option<u8>,
}

impl From<&tierdesk_domain::case::Case> for CaseState {
    fn from(c: &tierdesk_domain::case::Case) -> Self {
        CaseState {
            status: c.status,
            resolution: c.resolution.clone(),
            satisfaction: c.satisfaction,
        }
    }
}

/// A field's name for people: from `table`, a custom field's label
/// (`fields.<key>` through `custom`), else the key itself.
pub(crate) fn label_of(
    key: &str,
    table: &[(&str, &str)],
    custom: &dyn Fn(&str) -> Option<String>,
) -> String {
    if let Some((_, l)) = table.iter().find(|(k, _)| *k == key) {
        return (*l).to_owned();
    }
    key.strip_prefix("fields.")
        .and_then(custom)
        .unwrap_or_else(|| key.to_owned())
}

/// A customer field's name for people (custom fields by their label).
pub(crate) fn customer_label(key: &str, custom: &dyn Fn(&str) -> Option<String>) -> String {
    label_of(key, CUSTOMER_LABELS, custom)
}

/// What the row says about its last write, for the refusal.
pub(crate) struct LastWrite<'a> {
    pub kind: RowKind,
    pub who: Option<&'a str>,
    pub when: &'a str,
    pub version: i64,
}

/// The refusal of a save whose fields clash: 「此客户已被 张三 于 10:32 修改」
/// with each clashing field's three values and the row as it is now; values
/// the lists mask (phones, e-mail and sensitive custom fields when so set)
/// are masked here too — a masked value chosen and sent back keeps the
/// stored one (`Masking::keep_stored`).
pub(crate) fn refusal(
    last: LastWrite<'_>,
    clashes: Vec<(String, Value, Value, Value)>,
    current: Fields,
    label: &dyn Fn(&str) -> String,
    masking: Option<&Masking>,
) -> ApiError {
    let mask = |key: &str, v: Value| -> Value {
        let Some(m) = masking else { return v };
        let text = |f: fn(&str) -> String, v: Value| match v {
            Value::String(s) if !s.is_empty() => Value::String(f(&s)),
            other => other,
        };
        match key {
            "phone" => text(mask_phone, v),
            "email" if m.mask_email => text(mask_email, v),
            k if k
                .strip_prefix("fields.")
                .is_some_and(|f| m.sensitive_fields.iter().any(|s| s == f)) =>
            {
                mask_value(&v)
            }
            _ => v,
        }
    };
    let who = last
        .who
        .filter(|w| !w.trim().is_empty())
        .unwrap_or(SOMEONE)
        .to_owned();
    let conflict = EditConflict {
        kind: last.kind,
        who,
        when: last.when.to_owned(),
        version: last.version,
        fields: clashes
            .into_iter()
            .map(|(key, mine, theirs, original)| FieldClash {
                label: label(&key),
                mine: mask(&key, mine),
                theirs: mask(&key, theirs),
                original: mask(&key, original),
                key,
            })
            .collect(),
        current: current
            .into_iter()
            .map(|(k, v)| {
                let v = mask(&k, v);
                (k, v)
            })
            .collect(),
    };
    let today = crate::today().format("%Y-%m-%d").to_string();
    let mut err = ApiError::coded(ErrorCode::EditConflict, conflict.msg(&today));
    err.conflict = Some(Box::new(conflict));
    err
}

/// The other person's changes a merged save kept, by key and label.
pub(crate) fn kept(keys: Vec<String>, label: &dyn Fn(&str) -> String) -> Vec<FieldName> {
    keys.into_iter()
        .map(|key| FieldName {
            label: label(&key),
            key,
        })
        .collect()
}

/// A save that found the row moved on every one of its [`TRIES`]: others
/// are saving it right now; nothing was written, try again in a moment.
pub(crate) fn still_moving() -> ApiError {
    ApiError::coded(ErrorCode::Busy, tierdesk_domain::Msg::new("store.busy"))
}

/// Whether a save failed only because the row moved on while it merged
/// (then the caller merges again).
pub(crate) fn moved(e: &ApiError) -> bool {
    e.code == ErrorCode::EditConflict && e.conflict.is_none()
}

/// One save decision: `Ok(None)` to save mine as it is, `Ok(Some(..))` the
/// merged record and the keys of theirs it kept, or the refusal.
pub(crate) fn decide<T>(
    base: &EditBase<T>,
    mine: &T,
    theirs: &T,
    last: LastWrite<'_>,
    maps: &[&str],
    label: &dyn Fn(&str) -> String,
    masking: Option<&Masking>,
) -> Result<Option<(T, Vec<String>)>>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    match merge_record(base, mine, theirs, last.version, maps) {
        Ok(outcome) => Ok(outcome),
        Err(clashes) => {
            let current = tierdesk_domain::merge::flatten(theirs);
            Err(refusal(last, clashes, current, label, masking))
        }
    }
}
