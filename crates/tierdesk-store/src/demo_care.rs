//! Customer care rows for a demo archive (follow-ups, contacts and dates,
//! complaints, survey answers): each kind in one transaction through the
//! same `_in` functions the single writes use, with one `demo.load` audit
//! entry for the lot instead of one per row.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::audit::NewEntry;
use tierdesk_domain::case::{CaseMove, NewCase};
use tierdesk_domain::record::{ContactDraft, DateDraft};
use tierdesk_domain::survey::NewSurveyAnswer;
use tierdesk_domain::CheckedFollowup;

use crate::followups::{add_next_todo_in, followup_in, refresh_contact_dates_in};
use crate::todos::close_todos_for_in;
use crate::{args, now_text, Result, Store, StoreError};

/// A customer as the demo's care data needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoCareCustomer {
    pub id: i64,
    /// A company (no gender) gets contacts and dates that matter.
    pub company: bool,
    pub tier: Option<String>,
    pub manager: Option<String>,
    pub last_contact_on: Option<NaiveDate>,
}

/// A demo complaint: the case as received, then its steps in order.
#[derive(Debug, Clone)]
pub struct DemoCase {
    pub case: NewCase,
    pub steps: Vec<(CaseMove, NaiveDateTime)>,
}

fn demo_entry(kind: &str, n: usize, summary: String) -> NewEntry {
    NewEntry::new("demo.load", kind, n.to_string(), summary).fact("新增", n)
}

impl Store {
    /// The live customers with an id above `after_id` (those a demo fill
    /// has just added), in id order.
    pub fn demo_care_customers(&self, after_id: i64) -> Result<Vec<DemoCareCustomer>> {
        self.db().query_map(
            "SELECT id, gender IS NULL, tier, manager, last_contact_on FROM customers
             WHERE id > ?1 AND deleted_at IS NULL ORDER BY id",
            args![after_id],
            |r| {
                let last: Option<String> = r.get(4)?;
                Ok(DemoCareCustomer {
                    id: r.get(0)?,
                    company: r.get(1)?,
                    tier: r.get::<Option<String>>(2)?.filter(|t| !t.is_empty()),
                    manager: r.get(3)?,
                    last_contact_on: last
                        .and_then(|s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
                })
            },
        )
    }

    /// The largest customer id so far (0 in an empty file).
    pub fn max_customer_id(&self) -> Result<i64> {
        self.db()
            .query_row("SELECT coalesce(max(id), 0) FROM customers", args![], |r| {
                r.get(0)
            })
    }

    /// Adds demo follow-ups, then each customer's contact dates follow from
    /// them and a follow-up with a next contact date gets its to-do, as when
    /// logged one by one. Returns how many follow-ups.
    pub fn add_demo_followups(&mut self, rows: &[(i64, CheckedFollowup)]) -> Result<usize> {
        let actor = self.actor().user.clone();
        self.write_with_audit(|db| {
            let now = now_text();
            let mut customers = BTreeSet::new();
            let mut todos = 0;
            for (customer_id, f) in rows {
                let id = db.insert_id(
                    "INSERT INTO followups(customer_id, channel, at, who, contact_id, contact_name,
                     subject, content, outcome, next_step, next_contact_on, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                    args![
                        customer_id,
                        f.channel.as_str(),
                        f.at_text(),
                        f.who,
                        f.contact_id,
                        f.contact_name,
                        f.subject,
                        f.content,
                        f.outcome,
                        f.next_step,
                        f.next_contact_on.map(|d| d.format("%Y-%m-%d").to_string()),
                        now
                    ],
                )?;
                customers.insert(*customer_id);
                if f.next_contact_on.is_some() {
                    let stored = followup_in(db, id)?
                        .ok_or_else(|| StoreError::Corrupt(format!("演示跟进 {id} 不见了")))?;
                    todos += usize::from(add_next_todo_in(db, &stored, &actor)?.is_some());
                }
            }
            for id in &customers {
                refresh_contact_dates_in(db, *id, &actor)?;
            }
            let n = rows.len();
            let entry = demo_entry(
                "followup",
                n,
                format!(
                    "载入演示跟进记录 {n} 条（客户 {} 位，下次联系待办 {todos} 项）",
                    customers.len()
                ),
            );
            Ok((n, Some(entry)))
        })
    }

    /// Adds demo contacts and dates that matter. Returns how many of each.
    pub fn add_demo_contacts(
        &mut self,
        contacts: &[(i64, ContactDraft)],
        dates: &[(i64, DateDraft)],
    ) -> Result<(usize, usize)> {
        self.write_with_audit(|db| {
            let now = now_text();
            for (customer_id, d) in contacts {
                let id = crate::contacts::insert_in(db, *customer_id, &d.name, &now)?;
                crate::contacts::write(db, id, *customer_id, d)?;
            }
            for (customer_id, d) in dates {
                let id = crate::dates::insert_in(db, *customer_id, d, &now)?;
                crate::dates::write(db, id, d)?;
            }
            let (c, d) = (contacts.len(), dates.len());
            let entry = demo_entry(
                "contact",
                c + d,
                format!("载入演示联系人 {c} 位、纪念日 {d} 个"),
            )
            .fact("联系人", c)
            .fact("纪念日", d);
            Ok(((c, d), Some(entry)))
        })
    }

    /// Opens demo complaints and takes their steps, with numbers from the
    /// case counter and their to-dos as for cases handled by hand. Returns
    /// how many cases.
    pub fn add_demo_cases(&mut self, cases: &[DemoCase]) -> Result<usize> {
        let who = self.actor().user.clone();
        self.write_with_audit(|db| {
            let mut steps = 0;
            for c in cases {
                let (opened, _) = crate::cases::open_case_in(db, &c.case, &who)?;
                let mut from = opened.status;
                for (m, at) in &c.steps {
                    let Some((after, _)) =
                        crate::cases::step_case_in(db, opened.id, from, m, *at, &who)?
                    else {
                        return Err(StoreError::Corrupt(format!(
                            "演示投诉 {} 的处理步骤不成立",
                            opened.number
                        )));
                    };
                    from = after.status;
                    steps += 1;
                }
            }
            let n = cases.len();
            let entry = demo_entry(
                "case",
                n,
                format!("载入演示投诉 {n} 件（处理步骤 {steps} 步）"),
            );
            Ok((n, Some(entry)))
        })
    }

    /// Adds demo survey answers; a low score's follow-up to-do is added as
    /// for an answer recorded by hand, and closed when the answer is older
    /// than `handled_before` (it was followed up long ago). Returns how many.
    pub fn add_demo_survey_answers(
        &mut self,
        answers: &[NewSurveyAnswer],
        today: NaiveDate,
        handled_before: NaiveDate,
    ) -> Result<usize> {
        let who = self.actor().user.clone();
        self.write_with_audit(|db| {
            let mut todos = 0;
            for a in answers {
                let (id, todo) = crate::surveys::insert_answer_in(db, a, None, &who, today)?;
                if todo.is_some() {
                    todos += 1;
                    if a.answered_on < handled_before {
                        close_todos_for_in(db, "survey", id, &who)?;
                    }
                }
            }
            let n = answers.len();
            let entry = demo_entry(
                "survey_answer",
                n,
                format!("载入演示满意度答卷 {n} 份（回访待办 {todos} 项）"),
            );
            Ok((n, Some(entry)))
        })
    }
}
