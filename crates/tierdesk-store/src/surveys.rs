//! Satisfaction survey answers (migration 0016): recorded by hand or by a
//! survey import, deleted, listed per customer and over a span, streamed for
//! the figures per tier and period, and read as rule figures.
//!
//! An answer from a detractor (NPS 0–6) or with a CSAT of 1–2 opens a
//! `followup` to-do for the customer's manager in the same transaction
//! (rule key `survey:<answer id>`, source `survey`); deleting the answer or
//! undoing its import cancels the to-dos still open.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tierdesk_domain::audit::{action_label, customer_ref, NewEntry};
use tierdesk_domain::survey::{
    opens_follow_up, NewSurveyAnswer, SurveyAnswer, SurveyChannel, SurveyFacts,
};
use tierdesk_domain::todo::{NewTodo, TodoKind};
use tierdesk_domain::{manager_or, ImportRecord, NewImport};

use crate::db::{AsDb, Db, Dialect, OptionalExt, Row};
use crate::todos::{add_todo_in, ACTIVE};
use crate::{args, now_text, Result, Store, StoreError};

const COLUMNS: &str = "a.id, a.customer_id, a.survey_id, a.answered_on, a.channel, a.nps, a.csat,
    a.scores, a.comment, a.tier_at, a.import_id, a.who, a.created_at,
    (SELECT t.id FROM todos t WHERE t.source_kind = 'survey' AND t.source_id = a.id
     ORDER BY t.id LIMIT 1)";

use crate::stored_day as day;

fn scores_of(text: Option<String>) -> BTreeMap<String, f64> {
    text.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn from_row(r: &Row<'_>) -> Result<SurveyAnswer> {
    let channel: String = r.get(4)?;
    Ok(SurveyAnswer {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        survey_id: r.get(2)?,
        answered_on: day(&r.get::<String>(3)?),
        channel: SurveyChannel::parse(&channel).unwrap_or(SurveyChannel::Other),
        nps: r.get::<Option<i64>>(5)?.map(|v| v.clamp(0, 10) as u8),
        csat: r.get::<Option<i64>>(6)?.map(|v| v.clamp(0, 5) as u8),
        scores: scores_of(r.get(7)?),
        comment: r.get(8)?,
        tier_at: r.get(9)?,
        import_id: r.get(10)?,
        who: r.get(11)?,
        created_at: r.get(12)?,
        follow_up_todo: r.get(13)?,
    })
}

/// An answer with the customer it belongs to, for lists over many customers.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyAnswerLine {
    pub answer: SurveyAnswer,
    pub customer_code: Option<String>,
    pub customer_name: String,
}

/// Answers of one tier (the tier held when answering; `None` before any
/// rating) in a span: what the report's 客户服务 section counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyTierCounts {
    pub tier: Option<String>,
    pub responses: u64,
    pub nps_answers: u64,
    pub promoters: u64,
    pub detractors: u64,
    pub csat_answers: u64,
    /// CSAT answers of 4 or 5.
    pub csat_satisfied: u64,
}

/// Running sums of one customer's answers, for the averages.
#[derive(Default)]
struct FactSums {
    nps: f64,
    nps_n: u32,
    csat: f64,
    csat_n: u32,
}

impl FactSums {
    fn finish(&self, facts: &mut SurveyFacts) {
        facts.nps_avg = (self.nps_n > 0).then(|| self.nps / f64::from(self.nps_n));
        facts.csat_avg = (self.csat_n > 0).then(|| self.csat / f64::from(self.csat_n));
    }
}

