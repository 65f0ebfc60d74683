//! The 积分对账单: a customer's points in a period (this calendar year up to
//! today unless asked otherwise), shown for printing or saved as PDF/HTML.
//! The figures come from the report crate ([`PointsStatement::build`]) over
//! the customer's ledger; printing and saving each leave an audit entry
//! naming the customer, and the statement shows the phone masked.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use tierdesk_domain::Msg;
use tierdesk_report::{PointsStatement, StatementHolder};

use crate::points::EXPIRING_DAYS;
use crate::{Api, ApiError, ErrorCode, Result};

/// The period a statement covers: `from`–`to` as given; without `to`, up
/// to `today`; without `from`, from 1 January of `to`'s year.
pub fn statement_period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate)> {
    let to = to.unwrap_or(today);
    let from = match from {
        Some(d) => d,
        None => NaiveDate::from_ymd_opt(to.year(), 1, 1)
            .ok_or_else(|| ApiError::invalid(format!("对账结束日期 {to} 无效")))?,
    };
    if from > to {
        return Err(ApiError::coded(
            ErrorCode::Invalid,
            Msg::new("points.statement_period")
                .with("from", from)
                .with("to", to),
        ));
    }
    Ok((from, to))
}

impl Api {
    /// A customer's statement for `from`–`to` (see [`statement_period`]);
    /// the points about to expire are those of the next
    /// [`EXPIRING_DAYS`] days from `today`.
    pub fn points_statement(
        &self,
        customer_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<PointsStatement> {
        self.allow(crate::domain::Perm::View)?;
        let (from, to) = statement_period(from, to, today)?;
        let c = self.customer(customer_id)?;
        let scheme = self.active_scheme()?;
        let expiring_by = today + chrono::Days::new(EXPIRING_DAYS);
        let holder = StatementHolder {
            customer_id: c.id,
            code: c.code.clone(),
            name: c.name.clone(),
            tier: c
                .tier
                .as_deref()
                .and_then(|t| scheme.tier(t))
                .map(|t| t.label()),
            phone: c.phone.clone(),
            printed_on: today,
            expiring: self.store.points_expiring(c.id, expiring_by)?,
            expiring_by,
            value_per_point: scheme.points.value_per_point,
        };
        let ledger = self.store.points_ledger(c.id)?;
        Ok(PointsStatement::build(holder, &ledger, from, to))
    }

    /// The statement as an A4 HTML page for the print preview.
    pub fn points_statement_html(
        &self,
        customer_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<String> {
        self.allow(crate::domain::Perm::View)?;
        let s = self.points_statement(customer_id, from, to, today)?;
        self.log_statement(&s, None)?;
        Ok(tierdesk_report::points_statement_html(&s))
    }

    /// Writes the statement to `out` as .pdf or .html, by its extension;
    /// the file appears whole or not at all.
    pub fn save_points_statement(
        &self,
        customer_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        out: &Path,
        today: NaiveDate,
    ) -> Result<PointsStatement> {
        self.allow(crate::domain::Perm::View)?;
        let ext = out
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let s = self.points_statement(customer_id, from, to, today)?;
        let bytes = match ext.as_str() {
            "pdf" => tierdesk_report::points_statement_pdf(&s)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?,
            "html" | "htm" => tierdesk_report::points_statement_html(&s).into_bytes(),
            _ => {
                return Err(ApiError::coded(
                    ErrorCode::Invalid,
                    Msg::new("points.statement_format").with("path", out.display()),
                ))
            }
        };
        crate::save_file(out, &bytes)?;
        self.log_statement(&s, Some(out))?;
        Ok(s)
    }

    fn log_statement(&self, s: &PointsStatement, file: Option<&Path>) -> Result<()> {
        self.log_output(crate::audit::Output {
            action: if file.is_some() {
                "points.statement_export"
            } else {
                "points.statement"
            },
            kind: if file.is_some() { "file" } else { "print" },
            what: format!("积分对账单（{} 至 {}）", s.from, s.to),
            people: 1,
            // The statement shows the phone masked (138****5678).
            masked: true,
            file,
            customer: Some(s.customer_id),
        })
    }
}
