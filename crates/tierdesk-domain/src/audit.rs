//! The audit log's records (操作日志): who changed what, from where, with the
//! fields' values before and after. The store writes and chains them; this
//! module only describes them.
//!
//! An entry's `summary` is one Chinese line that never holds a personal
//! value (no name, no phone, not even the customer's code, which must leave
//! the file with the customer: customers are named by internal id): it
//! stays in the log for ever. Personal values go into the entry's details, which an
//! erase of that customer removes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    App,
    Cli,
}

impl Source {
    /// The stored word: `app` or `cli`.
    pub fn key(self) -> &'static str {
        match self {
            Source::App => "app",
            Source::Cli => "cli",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        match text {
            "app" => Some(Source::App),
            "cli" => Some(Source::Cli),
            _ => None,
        }
    }

    /// How the log shows it.
    pub fn label(self) -> &'static str {
        match self {
            Source::App => "桌面程序",
            Source::Cli => "命令行",
        }
    }
}

/// Who is making changes: the operating system's user (a signed-in person
/// later) and the program they use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub source: Source,
}

impl Actor {
    /// Until the API names the person: the CLI, an unknown user.
    pub fn unknown() -> Actor {
        Actor {
            user: "未知用户".to_owned(),
            source: Source::Cli,
        }
    }
}

/// One field's value before and after a change (`None`: empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    /// The stable key (`phone`, `fields.vip_no`, `tier`).
    pub field: String,
    /// What the person calls it (电话).
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A named fact about an entry: a count, a file name, a purpose, whether an
/// export was masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Fact {
    pub name: String,
    pub value: String,
}

/// What an entry's details hold (stored as JSON beside the entry).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditDetails {
    #[serde(default)]
    pub changes: Vec<FieldChange>,
    #[serde(default)]
    pub facts: Vec<Fact>,
}

impl AuditDetails {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.facts.is_empty()
    }
}

/// An entry about to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    /// A stable key such as `customer.edit` (see [`ACTIONS`]).
    pub action: String,
    /// What kind of thing it is about: `customer`, `scheme`, `import`,
    /// `batch`, `setting`, `field`, `file` …
    pub object_kind: String,
    /// Which one: an id, a key, a file name.
    pub object_id: String,
    /// The customer it is about, when it is about one customer.
    pub customer_id: Option<i64>,
    /// One Chinese line without personal values.
    pub summary: String,
    pub details: AuditDetails,
}

impl NewEntry {
    pub fn new(
        action: &str,
        object_kind: &str,
        object_id: impl Into<String>,
        summary: impl Into<String>,
    ) -> NewEntry {
        NewEntry {
            action: action.to_owned(),
            object_kind: object_kind.to_owned(),
            object_id: object_id.into(),
            customer_id: None,
            summary: summary.into(),
            details: AuditDetails::default(),
        }
    }

    /// An entry about one customer: the object is the customer.
    pub fn for_customer(action: &str, customer_id: i64, summary: impl Into<String>) -> NewEntry {
        NewEntry {
            customer_id: Some(customer_id),
            ..NewEntry::new(action, "customer", customer_id.to_string(), summary)
        }
    }

    pub fn customer(mut self, id: i64) -> NewEntry {
        self.customer_id = Some(id);
        self
    }

    pub fn fact(mut self, name: &str, value: impl ToString) -> NewEntry {
        self.details.facts.push(Fact {
            name: name.to_owned(),
            value: value.to_string(),
        });
        self
    }

    pub fn change(
        mut self,
        field: &str,
        label: &str,
        before: Option<String>,
        after: Option<String>,
    ) -> NewEntry {
        self.details.changes.push(FieldChange {
            field: field.to_owned(),
            label: label.to_owned(),
            before,
            after,
        });
        self
    }
}

/// A recorded entry, as the log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub id: i64,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub actor: String,
    pub source: Source,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub customer_id: Option<i64>,
    /// The customer's code and name now (not stored in the log: read from
    /// the archive when listed; `None` once deleted for good or erased).
    pub customer_code: Option<String>,
    pub customer_name: Option<String>,
    pub summary: String,
    /// `None` when the entry had no details, or when they were removed by
    /// an erase of the customer (`details_erased`).
    pub details: Option<AuditDetails>,
    pub details_erased: bool,
}

