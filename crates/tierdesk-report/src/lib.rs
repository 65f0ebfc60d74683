//! The tier report for management meetings and the dashboard's figures.
//!
//! The API computes a [`TierReport`] from the database; this crate renders it
//! as HTML (print preview and `.html`), as an A4 PDF with an embedded Chinese
//! font, and as an `.xlsx` workbook with native Excel charts. All three draw
//! from the same content blocks ([`content`]) and charts ([`chart`]), so they
//! say the same thing in the same tier colours.

pub mod chart;
pub mod content;
mod html;
pub mod model;
mod pdf;
mod xlsx;

pub use html::render_html;
pub use model::*;
pub use pdf::render_pdf;
pub use xlsx::render_xlsx;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReportError {
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
    #[error("写入 Excel 报告失败：{0}")]
    Xlsx(String),
}
