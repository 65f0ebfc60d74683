//! One timeline of everything that happened to a customer (客户详情 →
//! 时间线), newest first, paged by a cursor.
//!
//! Each kind of event has one SQL source in [`SOURCES`]: a SELECT for the
//! customer `?1` (the only parameter a source may use) that gives exactly
//! these columns, by these names, in this order:
//!
//! | column   | type          | what                                                    |
//! |----------|---------------|---------------------------------------------------------|
//! | `at`     | TEXT          | local time `YYYY-MM-DD HH:MM:SS` (a day: `… 00:00:00`)  |
//! | `kind`   | TEXT          | the source's kind, a constant (`'followup'`)            |
//! | `ref_id` | INTEGER       | the row's id in its table, unique within the kind       |
//! | `title`  | TEXT NOT NULL | one short Chinese line                                  |
//! | `detail` | TEXT or NULL  | more text (kinds in [`PARTED`]: parts, see there)       |
//! | `amount` | REAL or NULL  | money, when there is some                               |
//!
//! A page is a UNION ALL over the sources of the kinds asked for, ordered by
//! `at DESC, kind, ref_id DESC` and cut after the cursor (keyset paging: no
//! offset, so a page deep in the timeline costs what the first does). Each
//! source needs an index that starts with the customer (`(customer_id,
//! <time>)`) so that it reads only that customer's rows.
//!
//! Titles hold no tier names (a tier event's title is `from→to` in tier
//! keys; the API words it with the scheme's labels) and nothing the page
//! could not show: the timeline is what staff see on the customer's record.

use tierdesk_domain::rating::reason_msg;
use tierdesk_domain::record::{
    timeline_kind_label, TimelineCount, TimelineCursor, TimelineEvent, TimelinePage, TimelineQuery,
    TIMELINE_KINDS,
};

use tierdesk_domain::Msg;

use crate::db::{Dialect, Row};
use crate::{args, Result, Store};

/// The columns every source gives, in order.
pub const COLUMNS: &str = "at, kind, ref_id, title, detail, amount";

/// One source per kind of event: (kind, SELECT for customer `?1`).
pub(crate) const SOURCES: &[(&str, &str)] = &[
    ("purchase", PURCHASE),
    ("tier", TIER),
    ("benefit", BENEFIT),
    ("import", IMPORT),
    ("edit", EDIT),
    ("todo", TODO),
    ("followup", FOLLOWUP),
    ("case", CASE),
    ("survey", SURVEY),
];

/// Survey answers: the channel and the scores, with the comment. Reads the
/// customer's answers through `survey_answers_customer`.
const SURVEY: &str = "
SELECT s.answered_on || ' 00:00:00' AS at, 'survey' AS kind, s.id AS ref_id,
       '满意度答卷（' || CASE s.channel WHEN 'phone' THEN '电话' WHEN 'wechat' THEN '微信'
           WHEN 'sms' THEN '短信' WHEN 'email' THEN '邮件' WHEN 'online' THEN '网上问卷'
           WHEN 'visit' THEN '现场' ELSE '其他' END || '）：'
           || trim(coalesce('推荐意愿 ' || s.nps, '')
               || CASE WHEN s.nps IS NOT NULL AND s.csat IS NOT NULL THEN '，' ELSE '' END
               || coalesce('满意度 ' || s.csat, '')) AS title,
       nullif(substr(s.comment, 1, 200), '') AS detail,
       CAST(NULL AS REAL) AS amount
FROM survey_answers s WHERE s.customer_id = ?1";

/// Follow-ups (跟进记录), when they happened: the channel and subject, then
/// what was said, the outcome, the next contact date and who made it.
/// Reads the customer's follow-ups through `followups_customer_at`.
const FOLLOWUP: &str = "
SELECT f.at AS at, 'followup' AS kind, f.id AS ref_id,
       CASE f.channel WHEN 'visit' THEN '拜访' WHEN 'phone' THEN '电话' WHEN 'wechat' THEN '微信'
           WHEN 'meeting' THEN '会议' WHEN 'email' THEN '邮件' ELSE '其他' END
           || '跟进' || CASE WHEN f.subject <> '' THEN '：' || f.subject ELSE '' END AS title,
       substr(f.content, 1, 200) || char(31) || substr(f.outcome, 1, 100) || char(31)
           || coalesce(f.next_contact_on, '') || char(31) || f.who AS detail,
       CAST(NULL AS REAL) AS amount
