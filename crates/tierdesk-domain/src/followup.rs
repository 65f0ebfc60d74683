//! Follow-ups (跟进记录): one contact with a customer — how, when, by whom,
//! with whom, what was said and agreed, and when to get in touch next.
//!
//! A draft is checked by [`FollowupDraft::validate`], which returns every
//! problem at once in Chinese. The clock is a parameter: the caller says
//! what "now" is, so a follow-up cannot be logged in the future.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{FieldProblem, Msg, ValidationErrors};

/// How the contact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Visit,
    Phone,
    Wechat,
    Meeting,
    Email,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Visit,
        Channel::Phone,
        Channel::Wechat,
        Channel::Meeting,
        Channel::Email,
        Channel::Other,
    ];

    /// The key stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Visit => "visit",
            Channel::Phone => "phone",
            Channel::Wechat => "wechat",
            Channel::Meeting => "meeting",
            Channel::Email => "email",
            Channel::Other => "other",
        }
    }

    /// What people see: 拜访, 电话, 微信, 会议, 邮件, 其他.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Visit => "拜访",
            Channel::Phone => "电话",
            Channel::Wechat => "微信",
            Channel::Meeting => "会议",
            Channel::Email => "邮件",
            Channel::Other => "其他",
        }
    }

    /// A key or a Chinese label (a few everyday words too: 上门, 邮箱).
    pub fn parse(s: &str) -> Option<Channel> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == lower || c.label() == s)
            .or(match s {
                "上门" | "上门拜访" | "走访" => Some(Channel::Visit),
                "电话联系" | "通话" => Some(Channel::Phone),
                "微信联系" => Some(Channel::Wechat),
                "邮箱" | "电子邮件" | "e-mail" => Some(Channel::Email),
                _ => None,
            })
    }
}

/// A follow-up as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Followup {
    pub id: i64,
    pub customer_id: i64,
    pub channel: Channel,
    /// When it happened, local time `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// Who made the contact (the 客户经理 or another person).
    pub who: String,
    /// The contact person of a company customer, when one was chosen.
    pub contact_id: Option<i64>,
    /// The name of the person spoken to (kept even if the contact is removed).
    pub contact_name: String,
    pub subject: String,
    pub content: String,
    pub outcome: String,
    pub next_step: String,
    pub next_contact_on: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
    /// The row's version, raised by every write (migration 0022).
    #[serde(default)]
    pub version: i64,
    /// Who changed it last (none before migration 0022).
    #[serde(default)]
    pub updated_by: Option<String>,
}

/// A stored follow-up as the form that would save it again (the base and
/// "theirs" of a merge, `merge.rs`).
impl From<&Followup> for FollowupDraft {
    fn from(f: &Followup) -> Self {
        FollowupDraft {
            channel: f.channel,
            at: Some(f.at.clone()),
            who: f.who.clone(),
            contact_id: f.contact_id,
            contact_name: f.contact_name.clone(),
            subject: f.subject.clone(),
            content: f.content.clone(),
            outcome: f.outcome.clone(),
            next_step: f.next_step.clone(),
            next_contact_on: f.next_contact_on,
            todo_id: None,
        }
    }
}

impl Followup {
    /// The day it happened (the first ten characters of `at`).
    pub fn day(&self) -> Option<NaiveDate> {
        self.at
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }
}

/// What a form, the CLI or the API supplies to log or change a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FollowupDraft {
    pub channel: Channel,
    /// `YYYY-MM-DD HH:MM[:SS]` or a day; empty: now.
    pub at: Option<String>,
    /// Empty: the customer's manager, else the person logging it.
    pub who: String,
    pub contact_id: Option<i64>,
    pub contact_name: String,
    pub subject: String,
    pub content: String,
    pub outcome: String,
    pub next_step: String,
    pub next_contact_on: Option<NaiveDate>,
    /// The to-do this follow-up answers (今日待办's 记录跟进): closed with it.
    pub todo_id: Option<i64>,
}

