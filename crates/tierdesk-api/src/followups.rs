//! Follow-ups (跟进记录): log, change, delete, and list them.
//!
//! The draft is checked by the domain against `now` (the shells pass the
//! clock, see [`crate::now`]); the store writes the follow-up, moves the
//! customer's last and next contact dates and its to-dos in one transaction.
//! A follow-up without a `who` names the customer's manager, else the person
//! at the desk.

use chrono::NaiveDateTime;
use tierdesk_domain::{
    manager_or, CheckedFollowup, Customer, Followup, FollowupDraft, FollowupFilter, FollowupLine,
    Page,
};

use tierdesk_domain::merge::{EditBase, RowKind, Saved};

use crate::conflict::{self, LastWrite};
use crate::privacy::PersonSection;
use crate::{Api, ApiError, ErrorCode, Result};

fn not_found(id: i64) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("找不到跟进记录 #{id}：它可能已被删除，请刷新后再试"),
    )
}

impl Api {
    /// A live customer, or a clear refusal for one in the recycle bin.
    fn live_customer(&self, customer_id: i64) -> Result<Customer> {
        let c = self.customer(customer_id)?;
        if c.deleted_at.is_some() {
            return Err(ApiError::invalid(format!(
                "客户「{}」在回收站中，请先恢复再记录跟进",
                c.name
            )));
        }
        Ok(c)
    }

    /// The draft checked, with `who` filled: as given, else the customer's
    /// manager, else the person at the desk.
    fn checked_followup(
        &self,
        c: &Customer,
        draft: FollowupDraft,
        now: NaiveDateTime,
    ) -> Result<CheckedFollowup> {
        let mut f = draft.validate(now)?;
        // A chosen contact must be this customer's; its name is kept with
        // the follow-up (the contact may be removed later).
        if let Some(id) = f.contact_id {
            let contacts = self.store.contacts(c.id)?;
            let Some(contact) = contacts.iter().find(|x| x.id == id) else {
                return Err(ApiError::invalid(format!(
                    "联系人 #{id} 不是客户「{}」的联系人，请重新选择",
                    c.name
                )));
            };
            if f.contact_name.is_empty() {
                f.contact_name = contact.name.clone();
            }
        }
        if f.who.is_empty() {
            f.who = manager_or(c.manager.as_deref(), &self.store.actor().user);
        }
        Ok(f)
    }

    /// Logs a follow-up of a live customer. It moves the customer's last
    /// contact (never back) and next contact dates, completes the to-do it
    /// answers (`todo_id`) and the customer's follow-up to-dos due by its day,
    /// and adds a to-do for its next contact date.
    pub fn add_followup(
        &mut self,
        customer_id: i64,
        draft: FollowupDraft,
        now: NaiveDateTime,
    ) -> Result<Followup> {
        self.allow_customer(customer_id)?;
        let c = self.live_customer(customer_id)?;
        let f = self.checked_followup(&c, draft, now)?;
        Ok(self.store.add_followup(c.id, &f)?)
    }

    /// Changes a follow-up; the customer's dates are recomputed and a changed
    /// next contact date moves its to-do.
    pub fn edit_followup(
        &mut self,
        id: i64,
        draft: FollowupDraft,
        now: NaiveDateTime,
    ) -> Result<Followup> {
        self.allow_record(crate::users::Owned::Followup, id)?;
        let old = self.store.followup(id)?.ok_or_else(|| not_found(id))?;
        let c = self.live_customer(old.customer_id)?;
        let f = self.checked_followup(&c, draft, now)?;
        self.store
            .edit_followup(id, &f)?
            .ok_or_else(|| not_found(id))
    }

