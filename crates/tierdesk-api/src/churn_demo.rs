//! The churn benchmark's order lines: for every customer of the archive a
//! buying rhythm of its own (every 7 to 60 days, with some jitter), orders
//! of one to four lines around the customer's usual amount, and a quarter
//! of the customers who stopped buying some time before the as-of day — written through the store's bulk path
//! for order lines (`LineImport`), one import per 100,000 customers so each
//! import's order-day totals stay small.

use chrono::{Days, NaiveDate, NaiveTime};
use tierdesk_domain::{ImportKind, LineOwner, NewImport, TransactionDraft, TxKind};

use crate::{Api, Result};

/// Customers per import.
const PER_IMPORT: usize = 100_000;

impl Api {
    /// Adds about `lines` order lines over the archive's customers, up to
    /// `as_of` (see the module doc); `progress` gets the lines stored so
    /// far. Returns how many lines were stored.
    pub fn fill_churn_demo_lines(
        &mut self,
        lines: u64,
        as_of: NaiveDate,
        mut progress: impl FnMut(u64),
    ) -> Result<u64> {
        self.allow(crate::domain::Perm::Settings)?;
        let ids = self.store.churn_people()?.ids;
        if ids.is_empty() {
            return Ok(0);
        }
        let per_customer = (lines / ids.len() as u64).max(1);
        // A fixed seed: the same lines in every run.
        let mut noise = fastrand::Rng::with_seed(0x2545_F491_4F6C_DD1D);
        let mut stored = 0u64;
        let mut line = TransactionDraft {
            order_no: String::new(),
            customer_code: None,
            customer_name: None,
            occurred_at: as_of.and_time(NaiveTime::MIN),
            product: None,
            quantity: 1.0,
            unit_price: None,
            amount: 0.0,
            kind: TxKind::Purchase,
        };
        let mut order = 0u64;
        for chunk in ids.chunks(PER_IMPORT) {
            let new = NewImport {
                kind: ImportKind::Transactions,
                file: "churn-bench".into(),
                sheet: String::new(),
                mapping: "{}".into(),
                rows_read: 0,
                unchanged: 0,
                skipped: 0,
                rejected: 0,
                who: "bench".into(),
            };
            let mut import = self.store.begin_line_import(&new, &[])?;
            for &id in chunk {
                // This customer's lines: about the average, give or take half.
                let mine = per_customer / 2 + noise.u64(..=per_customer);
                let every = 7 + noise.u64(..54);
                let usual = 50 + noise.u64(..950);
                let stopped = if noise.u64(..4) == 0 {
                    60 + noise.u64(..340)
                } else {
                    noise.u64(..every)
                };
                let mut back = stopped;
                let mut left = mine;
                while left > 0 {
                    let lines_here = (1 + noise.u64(..4)).min(left);
                    let day = as_of - Days::new(back);
                    order += 1;
                    line.order_no = format!("B{order:09}");
                    line.occurred_at = day.and_time(
                        NaiveTime::from_hms_opt(9 + noise.u64(..10) as u32, 0, 0)
                            .unwrap_or(NaiveTime::MIN),
                    );
                    for _ in 0..lines_here {
                        line.amount = (usual * 4 / 5 + noise.u64(..=usual * 2 / 5)) as f64;
                        line.unit_price = Some(line.amount);
                        import.push(LineOwner::Existing(id), &line)?;
                    }
                    left -= lines_here;
                    back += (every / 2 + noise.u64(..=every)).max(1);
                }
                stored += mine;
            }
            import.finish(&new, &[], |_, _| None)?;
            progress(stored);
        }
        self.store.analyze()?;
        Ok(stored)
    }
}

impl Api {
    /// Order lines in the file (the benchmark's fill check).
    pub fn order_line_count(&self) -> Result<u64> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.transaction_count()?)
    }

    /// Reads every customer's purchase days up to `as_of` and does nothing
    /// with them: the benchmark's time of the refresh's read alone. Returns
    /// the customers and purchase days read.
    pub fn churn_scan_purchase_days(&self, as_of: NaiveDate) -> Result<(u64, u64)> {
        self.allow(crate::domain::Perm::View)?;
        let mut days = 0u64;
        let customers = self.store.for_each_purchase_days(as_of, |_, d| {
            days += d.len() as u64;
            Ok(())
        })?;
        Ok((customers, days))
    }
}
