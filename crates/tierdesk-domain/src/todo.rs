//! To-dos (待办): what they are, how they repeat, and when one is overdue.
//!
//! A to-do has a kind, a due date (and maybe an hour), an owner and a
//! status. Overdue is never stored: [`is_overdue`] works it out from the due
//! date and time and the moment it is asked. A repeating to-do's next date
//! comes from [`next_due`], counted from the first due date so that month
//! ends and 29 February do not drift.
//!
//! (Over 600 lines: a fifth are the tables of repetition, overdue and notice cases.)

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a to-do is for. Stored as its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TodoKind {
    Followup,
    Date,
    Rating,
    Case,
    Benefit,
    Custom,
    /// 积分即将过期: a customer's points run out within 30 days.
    Points,
}

impl TodoKind {
    pub const ALL: [TodoKind; 7] = [
        TodoKind::Followup,
        TodoKind::Date,
        TodoKind::Rating,
        TodoKind::Case,
        TodoKind::Benefit,
        TodoKind::Custom,
        TodoKind::Points,
    ];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            TodoKind::Followup => "followup",
            TodoKind::Date => "date",
            TodoKind::Rating => "rating",
            TodoKind::Case => "case",
            TodoKind::Benefit => "benefit",
            TodoKind::Custom => "custom",
            TodoKind::Points => "points",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TodoKind::Followup => "跟进",
            TodoKind::Date => "生日/纪念日",
            TodoKind::Rating => "评级到期",
            TodoKind::Case => "投诉处理",
            TodoKind::Benefit => "权益到期",
            TodoKind::Custom => "自定义",
            TodoKind::Points => "积分即将过期",
        }
    }

    /// The stored word or the Chinese label (生日 and 纪念日 alone too).
    pub fn parse(text: &str) -> Option<TodoKind> {
        let t = text.trim();
        TodoKind::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(t) || k.label() == t)
            .or(match t {
                "生日" | "纪念日" => Some(TodoKind::Date),
                "评级" => Some(TodoKind::Rating),
                "投诉" => Some(TodoKind::Case),
                "权益" => Some(TodoKind::Benefit),
                "积分" | "积分过期" => Some(TodoKind::Points),
                _ => None,
            })
    }
}

/// Where a to-do stands. A postponed to-do is still to be done, on its new date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TodoStatus {
    Open,
    Done,
    Cancelled,
    Postponed,
}

impl TodoStatus {
    pub const ALL: [TodoStatus; 4] = [
        TodoStatus::Open,
        TodoStatus::Done,
        TodoStatus::Cancelled,
        TodoStatus::Postponed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TodoStatus::Open => "open",
            TodoStatus::Done => "done",
            TodoStatus::Cancelled => "cancelled",
            TodoStatus::Postponed => "postponed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TodoStatus::Open => "待办",
            TodoStatus::Done => "已完成",
            TodoStatus::Cancelled => "已取消",
            TodoStatus::Postponed => "已延期",
        }
    }

    pub fn parse(text: &str) -> Option<TodoStatus> {
        let t = text.trim();
        TodoStatus::ALL
            .into_iter()
            .find(|s| s.key().eq_ignore_ascii_case(t) || s.label() == t)
    }

    /// Still to be done: open or postponed.
    pub fn is_active(self) -> bool {
        matches!(self, TodoStatus::Open | TodoStatus::Postponed)
    }
}

/// The unit a to-do repeats in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum RepeatUnit {
    Day,
    Week,
    Month,
    Year,
}

impl RepeatUnit {
    pub const ALL: [RepeatUnit; 4] = [
        RepeatUnit::Day,
        RepeatUnit::Week,
        RepeatUnit::Month,
        RepeatUnit::Year,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RepeatUnit::Day => "day",
            RepeatUnit::Week => "week",
            RepeatUnit::Month => "month",
            RepeatUnit::Year => "year",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RepeatUnit::Day => "天",
            RepeatUnit::Week => "周",
            RepeatUnit::Month => "月",
            RepeatUnit::Year => "年",
        }
    }

    pub fn parse(text: &str) -> Option<RepeatUnit> {
        let t = text.trim();
        RepeatUnit::ALL
            .into_iter()
            .find(|u| u.key().eq_ignore_ascii_case(t) || u.label() == t)
            .or(match t {
                "日" | "每天" => Some(RepeatUnit::Day),
                "星期" | "每周" => Some(RepeatUnit::Week),
                "每月" => Some(RepeatUnit::Month),
                "每年" => Some(RepeatUnit::Year),
                _ => None,
            })
    }
}

/// Every `every` units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Repeat {
    pub unit: RepeatUnit,
    pub every: u32,
}

