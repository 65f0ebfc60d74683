//! The report as a workbook: the same tables with real numbers and formats,
//! native Excel charts in the tier colours, and print set-up (A4 portrait,
//! fit to width, header rows repeated, page numbers).

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use crate::content::{self, Table, Val};
use crate::model::TierReport;
use crate::ReportError;

pub(crate) struct Formats {
    title: Format,
    sub: Format,
    header: Format,
    text: Format,
    money: Format,
    count: Format,
    share: Format,
    score: Format,
    change: Format,
    total_text: Format,
    total_money: Format,
    total_count: Format,
    total_share: Format,
    total_score: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color("#D9D9D9");
        let total = cell.clone().set_bold().set_background_color("#FAFAFA");
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            sub: Format::new().set_font_color("#595959"),
            header: Format::new()
                .set_bold()
                .set_background_color("#F0F5FF")
                .set_border(FormatBorder::Thin)
                .set_border_color("#ADC6FF")
                .set_align(FormatAlign::Center),
            text: cell.clone(),
            money: cell.clone().set_num_format("¥#,##0"),
            count: cell.clone().set_num_format("#,##0"),
            share: cell.clone().set_num_format("0.0%"),
            score: cell.clone().set_num_format("0.0"),
            change: cell.clone().set_num_format("+#,##0;-#,##0;0"),
            total_text: total.clone(),
            total_money: total.clone().set_num_format("¥#,##0"),
            total_count: total.clone().set_num_format("#,##0"),
            total_score: total.clone().set_num_format("0.0"),
            total_share: total.set_num_format("0.0%"),
        }
    }
}

pub(crate) fn print_setup(
    ws: &mut Worksheet,
    header_row: u32,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    ws.set_header(format!("&L{}", title.replace('&', "&&")));
    ws.set_footer("&C第 &P 页 / 共 &N 页");
    Ok(())
}

/// Writes `t` with its header at `row`; returns the row after it.
pub(crate) fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    t: &Table,
    row: u32,
) -> Result<u32, XlsxError> {
    for (i, c) in t.columns.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, &c.header, &f.header)?;
        ws.set_column_width(i as u16, (c.width * 10.0).max(8.0) as f64)?;
    }
    let mut r = row + 1;
    let put = |ws: &mut Worksheet, r: u32, vals: &[Val], total: bool| -> Result<(), XlsxError> {
        for (i, v) in vals.iter().enumerate() {
            let c = i as u16;
            match v {
                Val::Text(s) => ws.write_string_with_format(
                    r,
                    c,
                    s,
                    if total { &f.total_text } else { &f.text },
                )?,
                Val::Money(x) => ws.write_number_with_format(
                    r,
                    c,
                    *x,
                    if total { &f.total_money } else { &f.money },
                )?,
                Val::Count(n) => ws.write_number_with_format(
                    r,
                    c,
                    *n as f64,
                    if total { &f.total_count } else { &f.count },
                )?,
                Val::Share(x) => ws.write_number_with_format(
                    r,
                    c,
                    *x,
                    if total { &f.total_share } else { &f.share },
                )?,
                Val::Score(x) => ws.write_number_with_format(
                    r,
                    c,
                    *x,
                    if total { &f.total_score } else { &f.score },
                )?,
                Val::Points(n) => ws.write_number_with_format(
                    r,
                    c,
                    *n as f64,
                    if total { &f.total_count } else { &f.count },
                )?,
                Val::Change(n) => ws.write_number_with_format(r, c, *n as f64, &f.change)?,
                Val::Empty => ws.write_blank(r, c, if total { &f.total_text } else { &f.text })?,
            };
        }
        Ok(())
    };
    for vals in &t.rows {
        put(ws, r, vals, false)?;
        r += 1;
    }
    if let Some(total) = &t.total {
        put(ws, r, total, true)?;
        r += 1;
    }
    Ok(r)
}

/// The row of a list sheet's table header; its rows follow.
pub(crate) const LIST_HEADER: u32 = 3;

/// A sheet holding one table: the report title and a note above it, the
/// header frozen and repeated on each printed page.
pub(crate) fn list_sheet<'a>(
    wb: &'a mut Workbook,
    f: &Formats,
    t: &Table,
    title: &str,
    note: &str,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(&t.name)?;
    ws.write_string_with_format(0, 0, format!("{} — {}", title, t.name), &f.title)?;
    ws.write_string_with_format(1, 0, note, &f.sub)?;
    write_table(ws, f, t, LIST_HEADER)?;
    ws.set_freeze_panes(LIST_HEADER + 1, 0)?;
    print_setup(ws, LIST_HEADER, title)?;
    Ok(ws)
}