FROM followups f WHERE f.customer_id = ?1";

/// One event per order (all its lines, on whatever days): when its first
/// line was, its first line's id, the number of lines and their products,
/// and the net amount (returns and cancellations taken off). Reads the
/// customer's lines through `transactions_customer`. The products are not
/// made distinct: for a customer with 10,000 lines that took 5 of the
/// source's 12 ms.
const PURCHASE: &str = "
SELECT min(t.occurred_at) AS at, 'purchase' AS kind, min(t.id) AS ref_id,
       CASE WHEN sum(t.kind = 'purchase') = 0 THEN '退货/取消 ' ELSE '订单 ' END || t.order_no AS title,
       count(*) || ' 行' || coalesce('：' || substr(group_concat(t.product), 1, 80), '') AS detail,
       sum(CASE WHEN t.kind = 'purchase' THEN t.amount ELSE -abs(t.amount) END) AS amount
FROM transactions t WHERE t.customer_id = ?1
GROUP BY t.order_no";

/// Complaints, one event per step (`ref_id` is the step's id): receiving
/// the case with its type, severity and description, then each change of
/// status with its note. Reads the customer's cases through
/// `cases_customer` and their steps through `case_steps_case`.
const CASE: &str = "
SELECT s.at AS at, 'case' AS kind, s.id AS ref_id,
       CASE WHEN s.from_status IS NULL
            THEN '收到投诉 ' || c.number || '（' || CASE c.type WHEN 'quality' THEN '产品质量'
                 WHEN 'service' THEN '服务' WHEN 'logistics' THEN '物流' WHEN 'price' THEN '价格'
                 WHEN 'suggestion' THEN '建议' WHEN 'praise' THEN '表扬' ELSE '其他' END
                 || '，' || CASE c.severity WHEN 'critical' THEN '严重' WHEN 'major' THEN '较重'
                 ELSE '一般' END || '）'
            ELSE '投诉 ' || c.number || '：' || CASE s.to_status WHEN 'in_progress' THEN '处理中'
                 WHEN 'awaiting_customer' THEN '待客户确认' WHEN 'closed' THEN '已关闭'
                 WHEN 'rejected' THEN '驳回' ELSE '新建' END
       END AS title,
       nullif(trim(CASE WHEN s.from_status IS NULL THEN c.description ELSE s.note END
                   || CASE WHEN s.to_status = 'closed' AND c.resolution <> ''
                           THEN '（处理结果：' || c.resolution || '）' ELSE '' END), '') AS detail,
       CAST(NULL AS REAL) AS amount
FROM cases c JOIN case_steps s ON s.case_id = c.id WHERE c.customer_id = ?1";

/// Tier changes (by a rating, a review choice or by hand) with their
/// reason; those of undone batches are left out, as in the tier history.
const TIER: &str = "
SELECT h.at AS at, 'tier' AS kind, h.id AS ref_id,
       coalesce(h.from_tier, '') || '→' || coalesce(h.to_tier, '') AS title,
       h.reason || char(31) || coalesce(CAST(h.batch_id AS TEXT), '') || char(31) || h.who AS detail,
       CAST(NULL AS REAL) AS amount
FROM tier_history h LEFT JOIN batches b ON b.id = h.batch_id
WHERE h.customer_id = ?1 AND b.undone_at IS NULL";

/// Benefit uses: on the day used (at the time it was recorded when that was
/// the same day).
const BENEFIT: &str = "
SELECT CASE WHEN substr(u.created_at, 1, 10) = u.used_on THEN u.created_at
            ELSE u.used_on || ' 00:00:00' END AS at,
       'benefit' AS kind, u.id AS ref_id,
       '使用权益：' || u.benefit AS title,
       nullif(trim(CASE WHEN u.who <> '' THEN '经办：' || u.who || ' ' ELSE '' END || u.note), '') AS detail,
       CAST(NULL AS REAL) AS amount
FROM benefit_uses u WHERE u.customer_id = ?1";

/// Imports that created or changed the customer (`import_changes`) or
/// brought their order lines, one event per import, undone ones marked.
const IMPORT: &str = "
SELECT i.created_at AS at, 'import' AS kind, i.id AS ref_id,
       CASE WHEN i.kind = 'transactions' THEN '导入订单明细 ' || coalesce(t.lines, 0) || ' 行'
            WHEN t.action = 'inserted' THEN '导入时新建客户'
            ELSE '导入时更新客户资料' END AS title,
       i.file || CASE WHEN i.sheet <> '' THEN ' · ' || i.sheet ELSE '' END
           || CASE WHEN i.undone_at IS NOT NULL THEN '（已于 ' || i.undone_at || ' 撤销）' ELSE '' END AS detail,
       t.amount AS amount
