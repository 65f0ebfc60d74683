//! The tier report for management meetings and the dashboard's figures.
//!
//! The API reads the database and hands the facts over; [`build_report`]
//! computes a [`TierReport`] from them ([`figures`], no IO, no clock), and
//! this crate renders it as HTML (print preview and `.html`), as an A4 PDF
//! with an embedded Chinese font, and as an `.xlsx` workbook with native
//! Excel charts. All three draw from the same content blocks ([`content`])
//! and charts ([`chart`]), so they say the same thing in the same tier
//! colours. A customer's benefit statement ([`statement`]) is rendered here
//! too. Every text put into HTML or SVG goes through [`escape_html`].

pub mod chart;
pub mod churn;
pub mod churn_chart;
pub mod churn_content;
mod churn_xlsx;
pub mod content;
pub mod figures;
mod html;
pub mod model;
mod pdf;
pub mod points_figures;
pub mod points_statement;
pub mod service;
pub mod statement;
mod xlsx;

pub use churn::{add_churn, AlertFacts, AlertLine, ChurnFacts};
pub use figures::{
    build_report, build_report_from, BatchFacts, BenefitOffer, BenefitUses, ReportFacts, Tally,
};
pub use html::render_html;
pub use model::*;
pub use pdf::render_pdf;
pub use points_figures::{add_points, PointsFacts, PointsHoldingFacts, PointsMonthFacts};
pub use points_statement::{
    points_statement_html, points_statement_pdf, PointsStatement, StatementHolder, StatementLine,
};
pub use service::{ServiceFacts, ServiceLine};
pub use statement::{benefit_statement_html, BenefitStatus, CustomerBenefits};
pub use tierdesk_domain::TierMove;
pub use xlsx::render_xlsx;

/// Text for HTML and SVG, in element content and quoted attributes alike:
/// `& < > " '` become entities. The one escaper of the report, the charts
/// and the benefit statement, so nothing is escaped twice or forgotten.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
    #[error("写入 Excel 报告失败：{0}")]
    Xlsx(String),
}
