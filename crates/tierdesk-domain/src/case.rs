//! Complaints and feedback (投诉与反馈): a case, its steps, the statuses a
//! case may move between, its deadlines and when it is overdue.
//!
//! A case's deadlines are fixed when it is received, from the tier the
//! customer held then: it must get a first response within the tier's
//! response hours and be closed within its resolution hours (calendar
//! hours, counted from the time received). Overdue is computed from those
//! deadlines and a time given by the caller, never stored.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The stored form of every time of a case: local time, sortable as text.
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A time as it is stored.
pub fn time_text(t: NaiveDateTime) -> String {
    t.format(TIME_FORMAT).to_string()
}

/// A stored time read back (`None` for text that is not one).
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, TIME_FORMAT).ok()
}

/// An enum of fixed choices, each with a stored key and a Chinese label;
/// `parse` takes either.
macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stored word.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key,)+
                }
            }

            /// What a person reads.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The stored word or the Chinese label.
            pub fn parse(text: &str) -> Option<$name> {
                let text = text.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|c| c.key() == text || c.label() == text)
            }

            /// Every label, for a message listing the choices.
            pub fn labels() -> String {
                let all: Vec<&str> = $name::ALL.iter().map(|c| c.label()).collect();
                all.join("、")
            }
        }
    };
}

choices! {
    /// How a complaint reached us.
    CaseChannel {
        Phone => "phone", "电话";
        Wechat => "wechat", "微信";
        Email => "email", "邮件";
        Visit => "visit", "上门";
        Web => "web", "网站";
        Other => "other", "其他";
    }
}

choices! {
    /// What a case is about.
    CaseType {
        Quality => "quality", "产品质量";
        Service => "service", "服务";
        Logistics => "logistics", "物流";
        Price => "price", "价格";
        Suggestion => "suggestion", "建议";
        Praise => "praise", "表扬";
        Other => "other", "其他";
    }
}

choices! {
    /// How grave a case is.
    CaseSeverity {
        Normal => "normal", "一般";
        Major => "major", "较重";
        Critical => "critical", "严重";
    }
}

choices! {
    /// Where a case stands.
    CaseStatus {
        New => "new", "新建";
        InProgress => "in_progress", "处理中";
        AwaitingCustomer => "awaiting_customer", "待客户确认";
        Closed => "closed", "已关闭";
        Rejected => "rejected", "驳回";
    }
}

impl CaseStatus {
    /// Closed or rejected: nothing more to do.
    pub fn is_final(self) -> bool {
        matches!(self, CaseStatus::Closed | CaseStatus::Rejected)
    }

    /// The statuses a case may move to from this one, in the order the
    /// buttons are shown: 新建 → 处理中 → 待客户确认 → 已关闭; 驳回 from 新建 or
    /// 处理中; 待客户确认 back to 处理中 when the customer is not satisfied.
    pub fn next(self) -> &'static [CaseStatus] {
        use CaseStatus::*;
        match self {
            New => &[InProgress, Rejected],
            InProgress => &[AwaitingCustomer, Rejected],
            AwaitingCustomer => &[Closed, InProgress],
            Closed | Rejected => &[],
        }
    }
}

/// One step a person asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseMove {
    pub to: CaseStatus,
    /// What was done or why; required to reject a case and to take it back
    /// from 待客户确认.
    #[serde(default)]
    pub note: String,
    /// How the case was resolved; required to close it (a resolution given
    /// before stays unless a new one is given).
    #[serde(default)]
    pub resolution: Option<String>,
    /// The customer's satisfaction with the resolution, 1–5, only when closing.
    #[serde(default)]
    pub satisfaction: Option<u8>,
}

