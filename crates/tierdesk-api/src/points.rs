//! Points (积分): a customer's balance, ledger and points about to expire;
//! adding or taking points by hand, redeeming from the catalogue, undoing a
//! row, expiring as of a day; the catalogue. Order imports earn through
//! [`Api::points_plan`] (the active scheme's rules, when its points are on).
//!
//! Every use case takes the day it runs as a parameter: the shells read the
//! clock (`crate::today`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::points::{CatalogueItem, EarnPlan, Expiry, ItemKind, PointsEntry};
use ts_rs::TS;

use crate::{Api, ApiError, Result};

/// Days ahead that 即将过期 looks.
pub const EXPIRING_DAYS: u64 = 90;

/// A customer's points: the balance, what runs out within
/// [`EXPIRING_DAYS`] unless used first, and the ledger, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PointsAccount {
    pub customer_id: i64,
    pub balance: i64,
    pub expiring: i64,
    pub expiring_by: NaiveDate,
    /// The balance × the scheme's value per point, in ¥.
    pub value: f64,
    /// Whether the active scheme earns points from orders.
    pub earning_on: bool,
    pub entries: Vec<PointsEntry>,
}

/// What an expiry run did.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
pub struct PointsExpired {
    pub as_of: NaiveDate,
    pub customers: usize,
    pub points: i64,
}

impl Api {
    /// What an order import earns at: the active scheme's rules, or `None`
    /// while its points are off.
    pub(crate) fn points_plan(&self) -> Result<Option<EarnPlan>> {
        Ok(self.active_scheme()?.earn_plan())
    }

    /// A customer's points as of `today`.
    pub fn points_account(&self, customer_id: i64, today: NaiveDate) -> Result<PointsAccount> {
        self.allow(crate::domain::Perm::View)?;
        self.customer(customer_id)?;
        let scheme = self.active_scheme()?;
        let by = today + chrono::Days::new(EXPIRING_DAYS);
        let balance = self.store.points_balance(customer_id)?;
        Ok(PointsAccount {
            customer_id,
            balance,
            expiring: self.store.points_expiring(customer_id, by)?,
            expiring_by: by,
            value: balance as f64 * scheme.points.value_per_point,
            earning_on: scheme.points.enabled,
            entries: self.store.points_ledger(customer_id)?,
        })
    }

    /// A customer's balance alone (the list and the drawer show it).
    pub fn points_balance(&self, customer_id: i64) -> Result<i64> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.points_balance(customer_id)?)
    }

    /// Adds (positive) or takes (negative) points by hand with a reason, on
    /// `today`; added points run out by the active scheme's expiry rule.
    pub fn points_adjust(
        &mut self,
        customer_id: i64,
        points: i64,
        reason: &str,
        today: NaiveDate,
    ) -> Result<PointsEntry> {
        self.allow_customer(customer_id)?;
        let expiry = self.active_scheme()?.points.expiry;
        let expires_on = match expiry {
            Expiry::Never => None,
            rule => rule.expires_on(today),
        };
        Ok(self
            .store
            .points_adjust(customer_id, points, reason, today, expires_on)?)
    }

    /// Redeems `qty` of a catalogue item, named by its name or `#id`.
    pub fn points_redeem(
        &mut self,
        customer_id: i64,
        item: &str,
        qty: i64,
        today: NaiveDate,
    ) -> Result<PointsEntry> {
        self.allow_customer(customer_id)?;
        let item = self.points_item(item)?;
        Ok(self.store.points_redeem(customer_id, item.id, qty, today)?)
    }

    /// Undoes a redemption or a hand adjustment, with a reason.
    pub fn points_undo(
        &mut self,
        entry_id: i64,
        reason: &str,
        today: NaiveDate,
    ) -> Result<PointsEntry> {
        self.allow_record(crate::users::Owned::PointsEntry, entry_id)?;
        Ok(self.store.points_undo(entry_id, reason, today)?)
    }

    /// Expires what has run out by the end of `as_of` (idempotent). It
    /// touches every customer's points, so a 业务员 (his own customers only)
    /// may not run it: on a team database it needs `EditAll`.
    pub fn points_expire(&mut self, as_of: NaiveDate) -> Result<PointsExpired> {
        self.allow(crate::domain::Perm::EditAll)?;
        let run = self.store.points_expire(as_of)?;
        Ok(PointsExpired {
            as_of,
            customers: run.customers,
            points: run.points,
        })
    }

    /// The catalogue, active items first.
    pub fn points_catalogue(&self) -> Result<Vec<CatalogueItem>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.points_catalogue()?)
    }

    /// Adds an item to the catalogue.
    pub fn points_catalogue_add(
        &mut self,
        name: &str,
        kind: ItemKind,
        price: i64,
        stock: Option<i64>,
    ) -> Result<CatalogueItem> {
        self.allow(crate::domain::Perm::Settings)?;
        Ok(self.store.points_catalogue_add(name, kind, price, stock)?)
    }

    /// The person's copy's 积分明细: every ledger row, oldest first, with
    /// the reasons people typed.
    pub(crate) fn points_section(&self, customer_id: i64) -> Result<crate::PersonSection> {
        let rows = self
            .store
            .points_ledger(customer_id)?
            .into_iter()
            .map(|e| {
                vec![
                    e.id.to_string(),
                    e.on_day.to_string(),
                    e.kind.label().to_owned(),
                    e.points.to_string(),
                    e.balance_after.to_string(),
                    e.source.label().to_owned(),
                    e.order_no.unwrap_or_default(),
                    e.reason,
                    e.who,
                    e.expires_on.map(|d| d.to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        let headers = [
            "编号",
            "日期",
            "类型",
            "积分",
            "余额",
            "来源",
            "订单号",
            "原因",
            "操作人",
            "到期日",
        ];
        Ok(crate::PersonSection {
            title: "积分明细".into(),
            headers: headers.map(String::from).to_vec(),
            rows,
        })
    }

    /// A catalogue item by its name or `#id` / id.
    fn points_item(&self, key: &str) -> Result<CatalogueItem> {
        let key = key.trim();
        let items = self.store.points_catalogue()?;
        let id = key.trim_start_matches('#').parse::<i64>().ok();
        items
            .into_iter()
            .find(|i| i.name == key || Some(i.id) == id)
            .ok_or_else(|| ApiError::invalid(format!("兑换目录里没有「{key}」")))
    }
}
