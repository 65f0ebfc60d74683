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
        let mut c = tiers::calibration(&scheme, as_of, &input, &old)?;
        if let Some(s) = c.suggestion.as_mut() {
            s.toml = self.free_copy_key(&s.toml)?;
        }
        Ok(c)
    }

    /// The calibrated copy under a key no scheme has yet: `<key>_calibrated`,
    /// else `_calibrated_2`, `_3` … (its name numbered alike), so saving a
    /// second calibration never writes over the first copy or the edits
    /// made to it since; the save itself refuses a key taken meanwhile.
    fn free_copy_key(&self, toml_text: &str) -> Result<String> {
        let mut copy = tierdesk_tiers::Scheme::from_toml(toml_text)?;
        let taken: Vec<String> = self.store.schemes()?.into_iter().map(|s| s.key).collect();
        if !taken.contains(&copy.key) {
            return Ok(toml_text.to_owned());
        }
        let (key, name) = (copy.key.clone(), copy.name.clone());
        let n = (2..)
            .find(|n| !taken.contains(&format!("{key}_{n}")))
            .unwrap_or(2);
        copy.key = format!("{key}_{n}");
        copy.name = match name.strip_suffix('）') {
            Some(head) => format!("{head} {n}）"),
            None => format!("{name} {n}"),
        };
        Ok(copy.to_toml())
    }

    /// Sets the tier a customer's old sheet gave it, for customers entered
    /// by hand or corrected later (imports set it themselves).
    pub fn set_imported_tier(&self, customer_id: i64, tier: Option<&str>) -> Result<()> {
        self.allow(crate::domain::Perm::Ratings)?;
        self.customer(customer_id)?;
        Ok(self.store.set_imported_tier(customer_id, tier)?)
    }
}
