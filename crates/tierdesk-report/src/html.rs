//! The report as one self-contained HTML page: the app's print preview shows
//! it and prints it through the system dialog, and `tierdesk report OUT.html`
//! saves it. Charts are inline SVG; print CSS keeps rows whole, repeats table
//! headers on every page and sets A4 portrait.

use crate::chart::to_svg;
use crate::content::{blocks, title, Block, Table};
use crate::escape_html as esc;
use crate::model::TierReport;

const STYLE: &str = r#"
@page { size: A4 portrait; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #262626; font-size: 10.5pt; margin: 0; background: #fff; }
.page { max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
header.report { border-bottom: 2px solid #1677ff; padding-bottom: 6px; margin-bottom: 10px; }
header.report .logo { float: right; max-height: 44px; max-width: 160px; margin-left: 12px; }
header.report h1 { font-size: 18pt; margin: 0 0 4px; }
header.report .sub { color: #595959; font-size: 9pt; }
h2 { font-size: 12.5pt; margin: 16px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 4px 0 8px; line-height: 1.5; }
table { width: 100%; border-collapse: collapse; margin-bottom: 8px; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { background: #f0f5ff; text-align: left; font-weight: 600; }
th, td { border: 1px solid #d9d9d9; padding: 3px 6px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 600; background: #fafafa; }
.swatch { display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 5px; vertical-align: baseline; }
.charts { display: flex; gap: 16px; break-inside: avoid; page-break-inside: avoid; margin: 6px 0 10px; }
.chart h3 { font-size: 10pt; margin: 0 0 4px; font-weight: 600; }
.chart svg { max-width: 100%; height: auto; }
footer.report { color: #8c8c8c; font-size: 8pt; margin-top: 16px; border-top: 1px solid #f0f0f0; padding-top: 4px; }
@media screen { body { background: #f5f5f5; } .page { background: #fff; padding: 12mm 14mm; box-shadow: 0 1px 6px rgba(0,0,0,.12); margin: 12px auto; } }
"#;

fn table_html(t: &Table) -> String {
    let mut out = String::from("<table><thead><tr>");
    let numeric = t.numeric_columns();
    let shares = t.width_shares();
    for (i, c) in t.columns.iter().enumerate() {
        out.push_str(&format!(
            r#"<th{} style="width:{:.1}%">{}</th>"#,
            if numeric[i] { r#" class="num""# } else { "" },
            shares[i] * 100.0,
            esc(&c.header)
        ));
    }
    out.push_str("</tr></thead><tbody>");
    for (ri, row) in t.rows.iter().enumerate() {
        out.push_str("<tr>");
        for (i, v) in row.iter().enumerate() {
            let swatch = match (i, t.swatches.get(ri)) {
                (0, Some(Some(c))) => format!(
                    r#"<span class="swatch" style="background:{}"></span>"#,
                    esc(c)
                ),
                _ => String::new(),
            };
            out.push_str(&format!(
                "<td{}>{swatch}{}</td>",
                if numeric[i] { r#" class="num""# } else { "" },
                esc(&v.display())
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    if let Some(total) = &t.total {
        out.push_str("<tfoot><tr>");
        for (i, v) in total.iter().enumerate() {
            out.push_str(&format!(
                "<td{}>{}</td>",
                if numeric[i] { r#" class="num""# } else { "" },
                esc(&v.display())
            ));
        }
        out.push_str("</tr></tfoot>");
    }
    out.push_str("</table>");
    out
}

/// The whole report as an HTML document.
pub fn render_html(r: &TierReport) -> String {
    let (title, sub) = title(r);
    let logo = r
        .logo
        .as_ref()
        .map(|l| {
            use base64::Engine;
            format!(
                r#"<img class="logo" alt="" src="data:{};base64,{}">"#,
                l.mime(),
                base64::engine::general_purpose::STANDARD.encode(&l.bytes)
            )
        })
        .unwrap_or_default();
    document(&title, &sub, &logo, blocks(r, 515.0), &r.generated_on)
}

/// A self-contained A4 page: the title, the line under it, `blocks` and
/// a footer with the day it was made. `logo` is an `<img>` or empty.
pub(crate) fn document(
    title: &str,
    sub: &str,
    logo: &str,
    blocks: Vec<Block>,
    made_on: &str,
) -> String {
    let mut body = format!(
        r#"<header class="report">{logo}<h1>{}</h1><div class="sub">{}</div></header>"#,
        esc(title),
        esc(sub)
    );
    for b in blocks {
        match b {
            Block::Heading(h) => body.push_str(&format!("<h2>{}</h2>", esc(&h))),
            Block::Paragraph(p) => body.push_str(&format!("<p>{}</p>", esc(&p))),
            Block::Table(t) => body.push_str(&table_html(&t)),
            Block::Charts(charts) => {
                body.push_str(r#"<div class="charts">"#);
                for c in charts {
                    body.push_str(&format!(
                        r#"<figure class="chart" style="margin:0"><h3>{}</h3>{}</figure>"#,
                        esc(&c.title),
                        to_svg(&c)
                    ));
                }
                body.push_str("</div>");
            }
        }
    }
    body.push_str(&format!(
        r#"<footer class="report">TierDesk 星级客户管理台 · {}</footer>"#,
        esc(made_on)
    ));
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body><div class=\"page\">{body}</div></body></html>\n",
        esc(title)
    )
}