/// Whether a case at `from`, whose resolution so far is `resolution`, may
/// take the step `m`; the refusal says why in Chinese.
pub fn check_move(from: CaseStatus, resolution: &str, m: &CaseMove) -> Result<(), String> {
    let allowed = from.next();
    if !allowed.contains(&m.to) {
        if allowed.is_empty() {
            return Err(format!(
                "投诉已经「{}」，不能再改为「{}」。",
                from.label(),
                m.to.label()
            ));
        }
        let names: Vec<&str> = allowed.iter().map(|s| s.label()).collect();
        return Err(format!(
            "「{}」的投诉不能改为「{}」，只能改为：{}。",
            from.label(),
            m.to.label(),
            names.join("、")
        ));
    }
    let note = m.note.trim();
    match m.to {
        CaseStatus::Rejected if note.is_empty() => {
            return Err("驳回投诉需要填写驳回原因。".to_owned())
        }
        CaseStatus::InProgress if from == CaseStatus::AwaitingCustomer && note.is_empty() => {
            return Err("退回处理中需要说明客户为什么不满意。".to_owned())
        }
        CaseStatus::Closed => {
            let given = m.resolution.as_deref().map(str::trim).unwrap_or_default();
            if given.is_empty() && resolution.trim().is_empty() {
                return Err("关闭投诉需要填写处理结果。".to_owned());
            }
        }
        _ => {}
    }
    match m.satisfaction {
        Some(_) if m.to != CaseStatus::Closed => Err("客户满意度只在关闭投诉时填写。".to_owned()),
        Some(s) if !(1..=5).contains(&s) => Err(format!("客户满意度应为 1–5 分，收到 {s}。")),
        _ => Ok(()),
    }
}

/// When a case received at `received` must be answered and resolved, from
/// its tier's limits in hours. A limit past the year 9999 (a scheme's
/// check refuses one, but an older file may hold it) stops at its end, so
/// the stored text stays a sortable time.
pub fn deadlines(
    received: NaiveDateTime,
    response_hours: u32,
    resolve_hours: u32,
) -> (NaiveDateTime, NaiveDateTime) {
    let last = NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .unwrap_or(NaiveDateTime::MAX);
    let by = |hours: u32| {
        received
            .checked_add_signed(Duration::hours(i64::from(hours)))
            .map_or(last, |t| t.min(last))
    };
    (by(response_hours), by(resolve_hours))
}

/// A complaint or piece of feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Case {
    pub id: i64,
    /// TS + the day received + that day's sequence: TS202611300001.
    pub number: String,
    pub customer_id: i64,
    /// Local time, `YYYY-MM-DD HH:MM:SS`, like every time below.
    pub received_at: String,
    pub channel: CaseChannel,
    pub kind: CaseType,
    pub severity: CaseSeverity,
    pub description: String,
    pub owner: String,
    pub status: CaseStatus,
    /// The customer's tier when the case was received (`None`: no tier).
    pub tier_at: Option<String>,
    pub respond_by: String,
    pub resolve_by: String,
    pub first_response_at: Option<String>,
    /// When it reached 待客户确认 (last time).
    pub resolved_at: Option<String>,
    /// When it was closed or rejected.
    pub closed_at: Option<String>,
    pub resolution: String,
    pub satisfaction: Option<u8>,
    pub created_at: String,
    pub updated_at: String,
    /// Filled for the time a list was asked at: how many minutes past its
    /// response deadline a case without a first response is (`None`: not
    /// overdue).
    pub response_overdue_minutes: Option<i64>,
    /// Minutes past its resolution deadline for a case not closed or rejected.
    pub resolve_overdue_minutes: Option<i64>,
    /// The row's version, raised by every write (migration 0022).
    #[serde(default)]
    pub version: i64,
    /// Who changed it last (none before migration 0022).
    #[serde(default)]
    pub updated_by: Option<String>,
}

impl Case {
    /// Fills the overdue minutes as of `now`.
    pub fn with_overdue(mut self, now: NaiveDateTime) -> Case {
        let late = |by: &str| {
            parse_time(by)
                .map(|t| (now - t).num_minutes())
                .filter(|m| *m > 0)
        };
        self.response_overdue_minutes =
            if self.first_response_at.is_none() && !self.status.is_final() {
                late(&self.respond_by)
            } else {
                None
            };
        self.resolve_overdue_minutes = if self.status.is_final() {
            None
        } else {
            late(&self.resolve_by)
        };
        self
    }

    pub fn is_overdue(&self) -> bool {
        self.response_overdue_minutes.is_some() || self.resolve_overdue_minutes.is_some()
    }
}

/// How long past a deadline, in words: 45 分钟, 3 小时 20 分钟, 2 天 3 小时.
pub fn overdue_words(minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} 分钟"),
        (0, h, 0) => format!("{h} 小时"),
        (0, h, m) => format!("{h} 小时 {m} 分钟"),
        (d, 0, _) => format!("{d} 天"),
        (d, h, _) => format!("{d} 天 {h} 小时"),
    }
}

/// One step of a case: the status it left (`None` for receiving it) and the
/// one it reached, with the note and who took it when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseStep {
    pub id: i64,
    pub case_id: i64,
    pub from_status: Option<CaseStatus>,
    pub to_status: CaseStatus,
    pub note: String,
    pub who: String,
    pub at: String,
}

