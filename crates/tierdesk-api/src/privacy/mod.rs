//! Privacy (个人信息保护法): what a person sees of a customer without a
//! reason (masked), 显示完整 with a purpose (logged), a person's copy of
//! everything held about them (art. 45, `copy.rs`) and erasure (art. 47,
//! `erase.rs`).
//!
//! Customers reach the app and the CLI's lists masked through
//! [`Api::list_customers_masked`] and [`Api::customer_masked`]; the plain
//! [`Api::list_customers`] and [`Api::customer`] stay whole for the use
//! cases that compute with the values (search runs on the stored values,
//! so a full phone still finds its customer).

mod copy;
mod erase;

use tierdesk_domain::audit::NewEntry;
use tierdesk_domain::{Customer, CustomerQuery, Masking, Page};

use crate::{Api, ApiError, ErrorCode, Result};

pub use copy::{
    person_sheets, PersonCopy, PersonCopyFile, PersonField, PersonHistory, PersonSection,
};
pub use erase::EraseSummary;

/// The purposes the app offers for 显示完整; any other short text is
/// accepted too.
pub const REVEAL_PURPOSES: &[&str] = &["客户来电核实", "寄送礼品", "编辑资料", "回访联系"];

impl Api {
    /// What is masked besides phones (the settings `privacy.mask_email`
    /// and `privacy.sensitive_fields`).
    pub fn masking(&self) -> Result<Masking> {
        self.allow(crate::domain::Perm::View)?;
        Ok(Masking::from_settings(
            self.store.setting(Masking::EMAIL_SETTING)?.as_deref(),
            self.store.setting(Masking::FIELDS_SETTING)?.as_deref(),
        ))
    }

    /// Saves what is masked. A sensitive field must be a custom field.
    pub fn set_masking(&mut self, m: &Masking) -> Result<Masking> {
        self.allow(crate::domain::Perm::Settings)?;
        let defs = self.store.field_defs()?;
        let mut keys: Vec<String> = Vec::new();
        for key in &m.sensitive_fields {
            if !defs.iter().any(|d| &d.key == key) {
                return Err(ApiError::invalid(format!(
                    "没有名为「{key}」的自定义字段，不能设为敏感字段"
                )));
            }
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        self.store.set_setting(
            Masking::EMAIL_SETTING,
            if m.mask_email { "true" } else { "false" },
        )?;
        self.store.set_setting(
            Masking::FIELDS_SETTING,
            &serde_json::to_string(&keys).expect("strings serialise"),
        )?;
        self.masking()
    }

    /// `c` as it may be shown without a reason.
    pub fn shown(&self, mut c: Customer) -> Result<Customer> {
        self.allow(crate::domain::Perm::View)?;
        self.masking()?.apply(&mut c);
        Ok(c)
    }

    /// [`Api::list_customers`] with every customer masked: what the app's
    /// list, its search results and the CLI's list show.
    pub fn list_customers_masked(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        self.allow(crate::domain::Perm::View)?;
        let masking = self.masking()?;
        let mut page = self.list_customers(query)?;
        for c in &mut page.items {
            masking.apply(c);
        }
        Ok(page)
    }

    /// One customer masked, for the detail drawer and the edit form (which
    /// sends an untouched masked value back; saving keeps the stored one).
    pub fn customer_masked(&self, id: i64) -> Result<Customer> {
        self.allow(crate::domain::Perm::View)?;
        self.shown(self.store.customer(id)?)
    }

    /// 显示完整: the customer with every value, for a stated purpose, which
    /// the audit log records with who asked and when.
    pub fn reveal_customer(&self, id: i64, purpose: &str) -> Result<Customer> {
        self.allow(crate::domain::Perm::View)?;
        let purpose = checked_purpose(purpose)?;
        let c = self.store.customer(id)?;
        self.log_reveal(&c, purpose)?;
        Ok(c)
    }

    fn log_reveal(&self, c: &Customer, purpose: &str) -> Result<()> {
        let who = tierdesk_domain::audit::customer_ref(c.id);
        self.store.audit_event(
            &NewEntry::for_customer("privacy.reveal", c.id, format!("查看客户 {who} 的完整信息"))
                .fact("用途", purpose),
        )?;
        Ok(())
    }
}

/// The purpose given for seeing full values (a customer's, a contact's),
/// trimmed; refused in Chinese when empty or over 200 characters.
pub(crate) fn checked_purpose(purpose: &str) -> Result<&str> {
    let purpose = purpose.trim();
    if purpose.is_empty() {
        let mut err = ApiError::coded(
            ErrorCode::Invalid,
            tierdesk_domain::Msg::new("privacy.purpose_needed"),
        );
        err.problems.push(tierdesk_domain::FieldProblem {
            field: "purpose".into(),
            message: "请填写用途".into(),
            msg: None,
        });
        return Err(err);
    }
    if purpose.chars().count() > 200 {
        return Err(ApiError::coded(
            ErrorCode::Invalid,
            tierdesk_domain::Msg::new("privacy.purpose_too_long"),
        ));
    }
    Ok(purpose)
}