FROM (SELECT import_id, max(action) AS action, sum(lines) AS lines, sum(amount) AS amount
      FROM (SELECT import_id, action, NULL AS lines, NULL AS amount
            FROM import_changes WHERE customer_id = ?1
            UNION ALL
            SELECT import_id, NULL, count(*), sum(amount)
            FROM transactions WHERE customer_id = ?1 AND import_id IS NOT NULL
            GROUP BY import_id) AS u
      GROUP BY import_id) t
JOIN imports i ON i.id = t.import_id";

/// Changes to the customer's own record from the 操作日志: the entry's
/// summary (never a personal value) and who made it.
const EDIT: &str = "
SELECT l.at AS at, 'edit' AS kind, l.id AS ref_id, l.summary AS title,
       l.actor || CASE l.source WHEN 'cli' THEN '（命令行）' ELSE '' END AS detail,
       CAST(NULL AS REAL) AS amount
FROM audit_log l
WHERE l.customer_id = ?1
  AND l.action IN ('customer.add', 'customer.edit', 'customer.delete', 'customer.restore',
                   'customer.erase', 'contact.add', 'contact.edit', 'contact.delete',
                   'date.add', 'date.edit', 'date.delete')";

/// What PostgreSQL spells differently in the sources (SQLite's text, then
/// PostgreSQL's): the separator of parted details, a count of conditions,
/// and the products listed in the order of the lines (SQLite reads them in
/// id order through `transactions_customer`).
const PG_SPELLING: &[(&str, &str)] = &[
    ("char(31)", "chr(31)"),
    (
        "sum(t.kind = 'purchase')",
        "sum(CASE WHEN t.kind = 'purchase' THEN 1 ELSE 0 END)",
    ),
    (
        "group_concat(t.product)",
        "string_agg(t.product, ',' ORDER BY t.id)",
    ),
];

/// A source as `dialect` spells it: SQLite's as written, so its plans and
/// speed stay as measured.
fn spelled(sql: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Sqlite => sql.to_owned(),
        Dialect::Postgres => PG_SPELLING
            .iter()
            .fold(sql.to_owned(), |s, (lite, pg)| s.replace(lite, pg)),
    }
}

/// The UNION ALL of the sources of `kinds` (all when empty), or `None`
/// when no source matches.
fn union(kinds: &[String], dialect: Dialect) -> Option<String> {
    let parts: Vec<String> = SOURCES
        .iter()
        .filter(|(kind, _)| kinds.is_empty() || kinds.iter().any(|k| k == kind))
        .map(|(_, sql)| format!("SELECT {COLUMNS} FROM ({}) AS s", spelled(sql, dialect)))
        .collect();
    (!parts.is_empty()).then(|| parts.join("\nUNION ALL\n"))
}

/// The kinds whose source gives its detail as parts separated by
/// `char(31)`, each read into messages by [`detail_parts`]:
/// `tier`: reason, batch id (or empty), who; `followup`: what was said,
/// outcome, next contact day, who (empty when not recorded).
pub(crate) const PARTED: &[&str] = &["tier", "followup"];

/// A parted detail's messages (see [`PARTED`]), in order; empty parts left
/// out, except what was said, which a follow-up always starts with.
fn detail_parts(kind: &str, raw: &str) -> Vec<Msg> {
    let parts: Vec<&str> = raw.split('\u{1f}').collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or_default();
    let mut out = Vec::new();
    let mut who = "";
    match kind {
        "tier" => {
            let reason = reason_msg(part(0));
            out.push(match part(1) {
                "" => reason,
                batch => Msg::new("timeline.batch")
                    .with_msg("reason", reason)
                    .with("batch", batch),
            });
            who = part(2);
        }
        "followup" => {
            out.push(Msg::text(part(0)));
            if !part(1).is_empty() {
                out.push(Msg::new("timeline.outcome").with("outcome", part(1)));
            }
            if !part(2).is_empty() {
                out.push(Msg::new("timeline.next_contact").with("day", part(2)));
            }
            who = part(3);
        }
        _ => {}
    }
    if !who.is_empty() {
        out.push(Msg::text(who));
    }
    out
}

