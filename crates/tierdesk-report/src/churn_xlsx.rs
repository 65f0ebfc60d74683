//! The 流失与留存 section in the workbook: one sheet per table, written whole,
//! each with a native Excel chart over its own cells — lines for the rates
//! per period, stacked columns for tier counts per batch, bars for each
//! 客户经理's revenue and for the alerts' value at risk — and a heat colour
//! scale on the cohort shares. Headers are frozen and repeated in print.

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartSeries, ChartSolidFill, ChartType, ConditionalFormat3ColorScale,
    ConditionalFormatType, Workbook, XlsxError,
};

use crate::churn::{batch_columns, tier_color, ChurnFacts};
use crate::churn_chart::SERIES;
use crate::churn_content::{
    alert_table, batch_table, cohort_table, manager_note, manager_table, rates_table, Fit, ALERTS,
    BATCH_NOTE, COHORT_NOTE, NO_REFRESH,
};
use crate::content::Table;
use crate::model::TierReport;
use crate::xlsx::{list_sheet, Formats, LIST_HEADER};

/// The first data row of a list sheet.
const FIRST: u32 = LIST_HEADER + 1;
/// How many alerts the value-at-risk chart shows.
pub const ALERTS_CHARTED: u32 = 10;
/// The rate sheet's columns of 流失率, 留存率 and 复购率 (after 期间 and 等级 and
/// six counts: 活跃, 新, 回头, 流失, 期初在购, 期初在购中流失).
pub const RATE_COLUMNS: [u16; 3] = [8, 9, 10];

/// A chart beside a table of `columns` columns, at the table's header row.
fn place(
    ws: &mut rust_xlsxwriter::Worksheet,
    columns: usize,
    chart: &Chart,
) -> Result<(), XlsxError> {
    ws.insert_chart(LIST_HEADER, columns as u16 + 1, chart)?;
    Ok(())
}

/// A series over the `n` rows of a list sheet: its name the column's
/// header, its categories column `cat`, its values column `col`.
fn series<'a>(
    chart: &'a mut Chart,
    sheet: &str,
    cat: u16,
    col: u16,
    n: u32,
) -> &'a mut ChartSeries {
    let last = FIRST + n - 1;
    chart
        .add_series()
        .set_name((sheet, LIST_HEADER, col))
        .set_categories((sheet, FIRST, cat, last, cat))
        .set_values((sheet, FIRST, col, last, col))
}

fn fill(color: &str) -> ChartFormat {
    let mut format = ChartFormat::new();
    format.set_solid_fill(ChartSolidFill::new().set_color(color));
    format
}

/// Adds the section's five sheets.
pub(crate) fn add_sheets(
    wb: &mut Workbook,
    f: &Formats,
    r: &TierReport,
    c: &ChurnFacts,
    title: &str,
) -> Result<(), XlsxError> {
    let s = Sheets { f, r, c, title };
    s.rates(wb)?;
    s.cohorts(wb)?;
    s.batches(wb)?;
    s.managers(wb)?;
    s.alerts(wb)
}

/// What every sheet of the section is written from.
struct Sheets<'a> {
    f: &'a Formats,
    r: &'a TierReport,
    c: &'a ChurnFacts,
    /// The report's title, above each sheet's table and in its print header.
    title: &'a str,
}

