//! Customers and user-defined fields.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::text;
use crate::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }

    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim() {
            "male" | "男" | "M" | "m" => Some(Gender::Male),
            "female" | "女" | "F" | "f" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// A customer as stored: every column of the 星级客户管理表, the detailed
/// fields of a customer archive, and the values of user-defined fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Customer {
    pub id: i64,
    /// 客户编号: unique when present.
    pub code: Option<String>,
    /// 客户名称
    pub name: String,
    /// 联系方式, canonical: 13812345678 or 010-12345678.
    pub phone: Option<String>,
    /// 消费金额 in yuan.
    pub spend: Option<f64>,
    /// 购买频次, purchases per year.
    pub frequency: Option<f64>,
    /// 使用年限 in years.
    pub tenure_years: Option<f64>,
    /// 影响力评分
    pub influence: Option<f64>,
    /// 当前等级: a tier key of a scheme, or the text of an old sheet.
    pub tier: Option<String>,
    /// 上次评级日期
    pub last_rated_on: Option<NaiveDate>,
    /// 下一次评级日期
    pub next_rating_on: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// 注册时间
    pub registered_on: Option<NaiveDate>,
    /// 最近联系时间
    pub last_contact_on: Option<NaiveDate>,
    /// 偏好品类
    pub preferred_category: Option<String>,
    /// 备注
    pub notes: Option<String>,
    /// 客户经理
    pub manager: Option<String>,
    pub tags: Vec<String>,
    /// Values of user-defined fields by field key.
    #[ts(type = "Record<string, string | number | null>")]
    pub fields: BTreeMap<String, Value>,
    pub created_at: String,
    pub updated_at: String,
    /// Set while the customer is in the recycle bin.
    pub deleted_at: Option<String>,
    /// 下次联系日期: the latest follow-up's next contact date (set by follow-ups only).
    pub next_contact_on: Option<NaiveDate>,
    /// 负责人: the team user who owns the customer (set by `set_customer_owner`
    /// only; none is a shared customer, and always none on a local file).
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// The owner's name, read with the customer.
    #[serde(default)]
    pub owner_name: Option<String>,
    /// The row's version: raised by every write (migration 0022); a save
    /// names the version it was opened at (`merge::EditBase`).
    #[serde(default)]
    pub version: i64,
    /// Who wrote the row last (none before migration 0022).
    #[serde(default)]
    pub updated_by: Option<String>,
}

/// What a form, the CLI or an import supplies to create or change a customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomerDraft {
    pub code: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub spend: Option<f64>,
    pub frequency: Option<f64>,
    pub tenure_years: Option<f64>,
    pub influence: Option<f64>,
    pub tier: Option<String>,
    pub last_rated_on: Option<NaiveDate>,
    pub next_rating_on: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub registered_on: Option<NaiveDate>,
    pub last_contact_on: Option<NaiveDate>,
    pub preferred_category: Option<String>,
    pub notes: Option<String>,
    pub manager: Option<String>,
    pub tags: Vec<String>,
    #[ts(type = "Record<string, string | number | null>")]
    pub fields: BTreeMap<String, Value>,
}

impl From<&Customer> for CustomerDraft {
    fn from(c: &Customer) -> Self {
        CustomerDraft {
            code: c.code.clone(),
            name: c.name.clone(),
            phone: c.phone.clone(),
            spend: c.spend,
            frequency: c.frequency,
            tenure_years: c.tenure_years,
            influence: c.influence,
            tier: c.tier.clone(),
            last_rated_on: c.last_rated_on,
            next_rating_on: c.next_rating_on,
            gender: c.gender,
            birth_date: c.birth_date,
            email: c.email.clone(),
            address: c.address.clone(),
            registered_on: c.registered_on,
            last_contact_on: c.last_contact_on,
            preferred_category: c.preferred_category.clone(),
            notes: c.notes.clone(),
            manager: c.manager.clone(),
            tags: c.tags.clone(),
            fields: c.fields.clone(),
        }
    }
}

/// The type of a user-defined field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Number,
    Date,
    Choice,
}

impl FieldKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
        }
    }

    pub fn parse(s: &str) -> Option<FieldKind> {
        match s {
            "text" => Some(FieldKind::Text),
            "number" => Some(FieldKind::Number),
            "date" => Some(FieldKind::Date),
            "choice" => Some(FieldKind::Choice),
            _ => None,
        }
    }
}

/// A user-defined field: its key (used in rules and the CLI), the label
/// people see, its type and, for choices, the allowed values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldDef {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub choices: Vec<String>,
}

impl FieldDef {
    /// Keys are used in tier rules and on the command line, so they are kept
    /// to letters, digits and underscores and must start with a letter.
    pub fn check_key(key: &str) -> Result<(), String> {
        let mut chars = key.chars();
        let ok_start = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let ok_rest = key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok_start && ok_rest && key.len() <= 40 {
            Ok(())
        } else {
            Err(format!(
                "字段标识「{key}」无效：只能用小写英文字母、数字和下划线，并以字母开头（例如 satisfaction）"
            ))
        }
    }
}

/// One wrong input: which field (the draft's key, or a custom field key)
/// and why, in Chinese (`message`, the CLI's text) and as a message the UI
/// renders in its language (`msg`; `message == msg.zh()` when present).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub msg: Option<Msg>,
}

impl FieldProblem {
    /// A problem of `field`, its Chinese sentence rendered from `msg`.
    pub fn new(field: &str, msg: Msg) -> FieldProblem {
        FieldProblem {
            field: field.to_owned(),
            message: msg.zh(),
            msg: Some(msg),
        }
    }
}