/// Which entries a list asks for. Every filter is optional; entries come
/// newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// An action key (`customer.edit`), or a group ending in a dot
    /// (`customer.`).
    pub action: Option<String>,
    pub customer_id: Option<i64>,
    /// First day included.
    pub since: Option<NaiveDate>,
    /// Last day included.
    pub until: Option<NaiveDate>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditBreak {
    /// The entry where it was noticed.
    pub entry_id: i64,
    /// What is wrong, in Chinese.
    pub problem: String,
}

/// What checking the log found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditCheck {
    pub entries: u64,
    pub broken: Option<AuditBreak>,
    /// The sentence shown: intact, or the first break.
    pub message: String,
}

/// Every action key the program records, with its Chinese label.
pub const ACTIONS: &[(&str, &str)] = &[
    ("customer.add", "新增客户"),
    ("customer.edit", "修改客户"),
    ("customer.delete", "删除客户（移入回收站）"),
    ("customer.restore", "从回收站恢复客户"),
    ("customer.purge", "永久删除客户"),
    ("customer.erase", "删除个人信息"),
    ("customer.owner", "设置客户负责人"),
    ("tier.manual", "手动调整等级"),
    ("scheme.import", "导入等级方案"),
    ("scheme.edit", "修改等级方案"),
    ("scheme.activate", "启用等级方案"),
    ("import.run", "导入数据"),
    ("import.undo", "撤销导入"),
    ("import.profile.save", "保存导入方案"),
    ("import.profile.rename", "重命名导入方案"),
    ("import.profile.delete", "删除导入方案"),
    ("rating.apply", "执行评级"),
    ("rating.undo", "撤销评级"),
    ("rating.override", "评级覆盖"),
    ("benefit.use", "登记权益使用"),
    ("benefit.delete", "删除权益使用记录"),
    ("survey.add", "录入满意度答卷"),
    ("survey.delete", "删除满意度答卷"),
    ("case.open", "登记投诉"),
    ("case.step", "投诉处理进展"),
    ("churn.refresh", "刷新流失预警"),
    ("churn.refresh_part", "刷新流失预警（部分）"),
    ("churn.step", "流失预警处理"),
    ("points.adjust", "调整积分"),
    ("points.catalogue", "新增兑换礼品"),
    ("points.catalogue_edit", "修改兑换礼品"),
    ("points.redeem", "积分兑换"),
    ("points.undo", "撤销积分记录"),
    ("points.expire", "积分过期处理"),
    ("points.statement", "打印积分对账单"),
    ("points.statement_export", "导出积分对账单"),
    ("followup.add", "记录跟进"),
    ("followup.edit", "修改跟进记录"),
    ("followup.delete", "删除跟进记录"),
    ("contact.add", "新增联系人"),
    ("contact.edit", "修改联系人"),
    ("contact.delete", "删除联系人"),
    ("date.add", "新增纪念日"),
    ("date.edit", "修改纪念日"),
    ("date.delete", "删除纪念日"),
    ("todo.add", "新增待办"),
    ("todo.done", "完成待办"),
    ("todo.cancel", "取消待办"),
    ("todo.postpone", "延期待办"),
    ("todo.edit", "修改待办"),
    ("todo.refresh", "按规则生成待办"),
    ("setting.set", "修改设置"),
    ("setting.my_name", "设置我的名字"),
    ("field.add", "新增自定义字段"),
    ("field.edit", "修改自定义字段"),
    ("field.delete", "删除自定义字段"),
    ("demo.load", "载入演示数据"),
    ("team.copy", "迁移到团队数据库"),
    ("export.customers", "导出客户"),
    ("export.template", "导出导入模板"),
    ("report.print", "打印等级报告"),
    ("report.export", "导出等级报告"),
    ("statement.print", "打印权益单"),
    ("statement.export", "导出权益单"),
    ("privacy.reveal", "查看完整信息"),
    ("privacy.copy", "导出个人信息副本"),
    ("backup.create", "创建备份"),
    ("backup.restore", "从备份恢复"),
    ("password.set", "设置数据库密码"),
    ("password.change", "修改数据库密码"),
    ("password.remove", "取消数据库密码"),
    ("user.first_admin", "创建第一位管理员"),
    ("user.add", "新增用户"),
    ("user.edit", "修改用户"),
    ("user.password", "重设用户密码"),
    ("user.own_password", "修改自己的密码"),
    ("user.sign_in", "登录"),
    ("user.sign_in_failed", "登录失败"),
];

/// The Chinese label of an action key; an unknown key is shown as it is.
pub fn action_label(key: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| *label)
        .unwrap_or(key)
}

