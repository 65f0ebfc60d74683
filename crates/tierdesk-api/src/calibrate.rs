//! Calibration: how well a scheme agrees with the tiers customers had in the
//! old sheet they came from, and for a single-figure thresholds scheme the
//! cut points that would agree best. The comparison itself is the tier
//! engine's ([`tierdesk_tiers::calibration`]); this reads what it needs.

use chrono::NaiveDate;
use tierdesk_tiers as tiers;
pub use tierdesk_tiers::{Calibration, CutSuggestion, Disagreement, SuggestedCut, UnmappedTier};

use crate::{Api, Result};

impl Api {
    /// Compares a scheme's tiers (as rated on `as_of`, before protection
    /// rules) with the tier each customer's old sheet gave it.
    pub fn calibrate(&self, scheme_key: &str, as_of: NaiveDate) -> Result<Calibration> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = self.scheme(scheme_key)?;
        let period = tiers::period_of(as_of, scheme.cycle);
        let input = self.population(&scheme, as_of, &period)?;
        let old = self.store.imported_tiers()?;
        Ok(tiers::calibration(&scheme, as_of, &input, &old)?)
    }

    /// Sets the tier a customer's old sheet gave it, for customers entered
    /// by hand or corrected later (imports set it themselves).
    pub fn set_imported_tier(&self, customer_id: i64, tier: Option<&str>) -> Result<()> {
        self.allow(crate::domain::Perm::Ratings)?;
        self.customer(customer_id)?;
        Ok(self.store.set_imported_tier(customer_id, tier)?)
    }
}