/// Every problem found in a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ValidationErrors(pub Vec<FieldProblem>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<&str> = self.0.iter().map(|p| p.message.as_str()).collect();
        f.write_str(&parts.join("；"))
    }
}

impl std::error::Error for ValidationErrors {}

/// The longest customer name, in characters. A longer one is refused with
/// both lengths named (in a form and in an import), never cut.
pub const NAME_MAX_CHARS: usize = 200;

/// The longest customer code, in characters.
pub const CODE_MAX_CHARS: usize = 64;

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl CustomerDraft {
    /// Trims text, puts phones into canonical form and checks every field.
    /// Returns the cleaned draft, or all problems at once.
    pub fn validate(mut self, defs: &[FieldDef]) -> Result<CustomerDraft, ValidationErrors> {
        let mut problems = Vec::new();
        let mut bad = |field: &str, msg: Msg| problems.push(FieldProblem::new(field, msg));

        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            bad("name", Msg::new("field.name_required"));
        } else if self.name.chars().count() > NAME_MAX_CHARS {
            let len = self.name.chars().count();
            bad("name", text::too_long_msg("客户名称", NAME_MAX_CHARS, len));
        }
        self.code = clean(&self.code);
        if let Some(code) = &self.code {
            let len = code.chars().count();
            if len > CODE_MAX_CHARS {
                bad("code", text::too_long_msg("客户编号", CODE_MAX_CHARS, len));
            }
        }
        self.phone = clean(&self.phone);
        if let Some(phone) = self.phone.clone() {
            match text::normalize_phone(&phone) {
                Ok(p) => self.phone = Some(p),
                Err(e) => bad("phone", Msg::new("field.phone").with("value", e.0)),
            }
        }
        self.email = clean(&self.email);
        if let Some(email) = &self.email {
            if !text::is_valid_email(email) {
                bad("email", Msg::new("field.email").with("value", email));
            }
        }
        for (key, label, value) in [
            ("spend", "消费金额", self.spend),
            ("frequency", "购买频次", self.frequency),
            ("tenure_years", "使用年限", self.tenure_years),
            ("influence", "影响力评分", self.influence),
        ] {
            if let Some(v) = value {
                if !v.is_finite() {
                    bad(key, Msg::new("field.not_number").with("label", label));
                } else if v < 0.0 && key != "spend" {
                    let msg = Msg::new("field.negative").with("label", label);
                    bad(key, msg.with("value", v));
                }
            }
        }
        if let (Some(last), Some(next)) = (self.last_rated_on, self.next_rating_on) {
            if next < last {
                bad("next_rating_on", Msg::new("field.rating_dates"));
            }
        }
        self.tier = clean(&self.tier);
        self.address = clean(&self.address);
        self.preferred_category = clean(&self.preferred_category);
        self.notes = clean(&self.notes);
        self.manager = clean(&self.manager);
        let mut tags: Vec<String> = Vec::new();
        for t in &self.tags {
            let t = t.trim();
            if !t.is_empty() && !tags.iter().any(|x| x == t) {
                tags.push(t.to_owned());
            }
        }
        self.tags = tags;

        let mut fields = BTreeMap::new();
        for (key, value) in std::mem::take(&mut self.fields) {
            let Some(def) = defs.iter().find(|d| d.key == key) else {
                bad(&key, Msg::new("field.unknown_custom").with("key", &key));
                continue;
            };
            match check_field_value(def, value) {
                Ok(Some(v)) => {
                    fields.insert(key, v);
                }
                Ok(None) => {}
                Err(msg) => bad(&key, msg),
            }
        }
        self.fields = fields;

        if problems.is_empty() {
            Ok(self)
        } else {
            Err(ValidationErrors(problems))
        }
    }
}

/// Checks one custom field value against its definition. Empty values are
/// dropped (`Ok(None)`); numbers given as text are converted.
/// Who a customer's follow-ups, to-dos and cases fall to when no one is
/// named: the customer's 客户经理 (trimmed), else `fallback` (the person at
/// the desk, or who made the contact). The one rule for every feature.
pub fn manager_or(manager: Option<&str>, fallback: &str) -> String {
    manager
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .unwrap_or(fallback)
        .to_owned()
}

pub fn check_field_value(def: &FieldDef, value: Value) -> Result<Option<Value>, Msg> {
    // The label is the person's own name for the field, so English shows it too.
    let bad = |key: &str, text: &str| Msg::new(key).with("label", &def.label).with("value", text);
    let as_text = match &value {
        Value::Null => return Ok(None),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    match def.kind {
        FieldKind::Text => Ok(Some(Value::String(as_text))),
        FieldKind::Number => match &value {
            Value::Number(_) => Ok(Some(value)),
            _ => text::to_halfwidth(&as_text)
                .replace(',', "")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(|n| Some(Value::Number(n)))
                .ok_or_else(|| bad("field.custom_number", &as_text)),
        },
        FieldKind::Date => NaiveDate::parse_from_str(&as_text, "%Y-%m-%d")
            .map(|d| Some(Value::String(d.format("%Y-%m-%d").to_string())))
            .map_err(|_| bad("field.custom_date", &as_text)),
        FieldKind::Choice => {
            if def.choices.iter().any(|c| c == &as_text) {
                Ok(Some(Value::String(as_text)))
            } else {
                let choices = def.choices.join("、");
                Err(bad("field.custom_choice", &as_text).with("choices", choices))
            }
        }
    }
}
