//! The customer record (客户详情): one timeline of everything that happened
//! to a customer, their purchases, their contacts and the dates that matter
//! to them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::FieldChange;
use crate::customer::{FieldProblem, ValidationErrors};
use crate::privacy::{mask_email, mask_phone, Masking};
use crate::text;
use crate::Msg;

/// Every kind of timeline event, with the word the page's filter shows.
/// The store has one SQL source per kind (`tierdesk-store` `timeline.rs`);
/// a kind listed here whose source is not there yet simply has no events.
pub const TIMELINE_KINDS: &[(&str, &str)] = &[
    ("purchase", "购买"),
    ("tier", "等级变化"),
    ("followup", "跟进"),
    ("case", "投诉"),
    ("survey", "满意度"),
    ("benefit", "权益使用"),
    ("import", "导入"),
    ("edit", "资料修改"),
    ("todo", "待办完成"),
];

/// The Chinese word of a timeline kind; an unknown kind is shown as it is.
pub fn timeline_kind_label(kind: &str) -> &str {
    TIMELINE_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, label)| *label)
        .unwrap_or(kind)
}

/// One event of a customer's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelineEvent {
    /// Local time `YYYY-MM-DD HH:MM:SS` (a day alone is at `00:00:00`).
    pub at: String,
    /// One of [`TIMELINE_KINDS`].
    pub kind: String,
    /// The row's id in its own table (an order's first line for a
    /// purchase, an entry of the log for an edit).
    pub ref_id: i64,
    /// One short Chinese line.
    pub title: String,
    pub detail: Option<String>,
    /// The detail as messages the UI shows in its language, joined by
    /// 「 · 」 (a rating's reason and batch, a follow-up's outcome and next
    /// contact); empty when `detail` is data alone, shown as written.
    #[serde(default)]
    pub detail_parts: Vec<crate::msg::Msg>,
    /// Money, when the event has an amount (an order's net amount).
    pub amount: Option<f64>,
}

/// Where a page of the timeline ends: the next page starts after it.
/// Events are ordered by `at` (newest first), then `kind`, then `ref_id`
/// (highest first), so the three make a place no two events share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineCursor {
    pub at: String,
    pub kind: String,
    pub ref_id: i64,
}

impl TimelineCursor {
    /// The place of an event.
    pub fn of(e: &TimelineEvent) -> TimelineCursor {
        TimelineCursor {
            at: e.at.clone(),
            kind: e.kind.clone(),
            ref_id: e.ref_id,
        }
    }
}

/// Which events a page asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TimelineQuery {
    /// Kinds to show; empty: every kind.
    pub kinds: Vec<String>,
    /// Events after this place (the previous page's `next`); `None`: the newest.
    pub before: Option<TimelineCursor>,
    /// How many events (1–500); `None`: 50.
    pub limit: Option<u32>,
}

impl TimelineQuery {
    /// The page size asked for, within 1–500.
    pub fn page_size(&self) -> u32 {
        self.limit.unwrap_or(50).clamp(1, 500)
    }
}

/// One page of a timeline, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelinePage {
    pub events: Vec<TimelineEvent>,
    /// Where the next page starts; `None` when this is the last page.
    pub next: Option<TimelineCursor>,
}

/// How many events of one kind a customer's timeline holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineCount {
    pub kind: String,
    pub label: String,
    pub count: u64,
}

/// One person at a company customer (联系人).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Contact {
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    /// 职务 / 角色: 采购经理, 老板 …
    pub role: String,
    /// Stored form (see `text::normalize_phone`); masked in what a person sees.
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// The customer's main contact: at most one per customer.
    pub is_primary: bool,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A contact as a form or the CLI gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ContactDraft {
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub is_primary: bool,
    pub notes: String,
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Collects problems, each with its field and a Chinese sentence.
#[derive(Default)]
struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, field: &str, msg: Msg) {
        self.0.push(FieldProblem::new(field, msg));
    }

    fn too_long(&mut self, field: &str, label: &str, value: &str, max: usize) {
        let len = value.chars().count();
        if len > max {
            self.add(field, crate::text::too_long_msg(label, max, len));
        }
    }

    fn done<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}

/// The fields whose text differs between `before` (in the same order as
/// `after`; `None`: nothing before) and `after` (key, label, text).
fn field_changes<const N: usize>(
    after: [(&str, &str, Option<String>); N],
    before: Option<[Option<String>; N]>,
) -> Vec<FieldChange> {
    after
        .into_iter()
        .enumerate()
        .filter_map(|(i, (field, label, a))| {
            let b = before.as_ref().and_then(|o| o[i].clone());
            (a != b).then(|| FieldChange {
                field: field.to_owned(),
                label: label.to_owned(),
                before: b,
                after: a,
            })
        })
        .collect()
}