/// The fields that differ between a customer before and after a change
/// (`before` is `None` for a new customer: every filled field is listed),
/// each with its value before and after as text. Custom fields are named
/// `fields.<key>` and labelled by `field_label` (their definition's label).
pub fn customer_changes(
    before: Option<&crate::Customer>,
    after: &crate::Customer,
    field_label: impl Fn(&str) -> Option<String>,
) -> Vec<FieldChange> {
    let old = before.map(customer_values);
    let mut changes = Vec::new();
    for (i, (field, label, a)) in customer_values(after).into_iter().enumerate() {
        let b = old.as_ref().and_then(|o| o[i].2.clone());
        if b != a {
            changes.push(FieldChange {
                field: field.to_owned(),
                label: label.to_owned(),
                before: b,
                after: a,
            });
        }
    }
    let empty = std::collections::BTreeMap::new();
    let old_fields = before.map(|c| &c.fields).unwrap_or(&empty);
    let keys: std::collections::BTreeSet<&String> =
        old_fields.keys().chain(after.fields.keys()).collect();
    for key in keys {
        let b = old_fields.get(key).and_then(value_text);
        let a = after.fields.get(key).and_then(value_text);
        if b != a {
            changes.push(FieldChange {
                field: format!("fields.{key}"),
                label: field_label(key).unwrap_or_else(|| key.clone()),
                before: b,
                after: a,
            });
        }
    }
    changes
}

/// A custom field's value as text; null and empty text are no value.
fn value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s.is_empty() => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// A customer's own fields as (key, label, text), in form order.
fn customer_values(c: &crate::Customer) -> Vec<(&'static str, &'static str, Option<String>)> {
    let text = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
    let number = |n: Option<f64>| n.map(|n| n.to_string());
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    vec![
        ("code", "客户编号", text(&c.code)),
        (
            "name",
            "客户名称",
            Some(c.name.clone()).filter(|s| !s.is_empty()),
        ),
        ("phone", "联系方式", text(&c.phone)),
        ("spend", "消费金额", number(c.spend)),
        ("frequency", "购买频次", number(c.frequency)),
        ("tenure_years", "使用年限", number(c.tenure_years)),
        ("influence", "影响力评分", number(c.influence)),
        ("tier", "当前等级", text(&c.tier)),
        ("last_rated_on", "上次评级日期", date(c.last_rated_on)),
        ("next_rating_on", "下一次评级日期", date(c.next_rating_on)),
        ("gender", "性别", c.gender.map(|g| g.label().to_owned())),
        ("birth_date", "出生日期", date(c.birth_date)),
        ("email", "电子邮箱", text(&c.email)),
        ("address", "地址", text(&c.address)),
        ("registered_on", "注册时间", date(c.registered_on)),
        ("last_contact_on", "最近联系时间", date(c.last_contact_on)),
        (
            "preferred_category",
            "偏好品类",
            text(&c.preferred_category),
        ),
        ("notes", "备注", text(&c.notes)),
        ("manager", "客户经理", text(&c.manager)),
        (
            "tags",
            "标签",
            Some(c.tags.join("、")).filter(|s| !s.is_empty()),
        ),
    ]
}

/// Field labels of a change list joined for a summary: 联系方式、备注.
pub fn changed_labels(changes: &[FieldChange]) -> String {
    let labels: Vec<&str> = changes.iter().map(|c| c.label.as_str()).collect();
    labels.join("、")
}

/// How a customer is named in a summary: by internal id only. A summary
/// stays for ever, and a customer's code, like the name, must leave the
/// file when the customer is deleted for good or erased; the log shows the
/// code and name beside the entry while the customer is there.
pub fn customer_ref(id: i64) -> String {
    format!("#{id}")
}

/// The values of an entry as a person may see them without a reason, under
/// the same policy as the lists (`Masking`): phones always, e-mail and the
/// sensitive custom fields when so set.
pub fn mask_details(details: &mut AuditDetails, masking: &crate::privacy::Masking) {
    use crate::privacy::{mask_email, mask_phone, mask_value};
    for c in &mut details.changes {
        let mask: Option<fn(&str) -> String> = match c.field.as_str() {
            "phone" => Some(mask_phone),
            "email" if masking.mask_email => Some(mask_email),
            f => f
                .strip_prefix("fields.")
                .filter(|k| masking.sensitive_fields.iter().any(|s| s == k))
                .map(|_| {
                    (|v: &str| match mask_value(&serde_json::Value::String(v.to_owned())) {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    }) as fn(&str) -> String
                }),
        };
        if let Some(mask) = mask {
            c.before = c.before.as_deref().map(mask);
            c.after = c.after.as_deref().map(mask);
        }
    }
}
