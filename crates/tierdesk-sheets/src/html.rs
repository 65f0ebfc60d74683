//! HTML tables saved with an Excel name ("Excel HTML" from WPS and old Excel).

use scraper::{ElementRef, Html, Selector};
use tierdesk_domain::Cell;

/// The rows of the largest `<table>` in the page, `colspan`/`rowspan` cells
/// repeated so columns line up as they do on screen.
pub fn table_rows(page: &str) -> Option<Vec<Vec<Cell>>> {
    let doc = Html::parse_document(page);
    let table_sel = Selector::parse("table").ok()?;
    let row_sel = Selector::parse("tr").ok()?;
    let table = doc
        .select(&table_sel)
        .max_by_key(|t| t.select(&row_sel).count())?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    // Cells still covered by a rowspan from above: (column, rows left, text).
    let mut pending: Vec<(usize, usize, String)> = Vec::new();
    for tr in table.select(&row_sel) {
        let mut row: Vec<Cell> = Vec::new();
        let mut col = 0;
        let place_pending =
            |row: &mut Vec<Cell>, col: &mut usize, pending: &mut Vec<(usize, usize, String)>| {
                while let Some(p) = pending.iter_mut().find(|p| p.0 == *col && p.1 > 0) {
                    p.1 -= 1;
                    row.push(text_cell(&p.2));
                    *col += 1;
                }
            };
        for td in tr.children().filter_map(ElementRef::wrap) {
            let name = td.value().name();
            if name != "td" && name != "th" {
                continue;
            }
            place_pending(&mut row, &mut col, &mut pending);
            let text: String = td.text().collect::<String>();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let span = |a: &str| {
                td.value()
                    .attr(a)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 256)
            };
            let (cs, rs) = (span("colspan"), span("rowspan"));
            for k in 0..cs {
                row.push(if k == 0 {
                    text_cell(&text)
                } else {
                    Cell::Empty
                });
                if rs > 1 {
                    pending.push((col, rs - 1, String::new()));
                }
                col += 1;
            }
        }
        place_pending(&mut row, &mut col, &mut pending);
        pending.retain(|p| p.1 > 0);
        rows.push(row);
    }
    Some(rows)
}

fn text_cell(s: &str) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}