impl Repeat {
    /// 每 3 月, 每年.
    pub fn label(self) -> String {
        if self.every == 1 {
            format!("每{}", self.unit.label())
        } else {
            format!("每 {} {}", self.every, self.unit.label())
        }
    }
}

/// The longest a repetition may step, so that dates stay within the calendar.
pub const MAX_REPEAT_EVERY: u32 = 999;

/// The `n`-th date of a repetition that starts on `from` (`n` = 0 is `from`).
/// Months and years clamp to the month's end: 31 Jan + 1 month is 28/29 Feb,
/// 29 Feb + 1 year is 28 Feb. `None` past the calendar's end.
pub fn nth_due(from: NaiveDate, repeat: Repeat, n: u32) -> Option<NaiveDate> {
    let steps = u64::from(repeat.every).checked_mul(u64::from(n))?;
    match repeat.unit {
        RepeatUnit::Day => from.checked_add_days(Days::new(steps)),
        RepeatUnit::Week => from.checked_add_days(Days::new(steps.checked_mul(7)?)),
        RepeatUnit::Month => from.checked_add_months(Months::new(u32::try_from(steps).ok()?)),
        RepeatUnit::Year => {
            from.checked_add_months(Months::new(u32::try_from(steps.checked_mul(12)?).ok()?))
        }
    }
}

/// The next due date of a repetition that started on `from`, after the one
/// just done (`done_due`, which a postponement may have moved): the first of
/// the repetition's dates later than both `done_due` and `from`.
pub fn next_due(from: NaiveDate, repeat: Repeat, done_due: NaiveDate) -> Option<NaiveDate> {
    if repeat.every == 0 {
        return None;
    }
    let after = done_due.max(from);
    // Start near the answer (by whole days or months), then step.
    let gap_days = (after - from).num_days().max(0) as u64;
    let approx = match repeat.unit {
        RepeatUnit::Day => gap_days / u64::from(repeat.every),
        RepeatUnit::Week => gap_days / (7 * u64::from(repeat.every)),
        RepeatUnit::Month | RepeatUnit::Year => {
            let months = (after.year() - from.year()) as i64 * 12 + after.month() as i64
                - from.month() as i64;
            let per = if repeat.unit == RepeatUnit::Year {
                12
            } else {
                1
            } * repeat.every as i64;
            (months.max(0) / per) as u64
        }
    };
    let mut n = u32::try_from(approx.saturating_sub(1)).ok()?;
    loop {
        let d = nth_due(from, repeat, n)?;
        if d > after {
            return Some(d);
        }
        n = n.checked_add(1)?;
    }
}

/// Whether a to-do still to be done is overdue at `now`: its day has passed,
/// or it is today and has an hour that has come.
pub fn is_overdue(due_on: NaiveDate, due_time: Option<NaiveTime>, now: NaiveDateTime) -> bool {
    let today = now.date();
    due_on < today || (due_on == today && due_time.is_some_and(|t| t <= now.time()))
}

/// A to-do about to be stored. Build one with [`NewTodo::new`] and set what
/// differs: `NewTodo { customer_id: Some(id), owner, ..NewTodo::new(kind, title, due_on) }`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTodo {
    /// `None`: a to-do about no customer.
    pub customer_id: Option<i64>,
    pub kind: TodoKind,
    pub title: String,
    pub note: String,
    pub due_on: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub owner: String,
    pub repeat: Option<Repeat>,
    /// The record the to-do is about (`case`, `followup`, `survey`) and its id:
    /// closing that record closes the to-do (`close_todos_for_in`).
    pub source_kind: Option<String>,
    pub source_id: Option<i64>,
    /// A rule's key: a second to-do with the same key is never added.
    pub rule_key: Option<String>,
    /// Who added it (the person, or the rule's name).
    pub who: String,
}

impl NewTodo {
    pub fn new(kind: TodoKind, title: impl Into<String>, due_on: NaiveDate) -> NewTodo {
        NewTodo {
            customer_id: None,
            kind,
            title: title.into(),
            note: String::new(),
            due_on,
            due_time: None,
            owner: String::new(),
            repeat: None,
            source_kind: None,
            source_id: None,
            rule_key: None,
            who: String::new(),
        }
    }

    /// Every problem at once, in Chinese.
    pub fn problems(&self) -> Vec<String> {
        todo_problems(&self.title, &self.note, &self.owner, self.repeat)
    }
}

/// The longest title and note kept.
pub const MAX_TITLE: usize = 200;
pub const MAX_NOTE: usize = 2000;