impl ContactDraft {
    /// Trims text, puts the phone into its stored form and checks every
    /// field; returns the cleaned draft or every problem at once.
    pub fn validate(mut self) -> Result<ContactDraft, ValidationErrors> {
        let mut p = Problems::default();
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            p.add("name", Msg::new("contact.name_required"));
        }
        p.too_long("name", "姓名", &self.name, 100);
        self.role = self.role.trim().to_owned();
        p.too_long("role", "职务", &self.role, 50);
        self.phone = clean(&self.phone);
        if let Some(phone) = self.phone.clone() {
            match text::normalize_phone(&phone) {
                Ok(n) => self.phone = Some(n),
                Err(e) => p.add("phone", Msg::new("contact.phone").with("value", e.0)),
            }
        }
        self.wechat = clean(&self.wechat);
        if let Some(w) = &self.wechat {
            p.too_long("wechat", "微信", w, 64);
        }
        self.email = clean(&self.email);
        if let Some(email) = &self.email {
            if !text::is_valid_email(email) {
                p.add("email", Msg::new("field.email").with("value", email));
            }
        }
        self.notes = self.notes.trim().to_owned();
        p.too_long("notes", "备注", &self.notes, 2000);
        p.done(self)
    }

    /// Puts the stored phone and e-mail back where a form returned the
    /// masked value it was shown, untouched (a masked value holds a `*`,
    /// so a number a person typed is never taken for one).
    pub fn keep_stored(&mut self, stored: &Contact) {
        let untouched = |sent: &Option<String>, shown: Option<String>| {
            matches!((sent.as_deref().map(str::trim), shown.as_deref()),
                (Some(s), Some(m)) if m.contains('*') && s == m)
        };
        if untouched(&self.phone, stored.phone.as_deref().map(mask_phone)) {
            self.phone = stored.phone.clone();
        }
        if untouched(&self.email, stored.email.as_deref().map(mask_email)) {
            self.email = stored.email.clone();
        }
    }

    /// The fields that differ from `before` (`None`: a new contact, every
    /// filled field), with their values as text, for the audit log's details.
    pub fn changes(&self, before: Option<&Contact>) -> Vec<FieldChange> {
        let text = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let yes = |b: bool| b.then(|| "是".to_owned());
        let after = [
            ("name", "姓名", text(&self.name)),
            ("role", "职务", text(&self.role)),
            ("phone", "电话", self.phone.clone()),
            ("wechat", "微信", self.wechat.clone()),
            ("email", "电子邮箱", self.email.clone()),
            ("birth_date", "生日", date(self.birth_date)),
            ("is_primary", "主要联系人", yes(self.is_primary)),
            ("notes", "备注", text(&self.notes)),
        ];
        let old = before.map(|c| {
            [
                text(&c.name),
                text(&c.role),
                c.phone.clone(),
                c.wechat.clone(),
                c.email.clone(),
                date(c.birth_date),
                yes(c.is_primary),
                text(&c.notes),
            ]
        });
        field_changes(after, old)
    }
}

impl From<&Contact> for ContactDraft {
    fn from(c: &Contact) -> ContactDraft {
        ContactDraft {
            name: c.name.clone(),
            role: c.role.clone(),
            phone: c.phone.clone(),
            wechat: c.wechat.clone(),
            email: c.email.clone(),
            birth_date: c.birth_date,
            is_primary: c.is_primary,
            notes: c.notes.clone(),
        }
    }
}

impl Contact {
    /// The contact as a person may see it without a reason: the phone
    /// always masked, the e-mail when the policy says so (as in the lists).
    pub fn masked(mut self, masking: &Masking) -> Contact {
        self.phone = self.phone.as_deref().map(mask_phone);
        if masking.mask_email {
            self.email = self.email.as_deref().map(mask_email);
        }
        self
    }
}

/// What kind of date that matters a customer's date is (纪念日). Birthdays
/// are not here: the customer's is `customers.birth_date`, a contact's is
/// on the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// 合作纪念日: the day the business relationship began.
    Cooperation,
    /// 开业日: the customer's own opening day.
    Opening,
    /// Any other named date.
    Custom,
}

impl DateKind {
    pub const ALL: [DateKind; 3] = [DateKind::Cooperation, DateKind::Opening, DateKind::Custom];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            DateKind::Cooperation => "cooperation",
            DateKind::Opening => "opening",
            DateKind::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DateKind::Cooperation => "合作纪念日",
            DateKind::Opening => "开业日",
            DateKind::Custom => "自定义",
        }
    }

    /// The stored word or the Chinese label.
    pub fn parse(text: &str) -> Option<DateKind> {
        let t = text.trim();
        DateKind::ALL
            .into_iter()
            .find(|k| k.key() == t || k.label() == t)
    }
}

/// A date that matters to a customer, every year (合作纪念日, 开业日 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CustomerDate {
    pub id: i64,
    pub customer_id: i64,
    pub kind: DateKind,
    /// What the date is called (the kind's name unless it is custom).
    pub label: String,
    pub month: u32,
    pub day: u32,
    /// The year it first happened, when known.
    pub year: Option<i32>,
    /// Whether a reminder to-do is made ahead of it each year.
    pub remind: bool,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A date as a form or the CLI gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DateDraft {
    pub kind: DateKind,
    /// Required for a custom date; empty means the kind's name otherwise.
    #[serde(default)]
    pub label: String,
    pub month: u32,
    pub day: u32,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default = "yes")]
    pub remind: bool,
    #[serde(default)]
    pub notes: String,
}