impl Sheets<'_> {
    /// A list sheet with a chart of `kind` beside its table over its first
    /// `n` rows (no chart without rows); `add` gives the chart its series
    /// and axes, with the sheet's name.
    fn chart_sheet(
        &self,
        wb: &mut Workbook,
        (t, note): (&Table, &str),
        n: u32,
        (kind, name): (ChartType, &str),
        add: impl FnOnce(&mut Chart, &str),
    ) -> Result<(), XlsxError> {
        let ws = list_sheet(wb, self.f, t, self.title, note)?;
        if n == 0 {
            return Ok(());
        }
        let mut chart = Chart::new(kind);
        chart.title().set_name(name);
        add(&mut chart, &t.name);
        place(ws, t.columns.len(), &chart)
    }

    /// A list sheet with a bar chart of column `val` against column `cat`
    /// over the first `n` rows.
    fn bar_sheet(
        &self,
        wb: &mut Workbook,
        table: (&Table, &str),
        name: &str,
        (cat, val, n): (u16, u16, u32),
    ) -> Result<(), XlsxError> {
        self.chart_sheet(wb, table, n, (ChartType::Bar, name), |chart, sheet| {
            series(chart, sheet, cat, val, n).set_format(&mut fill("#1677ff"));
            // Bars read top down in the table's order.
            chart.x_axis().set_reverse();
            chart.legend().set_hidden();
        })
    }

    /// Rates per period and tier; a line per rate over the rows of all customers.
    fn rates(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let c = self.c;
        let t = rates_table(self.r, c, Fit::Whole);
        let note = format!(
            "截至 {}，按{}统计。{}",
            c.retention.as_of,
            c.unit(),
            c.definition
        );
        let n = c.totals().len() as u32;
        let name = format!("流失率、留存率与复购率（全部客户，按{}）", c.unit());
        self.chart_sheet(
            wb,
            (&t, &note),
            n,
            (ChartType::Line, &name),
            |chart, sheet| {
                for ((_, color, _), col) in SERIES.iter().zip(RATE_COLUMNS) {
                    series(chart, sheet, 0, col, n).set_format(
                        ChartFormat::new()
                            .set_line(rust_xlsxwriter::ChartLine::new().set_color(*color)),
                    );
                }
                chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
            },
        )
    }

    /// Cohort shares with a heat colour scale (red 0 % → yellow 25 % → green 50 % and above).
    fn cohorts(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let t = cohort_table(self.c, Fit::Whole);
        let note = format!("{COHORT_NOTE}颜色越绿留存越高。");
        let ws = list_sheet(wb, self.f, &t, self.title, &note)?;
        if !t.rows.is_empty() && t.columns.len() > 2 {
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_midpoint(ConditionalFormatType::Number, 0.25)
                .set_maximum(ConditionalFormatType::Number, 0.5)
                .set_minimum_color("#F8696B")
                .set_midpoint_color("#FFEB84")
                .set_maximum_color("#63BE7B");
            ws.add_conditional_format(
                FIRST,
                2,
                FIRST + t.rows.len() as u32 - 1,
                t.columns.len() as u16 - 1,
                &scale,
            )?;
        }
        Ok(())
    }

    /// Tier counts per batch as stacked columns in the tiers' colours.
    fn batches(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let (r, c) = (self.r, self.c);
        let t = batch_table(r, c, Fit::Whole);
        let n = t.rows.len() as u32;
        let kind = (ChartType::ColumnStacked, "历次评级各等级人数");
        self.chart_sheet(wb, (&t, BATCH_NOTE), n, kind, |chart, sheet| {
            for (i, key) in batch_columns(r, &c.movement.batches).iter().enumerate() {
                series(chart, sheet, 0, i as u16 + 1, n)
                    .set_format(&mut fill(&tier_color(r, key.as_deref())));
            }
        })
    }

    /// One bar per 客户经理: revenue (the total line is left out of the chart).
    fn managers(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let t = manager_table(self.c);
        let rows = (0, 2, t.rows.len() as u32);
        self.bar_sheet(wb, (&t, &manager_note(self.c)), "各客户经理收入", rows)
    }

    /// The open alerts; bars of value at risk for the first ones.
    fn alerts(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let Some(a) = &self.c.alerts else {
            let t = Table {
                name: ALERTS.into(),
                columns: vec![],
                rows: vec![],
                swatches: vec![],
                wrap: None,
                total: None,
            };
            list_sheet(wb, self.f, &t, self.title, NO_REFRESH)?;
            return Ok(());
        };
        let t = alert_table(self.r, a, Fit::Whole);
        let mut note = format!(
            "截至 {} 共 {} 条未处理预警（高 {} 条），按风险价值 = 年消费 × (1 − 仍活跃概率) 从高到低",
            a.refreshed_on, a.open, a.high
        );
        if (a.lines.len() as u64) < a.open {
            note.push_str(&format!("列出前 {} 条", a.lines.len()));
        }
        note.push('。');
        let n = (t.rows.len() as u32).min(ALERTS_CHARTED);
        self.bar_sheet(wb, (&t, &note), "风险价值最高的预警客户", (1, 7, n))
    }
}
