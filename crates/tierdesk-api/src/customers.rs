use tierdesk_domain::merge::{EditBase, RowKind, Saved};
use tierdesk_domain::{Customer, CustomerDraft, CustomerQuery, FieldProblem, Masking, Page};

use crate::conflict::{self, LastWrite};
use crate::{Api, ApiError, ErrorCode, Result};

impl Api {
    /// The customers a query matches, `query.limit` of them from
    /// `query.offset` on. The store answers at most
    /// [`CustomerQuery::MAX_LIMIT`] rows a call (a page of the app's list
    /// never needs more, and one statement's rows are held in memory at
    /// once); a larger limit, which scripts ask for, is served page by page
    /// here, so every caller gets what it asked for.
    pub fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        self.allow(crate::domain::Perm::View)?;
        let query = &*self.owner_query(query);
        let mut page = self.store.list_customers(query)?;
        let wanted = query.limit.max(1) as usize;
        while page.items.len() < wanted {
            let got = page.items.len();
            // A short page means the list is exhausted.
            if got % CustomerQuery::MAX_LIMIT as usize != 0 {
                break;
            }
            let next = self.store.list_customers(&CustomerQuery {
                offset: query.offset.saturating_add(got as u32),
                limit: (wanted - got).min(CustomerQuery::MAX_LIMIT as usize) as u32,
                ..query.clone()
            })?;
            if next.items.is_empty() {
                break;
            }
            page.items.extend(next.items);
        }
        Ok(page)
    }

    pub fn customer(&self, id: i64) -> Result<Customer> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.customer(id)?)
    }

    /// Finds a customer by code, or by id when no customer has that code:
    /// people think in codes, scripts in ids.
    pub fn find_customer(&self, id_or_code: &str) -> Result<Customer> {
        self.allow(crate::domain::Perm::View)?;
        let key = id_or_code.trim();
        if let Some(c) = self.store.customer_by_code(key)? {
            return Ok(c);
        }
        if let Ok(id) = key.parse::<i64>() {
            if let Ok(c) = self.store.customer(id) {
                return Ok(c);
            }
        }
        Err(ApiError::new(
            ErrorCode::NotFound,
            format!("找不到编号或 ID 为「{key}」的客户"),
        ))
    }

    pub fn create_customer(&mut self, draft: CustomerDraft) -> Result<Customer> {
        self.allow(crate::domain::Perm::EditOwn)?;
        let defs = self.store.field_defs()?;
        let draft = draft.validate(&defs)?;
        Ok(self.store.insert_customer(&draft)?)
    }

    /// Saves a customer's changed fields. A change of 当前等级 needs a reason
    /// and goes through [`Api::update_customer_with_reason`]; here it is
    /// refused, so no tier changes by hand without a trace.
    pub fn update_customer(&mut self, id: i64, draft: CustomerDraft) -> Result<Customer> {
        self.allow_customer(id)?;
        self.update_customer_with_reason(id, draft, "", "")
    }

    /// Saves a customer's changed fields; when 当前等级 changes, `reason`
    /// must say why, and the change is recorded in the tier history with
    /// `who`, the time, the tier before and after and the reason, like an
    /// adjustment at review. An unchanged tier needs no reason.
    pub fn update_customer_with_reason(
        &mut self,
        id: i64,
        draft: CustomerDraft,
        reason: &str,
        who: &str,
    ) -> Result<Customer> {
        self.allow_customer(id)?;
        let current = self.store.customer(id)?;
        self.save_customer_over(&current, draft, (reason, who), None)
    }

    /// Saves a customer edited from what the person opened (`base`: the
    /// version and the form's values then). Changed by someone else since,
    /// it is merged field by field: their changes to fields I left stay,
    /// mine are saved, and the answer names theirs kept; both changed the
    /// same field differently → refused with [`ErrorCode::EditConflict`]
    /// and nothing saved (`crate::conflict`). The tier's reason and `who`
    /// (empty: the person the API acts as) as in
    /// [`Api::update_customer_with_reason`].
    pub fn save_customer(
        &mut self,
        id: i64,
        draft: CustomerDraft,
        base: EditBase<CustomerDraft>,
        (reason, who): (&str, &str),
    ) -> Result<Saved<Customer>> {
        self.allow_customer(id)?;
        let labels = self.store.field_defs()?;
        let custom = |k: &str| labels.iter().find(|d| d.key == k).map(|d| d.label.clone());
        let label = |k: &str| conflict::customer_label(k, &custom);
        let masking = self.masking()?;
        for _ in 0..conflict::TRIES {
            let current = self.store.customer(id)?;
            // Phones and what else the form showed masked: a masked value
            // sent back untouched is the stored one, in mine and the base.
            let mut mine = draft.clone();
            Masking::keep_stored(&mut mine, &current);
            let mut opened = base.clone();
            Masking::keep_stored(&mut opened.values, &current);
            let last = LastWrite {
                kind: RowKind::Customer,
                who: current.updated_by.as_deref(),
                when: &current.updated_at,
                version: current.version,
            };
            let theirs = CustomerDraft::from(&current);
            let decided = conflict::decide(
                &opened,
                &mine,
                &theirs,
                last,
                &["fields"],
                &label,
                Some(&masking),
            )?;
            let (to_save, kept) = decided.unwrap_or((mine, Vec::new()));
            match self.save_customer_over(&current, to_save, (reason, who), Some(current.version)) {
                Err(e) if conflict::moved(&e) => continue,
                saved => {
                    return Ok(Saved {
                        item: saved?,
                        theirs_kept: conflict::kept(kept, &label),
                    })
                }
            }
        }
        Err(conflict::still_moving())
    }

    /// Validates and saves `draft` over `current` (the customer as read),
    /// at `version` when given (see `Store::update_customer_at`).
    fn save_customer_over(
        &mut self,
        current: &Customer,
        draft: CustomerDraft,
        (reason, who): (&str, &str),
        version: Option<i64>,
    ) -> Result<Customer> {
        let id = current.id;
        let defs = self.store.field_defs()?;
        // A form shows phones (and what else is masked) masked: a masked
        // value sent back untouched keeps the stored one.
        let mut draft = draft;
        tierdesk_domain::Masking::keep_stored(&mut draft, current);
        let draft = draft.validate(&defs)?;
        let blank = |t: &Option<String>| {
            t.as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(str::to_owned)
        };
        let reason = reason.trim();
        let tier_changes = blank(&current.tier) != blank(&draft.tier);
        // A tier changed by hand needs 主管 or 管理员 (users.rs).
        if tier_changes {
            self.allow(crate::domain::Perm::Ratings)?;
        }
        if tier_changes && reason.is_empty() {
            // Tiers by the names people know (金牌), not their keys.
            let labels = self.tier_labels().unwrap_or_default();
            let name = |t: &Option<String>| match blank(t) {
                None => "无".to_owned(),
                Some(k) => labels
                    .iter()
                    .find(|l| l.key == k)
                    .map(|l| l.name.clone())
                    .unwrap_or(k),
            };
            let mut err = ApiError::coded(
                ErrorCode::Invalid,
                tierdesk_domain::Msg::new("customers.tier_reason_needed")
                    .with("name", &current.name)
                    .with("from", name(&current.tier))
                    .with("to", name(&draft.tier)),
            );
            err.problems.push(FieldProblem {
                field: "tier_reason".into(),
                message: "请填写调整等级的原因".into(),
                msg: None,
            });
            return Err(err);
        }
        // Without a name given, the person the API acts as (我的名字 in the app).
        let actor = self.actor().user;
        let who = match who.trim() {
            "" => actor.as_str(),
            w => w,
        };
        // Raising a tier by hand gives its reach bonus, as a rating does.
        let reach = self.active_scheme()?.reach_plan();
        Ok(self.store.update_customer_at(
            id,
            &draft,
            (
                who,
                tier_changes
                    .then(|| format!("手工调整：{reason}"))
                    .as_deref(),
            ),
            reach.as_ref().map(|p| (p, crate::today())),
            version,
        )?)
    }

    /// Moves customers to the recycle bin; nothing is lost by a misclick.
    pub fn delete_customers(&mut self, ids: &[i64]) -> Result<usize> {
        self.allow_customers(ids)?;
        Ok(self.store.delete_customers(ids)?)
    }

    pub fn restore_customers(&mut self, ids: &[i64]) -> Result<usize> {
        self.allow_customers(ids)?;
        Ok(self.store.restore_customers(ids)?)
    }

    pub fn empty_recycle_bin(&mut self) -> Result<usize> {
        self.allow(crate::domain::Perm::Erase)?;
        Ok(self.store.empty_recycle_bin()?)
    }
}