impl From<&CustomerDate> for DateDraft {
    fn from(d: &CustomerDate) -> DateDraft {
        DateDraft {
            kind: d.kind,
            label: d.label.clone(),
            month: d.month,
            day: d.day,
            year: d.year,
            remind: d.remind,
            notes: d.notes.clone(),
        }
    }
}

fn yes() -> bool {
    true
}

impl DateDraft {
    /// Checks the month and day (29 February is a date every year it
    /// exists; with a year it must exist in that year), the year and the
    /// label; returns the cleaned draft or every problem at once.
    pub fn validate(mut self) -> Result<DateDraft, ValidationErrors> {
        let mut p = Problems::default();
        self.label = self.label.trim().to_owned();
        if self.label.is_empty() {
            if self.kind == DateKind::Custom {
                p.add("label", Msg::new("date.label_required"));
            } else {
                self.label = self.kind.label().to_owned();
            }
        }
        p.too_long("label", "名称", &self.label, 50);
        if !(1..=12).contains(&self.month) {
            p.add("month", Msg::new("date.month").with("month", self.month));
        } else if NaiveDate::from_ymd_opt(2024, self.month, self.day).is_none() {
            let msg = Msg::new("date.no_day").with("month", self.month);
            p.add("day", msg.with("day", self.day));
        }
        if let Some(year) = self.year {
            if !(1900..=2100).contains(&year) {
                p.add("year", Msg::new("date.year").with("year", year));
            } else if (1..=12).contains(&self.month)
                && NaiveDate::from_ymd_opt(2024, self.month, self.day).is_some()
                && NaiveDate::from_ymd_opt(year, self.month, self.day).is_none()
            {
                let msg = Msg::new("date.no_day_in_year").with("year", year);
                p.add("day", msg.with("month", self.month).with("day", self.day));
            }
        }
        self.notes = self.notes.trim().to_owned();
        p.too_long("notes", "备注", &self.notes, 2000);
        p.done(self)
    }

    /// The fields that differ from `before` (`None`: every filled field),
    /// for the audit log's details.
    pub fn changes(&self, before: Option<&CustomerDate>) -> Vec<FieldChange> {
        let day = |y: Option<i32>, m: u32, d: u32| match y {
            Some(y) => format!("{y}-{m:02}-{d:02}"),
            None => format!("{m:02}-{d:02}"),
        };
        let after = [
            ("kind", "类型", Some(self.kind.label().to_owned())),
            ("label", "名称", Some(self.label.clone())),
            ("date", "日期", Some(day(self.year, self.month, self.day))),
            (
                "remind",
                "提醒",
                Some(if self.remind { "是" } else { "否" }.to_owned()),
            ),
            (
                "notes",
                "备注",
                Some(self.notes.clone()).filter(|s| !s.is_empty()),
            ),
        ];
        let old = before.map(|d| {
            [
                Some(d.kind.label().to_owned()),
                Some(d.label.clone()),
                Some(day(d.year, d.month, d.day)),
                Some(if d.remind { "是" } else { "否" }.to_owned()),
                Some(d.notes.clone()).filter(|s| !s.is_empty()),
            ]
        });
        field_changes(after, old)
    }
}

/// A customer's purchases at a glance (客户详情 → 购买记录). A purchase is a
/// `purchase` line with a quantity and an amount above 0, as for ratings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PurchaseSummary {
    /// Order lines of every kind.
    pub lines: u64,
    /// Distinct orders with a purchase.
    pub orders: u64,
    /// Days with a purchase.
    pub purchase_days: u64,
    /// Sum of the purchases' amounts.
    pub spend: f64,
    /// Returns and cancellations, without their sign.
    pub returned: f64,
    /// First and last purchase (`YYYY-MM-DD HH:MM:SS`).
    pub first_at: Option<String>,
    pub last_at: Option<String>,
    /// Days between the first and the last purchase day over the gaps
    /// between purchase days; `None` with fewer than two purchase days.
    pub average_interval_days: Option<f64>,
    /// Per calendar month with any line, oldest first.
    pub months: Vec<MonthTotal>,
}

/// One month of a customer's purchases, for the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonthTotal {
    /// `YYYY-MM`.
    pub month: String,
    pub orders: u64,
    pub spend: f64,
    pub returned: f64,
}

/// The average number of days between purchase days: the span from the
/// first to the last over the gaps (`days` purchase days make `days - 1`).
pub fn average_interval(first: NaiveDate, last: NaiveDate, days: u64) -> Option<f64> {
    (days >= 2).then(|| (last - first).num_days() as f64 / (days - 1) as f64)
}