impl Default for FollowupDraft {
    fn default() -> Self {
        FollowupDraft {
            channel: Channel::Phone,
            at: None,
            who: String::new(),
            contact_id: None,
            contact_name: String::new(),
            subject: String::new(),
            content: String::new(),
            outcome: String::new(),
            next_step: String::new(),
            next_contact_on: None,
            todo_id: None,
        }
    }
}

/// A draft that passed [`FollowupDraft::validate`]: texts trimmed, the time
/// read and `who` still possibly empty (the caller fills it).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFollowup {
    pub channel: Channel,
    pub at: NaiveDateTime,
    pub who: String,
    pub contact_id: Option<i64>,
    pub contact_name: String,
    pub subject: String,
    pub content: String,
    pub outcome: String,
    pub next_step: String,
    pub next_contact_on: Option<NaiveDate>,
    pub todo_id: Option<i64>,
}

impl CheckedFollowup {
    /// `at` as stored.
    pub fn at_text(&self) -> String {
        self.at.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// The longest texts a follow-up keeps, in characters.
const LIMITS: [(&str, &str, usize); 6] = [
    ("who", "跟进人", 50),
    ("contact_name", "联系人", 50),
    ("subject", "主题", 200),
    ("content", "跟进内容", 5000),
    ("outcome", "结果", 2000),
    ("next_step", "下一步", 2000),
];

/// Reads a follow-up's time: `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD HH:MM`,
/// `YYYY/MM/DD …`, an ISO `T`, or a day alone (then 09:00, office hours).
pub fn parse_at(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().replace('/', "-").replace('T', " ");
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&s, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()))
}

impl FollowupDraft {
    /// Checks the draft against `now`: content is required, the time must be
    /// readable and not in the future, the next contact date after the
    /// follow-up's day, and texts within their limits. Returns every problem.
    pub fn validate(self, now: NaiveDateTime) -> Result<CheckedFollowup, ValidationErrors> {
        let mut problems = Vec::new();
        let mut bad = |field: &str, msg: Msg| problems.push(FieldProblem::new(field, msg));
        let at_text = self.at.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let at = match at_text {
            None => now,
            Some(s) => match parse_at(s) {
                Some(t) => t,
                None => {
                    bad("at", Msg::new("followup.at_unreadable").with("value", s));
                    now
                }
            },
        };
        if at.date() > now.date() {
            bad("at", Msg::new("followup.at_future").with("day", at.date()));
        }
        let texts = [
            self.who.trim().to_owned(),
            self.contact_name.trim().to_owned(),
            self.subject.trim().to_owned(),
            self.content.trim().to_owned(),
            self.outcome.trim().to_owned(),
            self.next_step.trim().to_owned(),
        ];
        for ((field, label, max), text) in LIMITS.iter().zip(&texts) {
            if text.chars().count() > *max {
                bad(
                    field,
                    crate::text::too_long_msg(label, *max, text.chars().count()),
                );
            }
        }
        if texts[3].is_empty() {
            bad("content", Msg::new("followup.content_required"));
        }
        if let Some(next) = self.next_contact_on {
            if next <= at.date() {
                let msg = Msg::new("followup.next_too_early").with("next", next);
                bad("next_contact_on", msg.with("day", at.date()));
            }
        }
        if !problems.is_empty() {
            return Err(ValidationErrors(problems));
        }
        let [who, contact_name, subject, content, outcome, next_step] = texts;
        Ok(CheckedFollowup {
            channel: self.channel,
            at,
            who,
            contact_id: self.contact_id,
            contact_name,
            subject,
            content,
            outcome,
            next_step,
            next_contact_on: self.next_contact_on,
            todo_id: self.todo_id,
        })
    }
}

/// Which follow-ups a list of all of them shows, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FollowupFilter {
    /// Only this customer's.
    pub customer_id: Option<i64>,
    pub channel: Option<Channel>,
    /// Only those logged by this person.
    pub who: Option<String>,
    /// Days, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: u32,
    pub offset: u32,
}

/// A follow-up in a list of all of them: with its customer's code and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FollowupLine {
    #[serde(flatten)]
    pub followup: Followup,
    pub customer_code: Option<String>,
    pub customer_name: String,
}