/// Stores one checked answer inside the caller's transaction, with the
/// customer's tier of the moment, and opens its follow-up to-do when it
/// asks for one. Returns the answer's id and the to-do's.
pub(crate) fn insert_answer_in(
    conn: &impl AsDb,
    a: &NewSurveyAnswer,
    import_id: Option<i64>,
    who: &str,
    today: NaiveDate,
) -> Result<(i64, Option<i64>)> {
    let db = conn.as_db();
    let customer: Option<(Option<String>, Option<String>)> = db
        .query_row(
            "SELECT tier, manager FROM customers WHERE id = ?1 AND deleted_at IS NULL",
            args![a.customer_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((tier, manager)) = customer else {
        return Err(StoreError::CustomerNotFound(customer_ref(a.customer_id)));
    };
    let scores = scores_text(a);
    let now = now_text();
    let id = db.insert_id(
        "INSERT INTO survey_answers(customer_id, survey_id, answered_on, channel, nps, csat, scores,
             comment, tier_at, import_id, who, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        args![
        a.customer_id,
        a.survey_id,
        a.answered_on.format("%Y-%m-%d").to_string(),
        a.channel.as_str(),
        a.nps,
        a.csat,
        scores,
        a.comment.trim(),
        tier,
        import_id,
        who,
        now
    ],
    )?;
    if !opens_follow_up(a.nps, a.csat, a.answered_on, today) {
        return Ok((id, None));
    }
    let owner = manager_or(manager.as_deref(), who);
    let why = [
        a.nps.map(|n| format!("推荐意愿 {n} 分")),
        a.csat.map(|c| format!("满意度 {c} 分")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("，");
    let todo = NewTodo {
        customer_id: Some(a.customer_id),
        owner: owner.chars().take(50).collect(),
        note: format!("{} 的满意度答卷：{why}", a.answered_on),
        source_kind: Some("survey".into()),
        source_id: Some(id),
        rule_key: Some(format!("survey:{id}")),
        who: who.to_owned(),
        ..NewTodo::new(
            TodoKind::Followup,
            format!("满意度回访（{why}）"),
            today.max(a.answered_on),
        )
    };
    Ok((id, add_todo_in(&db, &todo)?))
}

/// An answer's question scores as stored (`None` without any).
fn scores_text(a: &NewSurveyAnswer) -> Option<String> {
    (!a.scores.is_empty()).then(|| serde_json::to_string(&a.scores).unwrap_or_else(|_| "{}".into()))
}

/// Whether the customer already has this very answer (same day, channel,
/// scores, comment and survey): a sheet imported again must not count its
/// answers twice in the figures nor open their to-dos twice.
fn answer_stored_in(db: &Db<'_>, a: &NewSurveyAnswer) -> Result<bool> {
    let sql = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT EXISTS (SELECT 1 FROM survey_answers
                 WHERE customer_id = ?1 AND answered_on = ?2 AND channel = ?3 AND nps IS ?4
                   AND csat IS ?5 AND scores IS ?6 AND comment = ?7 AND survey_id IS ?8)"
        }
        // `IS` compares only with NULL, TRUE and FALSE there.
        Dialect::Postgres => {
            "SELECT EXISTS (SELECT 1 FROM survey_answers
                 WHERE customer_id = ?1 AND answered_on = ?2 AND channel = ?3
                   AND nps IS NOT DISTINCT FROM ?4 AND csat IS NOT DISTINCT FROM ?5
                   AND scores IS NOT DISTINCT FROM ?6 AND comment = ?7
                   AND survey_id IS NOT DISTINCT FROM ?8)"
        }
    };
    db.query_row(
        sql,
        args![
            a.customer_id,
            a.answered_on.format("%Y-%m-%d").to_string(),
            a.channel.as_str(),
            a.nps,
            a.csat,
            scores_text(a),
            a.comment.trim(),
            a.survey_id
        ],
        |r| r.get(0),
    )
}

/// Cancels the open follow-up to-dos of answers (`ids` selects them by an
/// SQL condition on `survey_answers`), inside the caller's transaction.
fn cancel_todos_in(db: &Db<'_>, answers: &str, arg: i64) -> Result<u64> {
    db.execute(
        &format!(
            "UPDATE todos SET status = 'cancelled', updated_at = ?2
             WHERE source_kind = 'survey' AND status IN {ACTIVE}
               AND source_id IN (SELECT id FROM survey_answers WHERE {answers})"
        ),
        args![arg, now_text()],
    )
}

/// Undo of a survey import, inside its transaction: the import's answers
/// go, and their open to-dos are cancelled. Returns how many answers.
pub(crate) fn undo_import_answers_in(conn: &impl AsDb, import_id: i64) -> Result<usize> {
    let db = conn.as_db();
    cancel_todos_in(&db, "import_id = ?1", import_id)?;
    let gone = db.execute(
        "DELETE FROM survey_answers WHERE import_id = ?1",
        args![import_id],
    )?;
    Ok(gone as usize)
}

/// The entry of an answer recorded or deleted: numbers in the summary, the
/// comment (free text) only in the details.
fn answer_entry(action: &str, id: i64, a: &SurveyAnswer) -> NewEntry {
    let mut scores = Vec::new();
    if let Some(n) = a.nps {
        scores.push(format!("NPS {n}"));
    }
    if let Some(c) = a.csat {
        scores.push(format!("CSAT {c}"));
    }
    if !a.scores.is_empty() {
        scores.push(format!("题目得分 {} 项", a.scores.len()));
    }
    NewEntry::new(
        action,
        "survey_answer",
        id.to_string(),
        format!(
            "{} {}：{}（{}）",
            action_label(action),
            customer_ref(a.customer_id),
            scores.join("，"),
            a.answered_on
        ),
    )
    .customer(a.customer_id)
    .fact("答卷日期", a.answered_on)
    .fact("渠道", a.channel.label())
    .fact("推荐意愿", a.nps.map(|n| n.to_string()).unwrap_or_default())
    .fact("满意度", a.csat.map(|n| n.to_string()).unwrap_or_default())
    .fact("评价", &a.comment)
}

impl Store {
    /// Records one answer given by hand (the API has checked it), with its
    /// follow-up to-do when it is a detractor's or a CSAT of 1–2. `today`
    /// is the earliest due day of that to-do.
    pub fn add_survey_answer(
        &mut self,
        a: &NewSurveyAnswer,
        who: &str,
        today: NaiveDate,
    ) -> Result<SurveyAnswer> {
        let id = self.write_with_audit(|db| {
            let (id, todo) = insert_answer_in(db, a, None, who, today)?;
            let stored = answer_in(db, id)?
                .ok_or_else(|| StoreError::Corrupt(format!("刚录入的答卷 {id} 不见了")))?;
            let mut entry = answer_entry("survey.add", id, &stored);
            if let Some(t) = todo {
                entry = entry.fact("新建待办", format!("#{t}"));
            }
            Ok((id, Some(entry)))
        })?;
        self.survey_answer(id)?
            .ok_or_else(|| StoreError::Corrupt(format!("刚录入的答卷 {id} 不见了")))
    }

    pub fn survey_answer(&self, id: i64) -> Result<Option<SurveyAnswer>> {
        answer_in(&self.db(), id)
    }

    /// Deletes an answer and cancels its open to-dos; `None` when there is
    /// no such answer. An imported answer goes the same way (its import's
    /// undo then has one answer fewer to remove).
    /// The answer is read inside the write transaction, so two desks
    /// deleting it at once delete (and log) it once.
    pub fn delete_survey_answer(&mut self, id: i64) -> Result<Option<SurveyAnswer>> {
        self.write_with_audit(|db| {
            let Some(found) = answer_in(db, id)? else {
                return Ok((None, None));
            };
            let cancelled = cancel_todos_in(db, "id = ?1", id)?;
            db.execute("DELETE FROM survey_answers WHERE id = ?1", args![id])?;
            let entry = answer_entry("survey.delete", id, &found).fact("取消待办", cancelled);
            Ok((Some(found), Some(entry)))
        })
    }

    /// A customer's answers, newest first.
    pub fn survey_answers(&self, customer_id: i64) -> Result<Vec<SurveyAnswer>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM survey_answers a WHERE a.customer_id = ?1
             ORDER BY a.answered_on DESC, a.id DESC"
        );
        self.db().query_map(&sql, args![customer_id], from_row)
    }

    /// Answers of live customers between two days (both included), newest
    /// first, at most `limit`, with who gave them.
    pub fn survey_answer_lines(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Vec<SurveyAnswerLine>> {
        let sql = format!(
            "SELECT {COLUMNS}, c.code, c.name FROM survey_answers a
             JOIN customers c ON c.id = a.customer_id
             WHERE c.deleted_at IS NULL AND a.answered_on BETWEEN ?1 AND ?2
             ORDER BY a.answered_on DESC, a.id DESC LIMIT ?3"
        );
        self.db()
            .query_map(&sql, args![from, to, limit as i64], |r| {
                Ok(SurveyAnswerLine {
                    answer: from_row(r)?,
                    customer_code: r.get(14)?,
                    customer_name: r.get(15)?,
                })
            })
    }

    /// Streams every answer of live customers between two days (both
    /// included) as (day, tier when answering, NPS, CSAT, scores), oldest
    /// first: the figures per tier and period are computed from them.
    pub fn for_each_survey_answer(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut each: impl FnMut(NaiveDate, Option<&str>, Option<u8>, Option<u8>, &BTreeMap<String, f64>),
    ) -> Result<()> {
        self.db().for_each(
            "SELECT a.answered_on, a.tier_at, a.nps, a.csat, a.scores FROM survey_answers a
             JOIN customers c ON c.id = a.customer_id
             WHERE c.deleted_at IS NULL AND a.answered_on BETWEEN ?1 AND ?2
             ORDER BY a.answered_on, a.id",
            args![from, to],
            |r| {
                let answered: String = r.get(0)?;
                let tier: Option<String> = r.get(1)?;
                let nps: Option<i64> = r.get(2)?;
                let csat: Option<i64> = r.get(3)?;
                let scores = scores_of(r.get(4)?);
                each(
                    day(&answered),
                    tier.as_deref(),
                    nps.map(|v| v.clamp(0, 10) as u8),
                    csat.map(|v| v.clamp(0, 5) as u8),
                    &scores,
                );
                Ok(())
            },
        )?;
        Ok(())
    }

    /// Answers per tier held when answering, between two days (both
    /// included), by live customers: the counts NPS and CSAT are made of.
    pub fn survey_counts_by_tier(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<SurveyTierCounts>> {
        let sql = match self.dialect() {
            Dialect::Sqlite => {
                "SELECT nullif(a.tier_at, ''), count(*), count(a.nps), coalesce(sum(a.nps >= 9), 0),
                    coalesce(sum(a.nps <= 6), 0), count(a.csat), coalesce(sum(a.csat >= 4), 0)
             FROM survey_answers a JOIN customers c ON c.id = a.customer_id
             WHERE c.deleted_at IS NULL AND a.answered_on BETWEEN ?1 AND ?2
             GROUP BY nullif(a.tier_at, '') ORDER BY 1"
            }
            // Truth values do not add up there: counted. No tier first, as
            // SQLite sorts NULL.
            Dialect::Postgres => {
                "SELECT nullif(a.tier_at, ''), count(*), count(a.nps),
                    count(*) FILTER (WHERE a.nps >= 9), count(*) FILTER (WHERE a.nps <= 6),
                    count(a.csat), count(*) FILTER (WHERE a.csat >= 4)
             FROM survey_answers a JOIN customers c ON c.id = a.customer_id
             WHERE c.deleted_at IS NULL AND a.answered_on BETWEEN ?1 AND ?2
             GROUP BY nullif(a.tier_at, '') ORDER BY 1 NULLS FIRST"
            }
        };
        let n = |r: &Row<'_>, i| r.get::<i64>(i).map(|v| v as u64);
        self.db().query_map(sql, args![from, to], |r| {
            Ok(SurveyTierCounts {
                tier: r.get(0)?,
                responses: n(r, 1)?,
                nps_answers: n(r, 2)?,
                promoters: n(r, 3)?,
                detractors: n(r, 4)?,
                csat_answers: n(r, 5)?,
                csat_satisfied: n(r, 6)?,
            })
        })
    }

    /// Each customer's survey figures for rules as of a day: the latest
    /// answer's NPS and CSAT (latest by day, then by entry) and the averages
    /// of every answer up to that day. Customers without answers are absent.
    /// One pass over the answers in the order of `survey_answers_customer`
    /// (customer, day, then id): a lookup of each customer's latest answer
    /// would cost a search per customer.
    pub fn survey_facts(&self, as_of: NaiveDate) -> Result<Vec<(i64, SurveyFacts)>> {
        let mut out: Vec<(i64, SurveyFacts)> = Vec::new();
        let mut sums = FactSums::default();
        self.db().for_each(
            "SELECT customer_id, nps, csat FROM survey_answers
             WHERE answered_on <= ?1 ORDER BY customer_id, answered_on, id",
            args![as_of],
            |r| {
                let id: i64 = r.get(0)?;
                if out.last().is_none_or(|(last, _)| *last != id) {
                    if let Some((_, facts)) = out.last_mut() {
                        sums.finish(facts);
                    }
                    sums = FactSums::default();
                    out.push((id, SurveyFacts::default()));
                }
                let (nps, csat): (Option<i64>, Option<i64>) = (r.get(1)?, r.get(2)?);
                if let (Some((_, facts)), Some(n)) = (out.last_mut(), nps) {
                    facts.nps = Some(n as f64);
                    sums.nps += n as f64;
                    sums.nps_n += 1;
                }
                if let (Some((_, facts)), Some(c)) = (out.last_mut(), csat) {
                    facts.csat = Some(c as f64);
                    sums.csat += c as f64;
                    sums.csat_n += 1;
                }
                Ok(())
            },
        )?;
        if let Some((_, facts)) = out.last_mut() {
            sums.finish(facts);
        }
        Ok(out)
    }

    /// For each answer, whether the customer already has it (see
    /// `apply_survey_import`), as an import of a sheet naming `survey` (its
    /// questionnaire, when the sheet has question columns) would find.
    pub fn stored_survey_answers(
        &self,
        survey: Option<&str>,
        answers: &[NewSurveyAnswer],
    ) -> Result<Vec<bool>> {
        let survey_id: Option<i64> = match survey {
            Some(name) => {
                let found = self
                    .db()
                    .query_row("SELECT id FROM surveys WHERE name = ?1", args![name], |r| {
                        r.get(0)
                    })
                    .optional()?;
                // A questionnaire never imported has no answers yet.
                let Some(id) = found else {
                    return Ok(vec![false; answers.len()]);
                };
                Some(id)
            }
            None => None,
        };
        answers
            .iter()
            .map(|a| {
                let a = NewSurveyAnswer {
                    survey_id: survey_id.or(a.survey_id),
                    ..a.clone()
                };
                answer_stored_in(&self.db(), &a)
            })
            .collect()
    }

    /// Writes a survey import in one transaction: its record (the answers
    /// stored counted as `inserted`, those the customer already has — the
    /// same sheet imported again — as `unchanged` and left out), every new
    /// answer with its import's id, the follow-up to-dos they ask for, and
    /// one audit entry. `today` is the earliest due day of those to-dos.
    ///
    /// `survey` names the questionnaire when the sheet has question columns
    /// (its name and the questions' labels): it is kept in `surveys` (the
    /// questions of a survey imported again are replaced) and each answer
    /// points at it.
    pub fn apply_survey_import(
        &mut self,
        new: &NewImport,
        survey: Option<(&str, &[String])>,
        answers: &[NewSurveyAnswer],
        today: NaiveDate,
    ) -> Result<(ImportRecord, u64)> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        let import_id = crate::imports::insert_record(&tx, new)?;
        let survey_id = match survey {
            Some((name, questions)) => Some(tx.query_row(
                "INSERT INTO surveys(name, questions, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET questions = excluded.questions
                 RETURNING id",
                args![
                    name,
                    serde_json::to_string(questions).unwrap_or_else(|_| "[]".into()),
                    now_text()
                ],
                |r| r.get::<i64>(0),
            )?),
            None => None,
        };
        let (mut todos, mut inserted, mut unchanged) = (0u64, 0i64, 0i64);
        for a in answers {
            let a = NewSurveyAnswer {
                survey_id: survey_id.or(a.survey_id),
                ..a.clone()
            };
            if answer_stored_in(&tx, &a)? {
                unchanged += 1;
                continue;
            }
            let (_, todo) = insert_answer_in(&tx, &a, Some(import_id), &new.who, today)?;
            todos += u64::from(todo.is_some());
            inserted += 1;
        }
        tx.execute(
            "UPDATE imports SET inserted = ?1, unchanged = ?2 WHERE id = ?3",
            args![inserted, unchanged, import_id],
        )?;
        let record = crate::imports::record_in(&tx, import_id)?;
        let entry =
            crate::imports::import_entry("import.run", &record, &[]).fact("新建待办", todos);
        crate::audit::record(&tx, &actor, &entry)?;
        tx.commit()?;
        Ok((record, todos))
    }
}

/// An erase, inside its transaction: the comments (free text) of the
/// customer's answers go; dates, channels, scores and tiers stay for the
/// figures. Returns how many answers had a comment.
pub(crate) fn erase_answers_in(conn: &impl AsDb, customer_id: i64) -> Result<usize> {
    let n = conn.as_db().execute(
        "UPDATE survey_answers SET comment = '', updated_at = ?2
         WHERE customer_id = ?1 AND comment <> ''",
        args![customer_id, now_text()],
    )?;
    Ok(n as usize)
}

fn answer_in(db: &Db<'_>, id: i64) -> Result<Option<SurveyAnswer>> {
    let sql = format!("SELECT {COLUMNS} FROM survey_answers a WHERE a.id = ?1");
    db.query_row(&sql, args![id], from_row).optional()
}