/// A case about to be recorded; the store gives it its number.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    pub customer_id: i64,
    pub received_at: NaiveDateTime,
    pub channel: CaseChannel,
    pub kind: CaseType,
    pub severity: CaseSeverity,
    pub description: String,
    pub owner: String,
    pub tier_at: Option<String>,
    pub respond_by: NaiveDateTime,
    pub resolve_by: NaiveDateTime,
}

/// Which cases a list asks for; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    /// Only cases not closed or rejected.
    pub open: bool,
    pub kind: Option<CaseType>,
    pub tier: Option<String>,
    pub owner: Option<String>,
    /// Only overdue cases.
    pub overdue: bool,
    pub customer_id: Option<i64>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Complaints of one tier (by the tier held when received) for the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseTierCounts {
    /// The tier key; empty for customers without a tier.
    pub tier: String,
    /// Received in the period.
    pub received: u64,
    /// Not closed or rejected at the end of the period (`as_of`).
    pub open: u64,
    /// Of those, overdue at `as_of`.
    pub overdue: u64,
    /// Closed or rejected in the period.
    pub closed: u64,
    /// Of those, closed by their resolution deadline.
    pub closed_on_time: u64,
    /// The average satisfaction given when closing in the period.
    pub satisfaction: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    fn step(to: CaseStatus, note: &str) -> CaseMove {
        CaseMove {
            to,
            note: note.to_owned(),
            resolution: None,
            satisfaction: None,
        }
    }

    /// Every (from, to) pair with a note and a resolution: allowed exactly
    /// where the table says so, and nowhere else.
    #[test]
    fn transitions_follow_the_table() {
        let allowed = [
            (New, InProgress),
            (New, Rejected),
            (InProgress, AwaitingCustomer),
            (InProgress, Rejected),
            (AwaitingCustomer, Closed),
            (AwaitingCustomer, InProgress),
        ];
        let mut ok = 0;
        for &from in CaseStatus::ALL {
            for &to in CaseStatus::ALL {
                let m = CaseMove {
                    resolution: Some("已换货".into()),
                    ..step(to, "说明")
                };
                let got = check_move(from, "", &m);
                let want = allowed.contains(&(from, to));
                assert_eq!(got.is_ok(), want, "{from:?} → {to:?}: {got:?}");
                match got {
                    Ok(()) => ok += 1,
                    Err(text) => assert!(text.contains(to.label()), "{text}"),
                }
            }
        }
        assert_eq!(ok, allowed.len());
        assert_eq!(
            check_move(New, "", &step(Closed, "x")).unwrap_err(),
            "「新建」的投诉不能改为「已关闭」，只能改为：处理中、驳回。"
        );
        assert_eq!(
            check_move(Closed, "r", &step(InProgress, "x")).unwrap_err(),
            "投诉已经「已关闭」，不能再改为「处理中」。"
        );
    }

    #[test]
    fn notes_resolutions_and_satisfaction_are_asked_for() {
        let check = |from, resolution: &str, m: CaseMove, want: Result<(), &str>| {
            assert_eq!(
                check_move(from, resolution, &m),
                want.map_err(str::to_owned),
                "{from:?} {m:?}"
            );
        };
        check(
            New,
            "",
            step(Rejected, " "),
            Err("驳回投诉需要填写驳回原因。"),
        );
        check(InProgress, "", step(Rejected, "重复投诉"), Ok(()));
        check(
            AwaitingCustomer,
            "",
            step(InProgress, ""),
            Err("退回处理中需要说明客户为什么不满意。"),
        );
        check(New, "", step(InProgress, ""), Ok(()));
        check(
            AwaitingCustomer,
            "",
            step(Closed, ""),
            Err("关闭投诉需要填写处理结果。"),
        );
        check(AwaitingCustomer, "已补发", step(Closed, ""), Ok(()));
        let closing = |s| CaseMove {
            resolution: Some("退款".into()),
            satisfaction: Some(s),
            ..step(Closed, "")
        };
        check(AwaitingCustomer, "", closing(5), Ok(()));
        check(AwaitingCustomer, "", closing(1), Ok(()));
        check(
            AwaitingCustomer,
            "",
            closing(6),
            Err("客户满意度应为 1–5 分，收到 6。"),
        );
        check(
            AwaitingCustomer,
            "",
            closing(0),
            Err("客户满意度应为 1–5 分，收到 0。"),
        );
        check(
            New,
            "",
            CaseMove {
                satisfaction: Some(4),
                ..step(InProgress, "")
            },
            Err("客户满意度只在关闭投诉时填写。"),
        );
    }

    #[test]
    fn overdue_words_say_days_hours_and_minutes() {
        let table = [
            (1, "1 分钟"),
            (59, "59 分钟"),
            (60, "1 小时"),
            (200, "3 小时 20 分钟"),
            (1440, "1 天"),
            (1440 + 3 * 60 + 5, "1 天 3 小时"),
            (10 * 1440 + 59, "10 天"),
        ];
        for (minutes, words) in table {
            assert_eq!(overdue_words(minutes), words, "{minutes}");
        }
    }

    #[test]
    fn choices_read_keys_and_labels() {
        assert_eq!(CaseChannel::parse("电话"), Some(CaseChannel::Phone));
        assert_eq!(CaseChannel::parse("wechat"), Some(CaseChannel::Wechat));
        assert_eq!(CaseType::parse(" 产品质量 "), Some(CaseType::Quality));
        assert_eq!(CaseSeverity::parse("严重"), Some(CaseSeverity::Critical));
        assert_eq!(CaseStatus::parse("待客户确认"), Some(AwaitingCustomer));
        assert_eq!(CaseStatus::parse("closed"), Some(Closed));
        assert_eq!(CaseType::parse("售后"), None);
        assert_eq!(
            CaseStatus::labels(),
            "新建、处理中、待客户确认、已关闭、驳回"
        );
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.key()), Some(*s));
            assert_eq!(CaseStatus::parse(s.label()), Some(*s));
        }
    }

    fn at(text: &str) -> NaiveDateTime {
        parse_time(text).unwrap()
    }

    fn case(status: CaseStatus, first_response: Option<&str>) -> Case {
        Case {
            id: 1,
            number: "TS202611300001".into(),
            customer_id: 1,
            received_at: "2026-11-30 09:00:00".into(),
            channel: CaseChannel::Phone,
            kind: CaseType::Service,
            severity: CaseSeverity::Normal,
            description: String::new(),
            owner: String::new(),
            status,
            tier_at: None,
            respond_by: "2026-11-30 13:00:00".into(),
            resolve_by: "2026-12-01 09:00:00".into(),
            first_response_at: first_response.map(str::to_owned),
            resolved_at: None,
            closed_at: None,
            resolution: String::new(),
            satisfaction: None,
            created_at: String::new(),
            updated_at: String::new(),
            response_overdue_minutes: None,
            resolve_overdue_minutes: None,
            version: 1,
            updated_by: None,
        }
    }

    #[test]
    fn deadlines_past_the_calendar_stop_at_its_end_instead_of_panicking() {
        let (respond, resolve) = deadlines(at("2026-11-30 09:00:00"), u32::MAX, 24);
        assert_eq!(time_text(respond), "9999-12-31 23:59:59");
        assert_eq!(time_text(resolve), "2026-12-01 09:00:00");
    }

    #[test]
    fn overdue_is_computed_at_the_time_given() {
        let (respond, resolve) = deadlines(at("2026-11-30 09:00:00"), 4, 24);
        assert_eq!(time_text(respond), "2026-11-30 13:00:00");
        assert_eq!(time_text(resolve), "2026-12-01 09:00:00");
        let check = |c: Case, now: &str, want: (Option<i64>, Option<i64>)| {
            let c = c.with_overdue(at(now));
            assert_eq!(
                (c.response_overdue_minutes, c.resolve_overdue_minutes),
                want,
                "{:?} at {now}",
                c.status
            );
            assert_eq!(c.is_overdue(), want != (None, None));
        };
        check(case(New, None), "2026-11-30 13:00:00", (None, None));
        check(case(New, None), "2026-11-30 13:01:00", (Some(1), None));
        check(
            case(New, None),
            "2026-12-01 10:00:00",
            (Some(21 * 60), Some(60)),
        );
        let answered = Some("2026-11-30 10:00:00");
        check(
            case(InProgress, answered),
            "2026-11-30 20:00:00",
            (None, None),
        );
        check(
            case(AwaitingCustomer, answered),
            "2026-12-01 09:30:00",
            (None, Some(30)),
        );
        check(case(Closed, answered), "2026-12-09 09:00:00", (None, None));
        check(case(Rejected, None), "2026-12-09 09:00:00", (None, None));
    }
}
