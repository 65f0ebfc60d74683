//! The 积分 column of the customer list and the drawer's points cells: the
//! balance and 即将过期 of one page of customers in one call, and whether
//! the column shows at all (the scheme's points on, or any ledger row).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::points::EXPIRING_DAYS;
use crate::{Api, Result};

/// Most customers one call answers for (a list page is at most 200).
pub const POINTS_PAGE_MAX: usize = 500;

/// One customer's balance and what runs out within [`EXPIRING_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PointsBrief {
    pub customer_id: i64,
    pub balance: i64,
    pub expiring: i64,
}

/// The points of a page of customers, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PointsPage {
    /// Whether the list shows a 积分 column: the active scheme earns
    /// points, or the ledger has any row.
    pub shown: bool,
    pub expiring_by: NaiveDate,
    pub rows: Vec<PointsBrief>,
}

impl Api {
    /// The balances and expiring points of `ids` (one list page) as of
    /// `today`; refused beyond [`POINTS_PAGE_MAX`] ids.
    pub fn points_page(&self, ids: &[i64], today: NaiveDate) -> Result<PointsPage> {
        self.allow(crate::domain::Perm::View)?;
        if ids.len() > POINTS_PAGE_MAX {
            return Err(crate::ApiError::invalid(format!(
                "一次最多查询 {POINTS_PAGE_MAX} 位客户的积分，当前 {} 位",
                tierdesk_domain::text::thousands(ids.len() as u64)
            )));
        }
        let shown = self.active_scheme()?.points.enabled || self.store.points_ledger_used()?;
        let by = today + chrono::Days::new(EXPIRING_DAYS);
        let rows = if shown {
            ids.iter()
                .map(|&id| {
                    Ok(PointsBrief {
                        customer_id: id,
                        balance: self.store.points_balance(id)?,
                        expiring: self.store.points_expiring(id, by)?,
                    })
                })
                .collect::<Result<_>>()?
        } else {
            Vec::new()
        };
        Ok(PointsPage {
            shown,
            expiring_by: by,
            rows,
        })
    }
}