fn event_from(r: &Row<'_>) -> Result<TimelineEvent> {
    let kind: String = r.get(1)?;
    let mut detail: Option<String> = r.get(4)?;
    let mut detail_parts = Vec::new();
    if PARTED.contains(&kind.as_str()) {
        if let Some(raw) = &detail {
            detail_parts = self::detail_parts(&kind, raw);
            let words: Vec<String> = detail_parts.iter().map(Msg::zh).collect();
            detail = Some(words.join(" · "));
        }
    }
    Ok(TimelineEvent {
        at: r.get(0)?,
        kind,
        ref_id: r.get(2)?,
        title: r.get(3)?,
        detail,
        detail_parts,
        amount: r.get(5)?,
    })
}

impl Store {
    /// One page of a customer's timeline, newest first (see the module).
    pub fn timeline_page(&self, customer_id: i64, q: &TimelineQuery) -> Result<TimelinePage> {
        let Some(union) = union(&q.kinds, self.dialect()) else {
            return Ok(TimelinePage::default());
        };
        let size = q.page_size();
        let sql = format!(
            "SELECT {COLUMNS} FROM ({union}) AS e
             WHERE CAST(?2 AS TEXT) IS NULL OR at < ?2 OR (at = ?2 AND (kind > ?3 OR (kind = ?3 AND ref_id < ?4)))
             ORDER BY at DESC, kind, ref_id DESC LIMIT ?5"
        );
        let (at, kind, ref_id) = match &q.before {
            Some(c) => (Some(c.at.as_str()), Some(c.kind.as_str()), Some(c.ref_id)),
            None => (None, None, None),
        };
        let mut events = self.db().query_map(
            &sql,
            args![customer_id, at, kind, ref_id, i64::from(size) + 1],
            event_from,
        )?;
        let next = if events.len() > size as usize {
            events.truncate(size as usize);
            events.last().map(TimelineCursor::of)
        } else {
            None
        };
        Ok(TimelinePage { events, next })
    }

    /// How many events of each kind a customer's timeline holds, in the
    /// order of [`TIMELINE_KINDS`] (kinds without events left out).
    pub fn timeline_counts(&self, customer_id: i64) -> Result<Vec<TimelineCount>> {
        let union = union(&[], self.dialect()).unwrap_or_default();
        let counts = self.db().query_map(
            &format!("SELECT kind, count(*) FROM ({union}) AS e GROUP BY kind"),
            args![customer_id],
            |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
        )?;
        let place = |k: &str| {
            TIMELINE_KINDS
                .iter()
                .position(|(kind, _)| *kind == k)
                .unwrap_or(usize::MAX)
        };
        let mut out: Vec<TimelineCount> = counts
            .into_iter()
            .map(|(kind, n)| TimelineCount {
                label: timeline_kind_label(&kind).to_owned(),
                kind,
                count: n as u64,
            })
            .collect();
        out.sort_by_key(|c| place(&c.kind));
        Ok(out)
    }
}

/// Done to-dos, when they were done: the kind and the title, with the note.
/// Reads the customer's to-dos through `todos_customer`.
const TODO: &str = "
SELECT t.done_at AS at, 'todo' AS kind, t.id AS ref_id,
       '完成待办（' || CASE t.kind WHEN 'followup' THEN '跟进' WHEN 'date' THEN '生日/纪念日'
           WHEN 'rating' THEN '评级到期' WHEN 'case' THEN '投诉处理' WHEN 'benefit' THEN '权益到期'
           ELSE '自定义' END || '）：' || t.title AS title,
       nullif(t.note, '') AS detail,
       CAST(NULL AS REAL) AS amount
FROM todos t WHERE t.customer_id = ?1 AND t.status = 'done' AND t.done_at IS NOT NULL";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every PostgreSQL spelling finds its SQLite text in some source, so a
    /// source rewritten on one side cannot leave the other behind unseen.
    #[test]
    fn each_postgres_spelling_applies_to_a_source() {
        for (lite, pg) in PG_SPELLING {
            assert!(
                SOURCES.iter().any(|(_, sql)| sql.contains(lite)),
                "no source holds {lite}"
            );
            let all = union(&[], Dialect::Postgres).unwrap();
            assert!(!all.contains(lite) && all.contains(pg), "{lite}");
        }
        let lite = union(&[], Dialect::Sqlite).unwrap();
        assert!(PG_SPELLING.iter().all(|(l, _)| lite.contains(l)));
    }
}