/// What is wrong with a to-do's text and repetition, in Chinese.
pub fn todo_problems(title: &str, note: &str, owner: &str, repeat: Option<Repeat>) -> Vec<String> {
    let mut out = Vec::new();
    if title.trim().is_empty() {
        out.push("待办事项不能为空".to_owned());
    } else if title.chars().count() > MAX_TITLE {
        out.push(format!("待办事项不能超过 {MAX_TITLE} 个字"));
    }
    if note.chars().count() > MAX_NOTE {
        out.push(format!("备注不能超过 {MAX_NOTE} 个字"));
    }
    if owner.chars().count() > 50 {
        out.push("负责人不能超过 50 个字".to_owned());
    }
    if let Some(r) = repeat {
        if r.every == 0 || r.every > MAX_REPEAT_EVERY {
            out.push(format!("重复间隔须在 1 到 {MAX_REPEAT_EVERY} 之间"));
        }
    }
    out
}

/// A stored to-do, as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Todo {
    pub id: i64,
    pub customer_id: Option<i64>,
    /// The customer's code, name and tier now (`None` for a to-do about no one).
    pub customer_code: Option<String>,
    pub customer_name: Option<String>,
    pub customer_tier: Option<String>,
    pub kind: TodoKind,
    pub title: String,
    pub note: String,
    pub due_on: NaiveDate,
    /// `HH:MM`, or `None` for a to-do of a whole day.
    pub due_time: Option<String>,
    pub owner: String,
    pub status: TodoStatus,
    pub repeat: Option<Repeat>,
    pub source_kind: Option<String>,
    pub source_id: Option<i64>,
    pub rule_key: Option<String>,
    pub who: String,
    pub created_at: String,
    pub updated_at: String,
    pub done_at: Option<String>,
    pub done_by: Option<String>,
    /// Worked out when read: still to do, and its day (or hour) has passed.
    pub overdue: bool,
}

/// Which to-dos by due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TodoDue {
    /// Due today, not yet overdue.
    Today,
    /// Due before now: an earlier day, or today at an hour that has come.
    Overdue,
    /// Due from now through the next 7 days, not overdue.
    Week,
    /// Due after today, through the next 7 days (the week less today).
    Upcoming,
    /// Any date.
    All,
}

impl TodoDue {
    pub fn parse(text: &str) -> Option<TodoDue> {
        match text.trim() {
            "today" | "今天" | "今日" => Some(TodoDue::Today),
            "overdue" | "逾期" | "已逾期" => Some(TodoDue::Overdue),
            "week" | "本周" | "7天" | "七天" => Some(TodoDue::Week),
            "upcoming" | "以后" => Some(TodoDue::Upcoming),
            "all" | "全部" => Some(TodoDue::All),
            _ => None,
        }
    }
}

/// What a to-do list asks for. Every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TodoFilter {
    pub due: Option<TodoDue>,
    pub owner: Option<String>,
    pub kind: Option<TodoKind>,
    pub customer_id: Option<i64>,
    /// Done and cancelled ones too (a customer's tab); otherwise only those still to do.
    pub include_closed: bool,
    pub limit: Option<u32>,
}

/// How many to-dos are still to do, by when they are due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TodoCounts {
    /// Due today and not yet overdue.
    pub today: u64,
    /// Due before now: an earlier day, or today at an hour that has come.
    pub overdue: u64,
    /// Due from now through the next 7 days, not overdue (today's included).
    pub week: u64,
}

/// What one run of the rules did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TodoRefresh {
    /// Regular visits (`followup`) added.
    pub visits: u64,
    /// Birthdays and dates that matter (`date`) added.
    pub dates: u64,
    /// Rating due dates (`rating`) added.
    pub ratings: u64,
    /// Rating to-dos closed because the customers they were about have been rated.
    pub closed: u64,
    /// 积分即将过期 (`points`) added.
    #[serde(default)]
    pub points: u64,
    /// 积分即将过期 to-dos closed because the points were used or have expired.
    #[serde(default)]
    pub points_closed: u64,
}

impl TodoRefresh {
    pub fn added(&self) -> u64 {
        self.visits + self.dates + self.ratings + self.points
    }
}

/// The hour from which a new day's notification is shown (08:00).
pub const MORNING_HOUR: u32 = 8;

/// Whether the app should run the rules and notify now: once at start
/// (`last` is `None`: nothing shown since the app started), then once each
/// morning from [`MORNING_HOUR`] while it runs. `last` is the day of the last
/// notification check.
pub fn notice_due(last: Option<NaiveDate>, now: NaiveDateTime) -> bool {
    match last {
        None => true,
        Some(day) => day < now.date() && now.time().hour() >= MORNING_HOUR,
    }
}