fn tier_points(r: &TierReport) -> Vec<ChartPoint> {
    r.tiers
        .iter()
        .map(|t| {
            ChartPoint::new().set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(t.color.as_str())),
            )
        })
        .collect()
}

fn build(r: &TierReport) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let (title, sub) = content::title(r);

    // Overview: title, headline, the tier table and the charts.
    let sheet = "等级报告";
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    ws.write_string_with_format(0, 0, &title, &f.title)?;
    ws.write_string_with_format(1, 0, &sub, &f.sub)?;
    ws.write_string(2, 0, content::headline(r))?;
    if let Some(logo) = &r.logo {
        let image =
            rust_xlsxwriter::Image::new_from_buffer(&logo.bytes)?.set_scale_to_size(160, 44, true);
        ws.insert_image(0, 5, &image)?;
    }
    let table = content::tier_table(r);
    let header_row = 4;
    let end = write_table(ws, &f, &table, header_row)?;
    print_setup(ws, header_row, &title)?;
    let first = header_row + 1;
    let last = header_row + r.tiers.len().max(1) as u32;

    let mut customers = Chart::new(ChartType::Pie);
    customers.title().set_name("客户等级分布");
    customers
        .add_series()
        .set_name("客户数")
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, 1, last, 1))
        .set_points(&tier_points(r));
    ws.insert_chart(end + 1, 0, &customers)?;

    let mut revenue = Chart::new(ChartType::Column);
    revenue.title().set_name("各等级收入贡献");
    revenue
        .add_series()
        .set_name("收入")
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, 3, last, 3))
        .set_points(&tier_points(r));
    revenue.legend().set_hidden();
    ws.insert_chart(end + 1, 4, &revenue)?;

    // The Pareto curve's points go on their own sheet.
    let data = "帕累托数据";
    let pw = wb.add_worksheet();
    pw.set_name(data)?;
    pw.write_string_with_format(0, 0, "客户占比", &f.header)?;
    pw.write_string_with_format(0, 1, "累计收入占比", &f.header)?;
    pw.set_column_width(0, 12)?;
    pw.set_column_width(1, 14)?;
    for (i, p) in r.pareto.iter().enumerate() {
        pw.write_number_with_format(i as u32 + 1, 0, p.customers, &f.share)?;
        pw.write_number_with_format(i as u32 + 1, 1, p.revenue, &f.share)?;
    }
    print_setup(pw, 0, &title)?;
    if !r.pareto.is_empty() {
        let n = r.pareto.len() as u32;
        let mut pareto = Chart::new(ChartType::Line);
        pareto.title().set_name("帕累托曲线（累计收入占比）");
        pareto
            .add_series()
            .set_name("累计收入占比")
            .set_categories((data, 1, 0, n, 0))
            .set_values((data, 1, 1, n, 1));
        pareto.legend().set_hidden();
        let ws = wb.worksheet_from_name(sheet)?;
        ws.insert_chart(end + 17, 0, &pareto)?;
    }

    // One sheet per list.
    let mut lists: Vec<(Table, &str)> = Vec::new();
    if let Some(t) = content::movement_table(r) {
        lists.push((t, "行为原等级，列为新等级"));
    }
    let movers = content::blocks(r, 500.0);
    for b in movers {
        if let content::Block::Table(t) = b {
            if t.name != "等级概览"
                && t.name != "等级变动"
                && !crate::churn_content::PAGE_TABLES.contains(&t.name.as_str())
                && ![crate::points_figures::TIERS, crate::points_figures::PERIODS]
                    .contains(&t.name.as_str())
            {
                lists.push((t, ""));
            }
        }
    }
    for (t, note) in lists {
        list_sheet(
            &mut wb,
            &f,
            &t,
            &title,
            if note.is_empty() { sub.as_str() } else { note },
        )?;
    }
    if let Some(c) = &r.churn {
        crate::churn_xlsx::add_sheets(&mut wb, &f, r, c, &title)?;
    }
    if let Some(p) = &r.points {
        crate::points_figures::add_sheet(&mut wb, &f, p, &title)?;
    }
    wb.save_to_buffer()
}

/// The report workbook's bytes. Like the PDF, it is built in memory (a
/// report is small) and the caller writes it, so that every output file goes
/// through the same all-or-nothing writer.
pub fn render_xlsx(r: &TierReport) -> Result<Vec<u8>, ReportError> {
    build(r).map_err(|e| ReportError::Xlsx(e.to_string()))
}
