//! What the report's 积分 section reads: the ledger's sums per tier and
//! month up to the report's date and what each tier's customers hold, with
//! the report's scheme's value per point for the liability.

use chrono::NaiveDate;
use tierdesk_report::{PointsFacts, PointsHoldingFacts, PointsMonthFacts};

use crate::points::EXPIRING_DAYS;
use crate::{Api, Result};

impl Api {
    /// The section's facts as of `as_of`; points expiring within
    /// [`EXPIRING_DAYS`] of it.
    pub(crate) fn points_report(
        &self,
        as_of: NaiveDate,
        scheme: Option<&str>,
    ) -> Result<PointsFacts> {
        let value_per_point = self.report_scheme(scheme)?.points.value_per_point;
        let expiring_by = as_of + chrono::Days::new(EXPIRING_DAYS);
        let sums = self.store.points_sums(as_of, expiring_by)?;
        Ok(PointsFacts {
            months: sums
                .months
                .into_iter()
                .map(|m| PointsMonthFacts {
                    tier: m.tier.unwrap_or_default(),
                    month: m.month,
                    issued: m.issued,
                    redeemed: m.redeemed,
                    expired: m.expired,
                    adjusted: m.adjusted,
                })
                .collect(),
            holdings: sums
                .holdings
                .into_iter()
                .map(|h| PointsHoldingFacts {
                    tier: h.tier.unwrap_or_default(),
                    customers: h.customers,
                    balance: h.balance,
                    expiring: h.expiring,
                })
                .collect(),
            value_per_point,
            as_of,
            expiring_by,
        })
    }
}