/// The system notification's text, or `None` when nothing is due.
pub fn notice_text(counts: &TodoCounts) -> Option<String> {
    if counts.today + counts.overdue == 0 {
        return None;
    }
    Some(format!(
        "今日待办 {} 项，逾期 {} 项",
        counts.today, counts.overdue
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn next_due_table() {
        let r = |unit, every| Repeat { unit, every };
        let cases = [
            // (from, repeat, done due, expected next)
            (
                "2026-01-31",
                r(RepeatUnit::Month, 1),
                "2026-01-31",
                "2026-02-28",
            ),
            (
                "2026-01-31",
                r(RepeatUnit::Month, 1),
                "2026-02-28",
                "2026-03-31",
            ),
            (
                "2026-01-31",
                r(RepeatUnit::Month, 1),
                "2026-03-31",
                "2026-04-30",
            ),
            (
                "2024-01-31",
                r(RepeatUnit::Month, 1),
                "2024-01-31",
                "2024-02-29",
            ),
            (
                "2024-02-29",
                r(RepeatUnit::Year, 1),
                "2024-02-29",
                "2025-02-28",
            ),
            (
                "2024-02-29",
                r(RepeatUnit::Year, 1),
                "2027-02-28",
                "2028-02-29",
            ),
            (
                "2026-03-01",
                r(RepeatUnit::Day, 10),
                "2026-03-01",
                "2026-03-11",
            ),
            (
                "2026-03-01",
                r(RepeatUnit::Week, 2),
                "2026-03-01",
                "2026-03-15",
            ),
            // Done after a postponement past the next date: the one after it.
            (
                "2026-03-01",
                r(RepeatUnit::Week, 1),
                "2026-03-10",
                "2026-03-15",
            ),
            (
                "2026-12-31",
                r(RepeatUnit::Month, 2),
                "2026-12-31",
                "2027-02-28",
            ),
            (
                "2026-05-15",
                r(RepeatUnit::Month, 3),
                "2027-05-15",
                "2027-08-15",
            ),
        ];
        for (from, rep, done, want) in cases {
            assert_eq!(
                next_due(d(from), rep, d(done)),
                Some(d(want)),
                "{from} {rep:?} after {done}"
            );
        }
        assert_eq!(
            next_due(d("2026-01-01"), r(RepeatUnit::Day, 0), d("2026-01-01")),
            None
        );
    }

    #[test]
    fn overdue_by_day_and_hour() {
        let now = d("2026-11-30").and_hms_opt(10, 0, 0).unwrap();
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert!(is_overdue(d("2026-11-29"), None, now));
        assert!(is_overdue(d("2026-11-29"), t(23, 0), now));
        assert!(!is_overdue(d("2026-11-30"), None, now));
        assert!(is_overdue(d("2026-11-30"), t(9, 59), now));
        assert!(is_overdue(d("2026-11-30"), t(10, 0), now));
        assert!(!is_overdue(d("2026-11-30"), t(10, 1), now));
        assert!(!is_overdue(d("2026-12-01"), t(0, 0), now));
    }

    #[test]
    fn words_parse_both_ways() {
        for k in TodoKind::ALL {
            assert_eq!(TodoKind::parse(k.key()), Some(k));
            assert_eq!(TodoKind::parse(k.label()), Some(k));
        }
        for s in TodoStatus::ALL {
            assert_eq!(TodoStatus::parse(s.label()), Some(s));
        }
        assert_eq!(TodoKind::parse("生日"), Some(TodoKind::Date));
        assert_eq!(TodoKind::parse("拜访"), None);
        assert_eq!(RepeatUnit::parse("月"), Some(RepeatUnit::Month));
    }

    #[test]
    fn problems_are_all_listed() {
        let p = todo_problems(
            " ",
            "",
            "",
            Some(Repeat {
                unit: RepeatUnit::Day,
                every: 0,
            }),
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(todo_problems("回访", "", "", None).is_empty());
    }

    #[test]
    fn notice_at_start_then_each_morning() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let cases = [
            (None, "2026-11-30 23:00", true),
            (Some("2026-11-30"), "2026-11-30 23:00", false),
            (Some("2026-11-30"), "2026-12-01 07:59", false),
            (Some("2026-11-30"), "2026-12-01 08:00", true),
            (Some("2026-11-28"), "2026-12-01 09:10", true),
            (Some("2026-12-01"), "2026-12-01 09:10", false),
        ];
        for (last, now, want) in cases {
            assert_eq!(notice_due(last.map(d), at(now)), want, "{last:?} {now}");
        }
    }

    #[test]
    fn notice_only_when_something_is_due() {
        let c = |today, overdue| TodoCounts {
            today,
            overdue,
            week: 9,
        };
        assert_eq!(notice_text(&c(0, 0)), None);
        assert_eq!(
            notice_text(&c(3, 2)).as_deref(),
            Some("今日待办 3 项，逾期 2 项")
        );
        assert_eq!(
            notice_text(&c(0, 1)).as_deref(),
            Some("今日待办 0 项，逾期 1 项")
        );
    }
}
