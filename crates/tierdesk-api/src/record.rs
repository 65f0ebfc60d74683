//! The customer record (客户详情): one timeline, purchases, contacts and
//! the dates that matter. Contacts leave the API masked like the lists
//! (phones always, e-mail when the policy says so); a form that sends a
//! masked value back untouched keeps the stored one.

use tierdesk_domain::audit::{customer_ref, NewEntry};
use tierdesk_domain::record::{
    Contact, ContactDraft, CustomerDate, DateDraft, PurchaseSummary, TimelineCount, TimelinePage,
    TimelineQuery, TIMELINE_KINDS,
};
use tierdesk_domain::{OrderLine, Page, TierLabel};

use crate::privacy::PersonSection;
use crate::{Api, ApiError, Result};

fn section(title: &str, headers: &[&str], rows: Vec<Vec<String>>) -> PersonSection {
    PersonSection {
        title: title.to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

/// A tier event's title from the store (`from→to` in tier keys) in words:
/// 等级：金牌 → 钻石, or 评级：保持 金牌 when a rating kept the tier.
fn tier_title(raw: &str, labels: &[TierLabel]) -> String {
    let name = |key: &str| {
        if key.is_empty() {
            "（无等级）".to_owned()
        } else {
            labels
                .iter()
                .find(|l| l.key == key)
                .map(|l| l.name.clone())
                .unwrap_or_else(|| key.to_owned())
        }
    };
    match raw.split_once('→') {
        Some((from, to)) if from == to => format!("评级：保持 {}", name(to)),
        Some((from, to)) => format!("等级：{} → {}", name(from), name(to)),
        None => raw.to_owned(),
    }
}

impl Api {
    /// One page of a customer's timeline, newest first. Unknown kinds in
    /// the filter are refused with the list of kinds.
    pub fn customer_timeline(&self, customer_id: i64, q: &TimelineQuery) -> Result<TimelinePage> {
        self.allow(crate::domain::Perm::View)?;
        self.store.customer(customer_id)?;
        if let Some(bad) = q
            .kinds
            .iter()
            .find(|k| !TIMELINE_KINDS.iter().any(|(key, _)| key == k))
        {
            let known: Vec<String> = TIMELINE_KINDS
                .iter()
                .map(|(k, label)| format!("{k}（{label}）"))
                .collect();
            return Err(ApiError::invalid(format!(
                "时间线没有「{bad}」这类事件，可选：{}",
                known.join("、")
            )));
        }
        let mut page = self.store.timeline_page(customer_id, q)?;
        if page.events.iter().any(|e| e.kind == "tier") {
            let labels = self.tier_labels()?;
            for e in page.events.iter_mut().filter(|e| e.kind == "tier") {
                e.title = tier_title(&e.title, &labels);
            }
        }
        Ok(page)
    }

    /// How many events of each kind the customer's timeline holds.
    pub fn timeline_counts(&self, customer_id: i64) -> Result<Vec<TimelineCount>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.timeline_counts(customer_id)?)
    }

    /// A page of the customer's order lines, newest first (`page` from 0).
    pub fn record_lines(
        &self,
        customer_id: i64,
        page: u32,
        page_size: u32,
    ) -> Result<Page<OrderLine>> {
        self.allow(crate::domain::Perm::View)?;
        self.store.customer(customer_id)?;
        Ok(self
            .store
            .customer_lines_page(customer_id, page, page_size)?)
    }

    /// The customer's purchases at a glance, with totals per month.
    pub fn purchase_summary(&self, customer_id: i64) -> Result<PurchaseSummary> {
        self.allow(crate::domain::Perm::View)?;
        self.store.customer(customer_id)?;
        Ok(self.store.purchase_summary(customer_id)?)
    }

    /// The customer's contacts, primary first, masked.
    pub fn contacts(&self, customer_id: i64) -> Result<Vec<Contact>> {
        self.allow(crate::domain::Perm::View)?;
        let masking = self.masking()?;
        Ok(self
            .store
            .contacts(customer_id)?
            .into_iter()
            .map(|c| c.masked(&masking))
            .collect())
    }

    /// Adds a contact; returns it masked.
    pub fn add_contact(&mut self, customer_id: i64, draft: ContactDraft) -> Result<Contact> {
        self.allow_customer(customer_id)?;
        let draft = draft.validate()?;
        let c = self.store.add_contact(customer_id, &draft)?;
        Ok(c.masked(&self.masking()?))
    }

    /// Changes a contact; a masked phone or e-mail sent back untouched
    /// keeps the stored value. Returns it masked.
    pub fn update_contact(&mut self, id: i64, mut draft: ContactDraft) -> Result<Contact> {
        self.allow_record(crate::users::Owned::Contact, id)?;
        let stored = self.store.contact(id)?;
        draft.keep_stored(&stored);
        let draft = draft.validate()?;
        let c = self.store.update_contact(id, &draft)?;
        Ok(c.masked(&self.masking()?))
    }

    /// A contact with the phone and e-mail in full, for a purpose the log
    /// keeps (as 显示完整 for a customer).
    pub fn reveal_contact(&self, id: i64, purpose: &str) -> Result<Contact> {
        self.allow(crate::domain::Perm::View)?;
        let purpose = crate::privacy::checked_purpose(purpose)?;
        let c = self.store.contact(id)?;
        self.store.audit_event(
            &NewEntry::new(
                "privacy.reveal",
                "contact",
                id.to_string(),
                format!(
                    "查看联系人 #{id}（客户 {}）的完整信息",
                    customer_ref(c.customer_id)
                ),
            )
            .customer(c.customer_id)
            .fact("用途", purpose),
        )?;
        Ok(c)
    }

    pub fn delete_contact(&mut self, id: i64) -> Result<()> {
        self.allow_record(crate::users::Owned::Contact, id)?;
        self.store.delete_contact(id)?;
        Ok(())
    }

    /// The customer's dates that matter, in calendar order.
    pub fn customer_dates(&self, customer_id: i64) -> Result<Vec<CustomerDate>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.customer_dates(customer_id)?)
    }

    pub fn add_customer_date(
        &mut self,
        customer_id: i64,
        draft: DateDraft,
    ) -> Result<CustomerDate> {
        self.allow_customer(customer_id)?;
        let draft = draft.validate()?;
        Ok(self.store.add_customer_date(customer_id, &draft)?)
    }

    pub fn update_customer_date(&mut self, id: i64, draft: DateDraft) -> Result<CustomerDate> {
        self.allow_record(crate::users::Owned::Date, id)?;
        let draft = draft.validate()?;
        Ok(self.store.update_customer_date(id, &draft)?)
    }

    pub fn delete_customer_date(&mut self, id: i64) -> Result<()> {
        self.allow_record(crate::users::Owned::Date, id)?;
        self.store.delete_customer_date(id)?;
        Ok(())
    }

    /// The person's copy: the customer's contacts in full (the copy is the
    /// person's own, logged).
    pub(crate) fn contact_section(&self, customer_id: i64) -> Result<PersonSection> {
        let or_empty = |s: Option<String>| s.unwrap_or_default();
        let rows = self
            .store
            .contacts(customer_id)?
            .into_iter()
            .map(|c| {
                vec![
                    c.name,
                    c.role,
                    or_empty(c.phone),
                    or_empty(c.wechat),
                    or_empty(c.email),
                    c.birth_date.map(|d| d.to_string()).unwrap_or_default(),
                    if c.is_primary { "是" } else { "否" }.to_owned(),
                    c.notes,
                    c.created_at,
                ]
            })
            .collect();
        Ok(section(
            "联系人",
            &[
                "姓名",
                "职务",
                "电话",
                "微信",
                "电子邮箱",
                "生日",
                "主要联系人",
                "备注",
                "添加时间",
            ],
            rows,
        ))
    }

    /// The person's copy: the dates that matter to the customer.
    pub(crate) fn date_section(&self, customer_id: i64) -> Result<PersonSection> {
        let rows = self
            .store
            .customer_dates(customer_id)?
            .into_iter()
            .map(|d| {
                vec![
                    d.kind.label().to_owned(),
                    d.label,
                    match d.year {
                        Some(y) => format!("{y}-{:02}-{:02}", d.month, d.day),
                        None => format!("每年 {} 月 {} 日", d.month, d.day),
                    },
                    if d.remind { "是" } else { "否" }.to_owned(),
                    d.notes,
                    d.created_at,
                ]
            })
            .collect();
        Ok(section(
            "纪念日",
            &["类型", "名称", "日期", "提醒", "备注", "添加时间"],
            rows,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::tier_title;
    use tierdesk_domain::TierLabel;

    #[test]
    fn tier_titles_name_the_tiers() {
        let labels = vec![
            TierLabel {
                key: "gold".into(),
                name: "金牌".into(),
                color: "gold".into(),
                stars: 3,
            },
            TierLabel {
                key: "diamond".into(),
                name: "钻石".into(),
                color: "blue".into(),
                stars: 4,
            },
        ];
        assert_eq!(tier_title("gold→diamond", &labels), "等级：金牌 → 钻石");
        assert_eq!(tier_title("gold→gold", &labels), "评级：保持 金牌");
        assert_eq!(tier_title("→gold", &labels), "等级：（无等级） → 金牌");
        assert_eq!(tier_title("old→gold", &labels), "等级：old → 金牌");
    }
}