    /// Changes a follow-up edited from what the person opened (`base`), as
    /// [`Api::save_customer`] does for a customer: changed by someone else
    /// since, merged field by field; the same field changed differently by
    /// both → [`ErrorCode::EditConflict`], nothing saved.
    pub fn save_followup(
        &mut self,
        id: i64,
        draft: FollowupDraft,
        base: EditBase<FollowupDraft>,
        now: NaiveDateTime,
    ) -> Result<Saved<Followup>> {
        self.allow_record(crate::users::Owned::Followup, id)?;
        let none = |_: &str| None;
        let label = |k: &str| conflict::label_of(k, conflict::FOLLOWUP_LABELS, &none);
        // Times typed to the minute are the stored time at :00.
        let whole = |mut d: FollowupDraft| {
            d.todo_id = None;
            if let Some(at) = d.at.as_mut().filter(|a| a.len() == 16) {
                at.push_str(":00");
            }
            d
        };
        let (mine, mut opened) = (whole(draft), base);
        opened.values = whole(opened.values);
        for _ in 0..conflict::TRIES {
            let current = self.store.followup(id)?.ok_or_else(|| not_found(id))?;
            let last = LastWrite {
                kind: RowKind::Followup,
                who: current.updated_by.as_deref(),
                when: &current.updated_at,
                version: current.version,
            };
            let theirs = FollowupDraft::from(&current);
            let decided = conflict::decide(&opened, &mine, &theirs, last, &[], &label, None)?;
            let (to_save, kept) = decided.unwrap_or((mine.clone(), Vec::new()));
            let c = self.live_customer(current.customer_id)?;
            let f = self.checked_followup(&c, to_save, now)?;
            match self.store.edit_followup_at(id, &f, Some(current.version)) {
                Err(tierdesk_store::StoreError::VersionMoved { .. }) => continue,
                saved => {
                    return Ok(Saved {
                        item: saved?.ok_or_else(|| not_found(id))?,
                        theirs_kept: conflict::kept(kept, &label),
                    })
                }
            }
        }
        Err(conflict::still_moving())
    }

    /// Deletes a follow-up and returns it; the customer's dates are
    /// recomputed and its open to-do cancelled.
    pub fn delete_followup(&mut self, id: i64) -> Result<Followup> {
        self.allow_record(crate::users::Owned::Followup, id)?;
        self.store.delete_followup(id)?.ok_or_else(|| not_found(id))
    }

    pub fn followup(&self, id: i64) -> Result<Followup> {
        self.allow(crate::domain::Perm::View)?;
        self.store.followup(id)?.ok_or_else(|| not_found(id))
    }

    /// A customer's follow-ups, newest first.
    pub fn customer_followups(&self, customer_id: i64) -> Result<Vec<Followup>> {
        self.allow(crate::domain::Perm::View)?;
        self.customer(customer_id)?;
        Ok(self.store.customer_followups(customer_id)?)
    }

    /// Follow-ups of live customers, newest first, filtered.
    pub fn list_followups(&self, filter: &FollowupFilter) -> Result<Page<FollowupLine>> {
        self.allow(crate::domain::Perm::View)?;
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                return Err(ApiError::invalid(format!(
                    "开始日期 {from} 晚于结束日期 {to}"
                )));
            }
        }
        Ok(self.store.list_followups(filter)?)
    }

    /// The customer's follow-ups for their copy (跟进记录), newest first.
    pub(crate) fn followup_section(&self, customer_id: i64) -> Result<PersonSection> {
        let rows = self
            .store
            .customer_followups(customer_id)?
            .into_iter()
            .map(|f| {
                vec![
                    f.at,
                    f.channel.label().to_owned(),
                    f.who,
                    f.contact_name,
                    f.subject,
                    f.content,
                    f.outcome,
                    f.next_step,
                    f.next_contact_on.map(|d| d.to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        Ok(PersonSection {
            title: "跟进记录".into(),
            headers: [
                "跟进时间",
                "方式",
                "跟进人",
                "联系人",
                "主题",
                "跟进内容",
                "结果",
                "下一步",
                "下次联系日期",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        })
    }
}
