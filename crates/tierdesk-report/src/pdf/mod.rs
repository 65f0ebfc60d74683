//! The report as an A4 PDF. The Chinese font travels inside the program (a
//! subset of Noto Sans CJK SC, see `fonts/`), so the PDF looks the same on
//! Linux, Windows and macOS; krilla embeds only the glyphs used. A character
//! outside the subset is drawn with a CJK font installed on the machine when
//! one is found.
//!
//! Layout: a running header and "第 n 页 / 共 N 页" on every page, tables that
//! never split a row and repeat their header on each new page, charts kept whole.

mod font;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Rect};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::Document;

use font::{draw_text, Metrics};

use crate::chart::{Anchor, Chart, Shape};
use crate::content::{blocks, title, Block, Table};
use crate::model::TierReport;
use crate::ReportError;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 40.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = PAGE_H - 52.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// The height of each further line of a wrapped table cell.
const LINE_H: f32 = 11.0;

/// Which table cells wrap onto more lines at the table's font size. No cell
/// is ever cut: a cell that does not wrap and is too wide is drawn smaller
/// (down to [`SMALLEST`]), and wraps when even that does not fit, so a
/// customer code (10-4020-0173), a name or a reason is always whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wrap {
    /// The report: the table's marked column (reasons).
    Marked,
    /// A statement: every text column.
    EveryText,
}

/// The most lines a cell takes, far beyond any real reason; only text longer
/// than a page would reach it.
const MOST_LINES: usize = 40;

/// The smallest size a too-wide cell is drawn at before it wraps instead.
const SMALLEST: f32 = 6.0;

/// Pages of shapes, laid out before drawing so the footer knows the page count.
struct Layout {
    pages: Vec<Vec<Shape>>,
    y: f32,
    m: Metrics,
    wrap: Wrap,
}

impl Layout {
    fn new(wrap: Wrap) -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: TOP,
            m: Metrics::default(),
            wrap,
        }
    }

    /// The lines of a wrapped cell `w` points wide (the last one cut only
    /// past [`MOST_LINES`]).
    fn cell_lines(&mut self, s: &str, size: f32, w: f32) -> Vec<String> {
        let mut lines = self.m.wrap(s, size, w);
        if lines.len() > MOST_LINES {
            let rest = lines[MOST_LINES - 1..].concat();
            lines.truncate(MOST_LINES - 1);
            lines.push(self.m.fit(&rest, size, w));
        }
        lines
    }

    /// A cell that does not wrap, whole: at `size` when it fits in `w`
    /// points, else at the size that makes it fit (not below [`SMALLEST`]),
    /// else wrapped at `size`. Returns the lines and the size to draw them at.
    fn whole_cell(&mut self, s: &str, size: f32, w: f32) -> (Vec<String>, f32) {
        let wide = self.m.width(s, size);
        if wide <= w {
            return (vec![s.to_owned()], size);
        }
        // 2% spare: the width is a sum of advances, rounding must not tip it over.
        let shrunk = size * w / wide * 0.98;
        if shrunk >= SMALLEST {
            return (vec![s.to_owned()], shrunk);
        }
        (self.cell_lines(s, size, w), size)
    }

    fn page(&mut self) -> &mut Vec<Shape> {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `h` points still fit on this one.
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, s: &str, size: f32, anchor: Anchor, color: &str) {
        self.page().push(Shape::Text {
            x,
            y,
            text: s.to_owned(),
            size,
            anchor,
            color: color.into(),
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str) {
        self.page().push(Shape::Rect {
            x,
            y,
            w,
            h,
            fill: fill.into(),
        });
    }

    fn hline(&mut self, x0: f32, x1: f32, y: f32, color: &str, width: f32) {
        self.page().push(Shape::Line {
            points: vec![(x0, y), (x1, y)],
            stroke: color.into(),
            width,
        });
    }

    fn heading(&mut self, s: &str) {
        // Keep a heading with at least a few lines of what follows.
        self.room(22.0 + 60.0);
        self.y += 10.0;
        self.text(MARGIN_X, self.y + 12.0, s, 12.5, Anchor::Start, "#1f1f1f");
        self.y += 20.0;
    }

    fn paragraph(&mut self, s: &str) {
        let size = 10.0;
        for line in self.m.wrap(s, size, CONTENT_W) {
            self.room(15.0);
            self.text(
                MARGIN_X,
                self.y + 11.0,
                &line,
                size,
                Anchor::Start,
                "#262626",
            );
            self.y += 15.0;
        }
        self.y += 4.0;
    }

    fn table(&mut self, t: &Table) {
        let size = 8.5;
        let row_h = 16.0;
        let widths: Vec<f32> = t.width_shares().iter().map(|w| w * CONTENT_W).collect();
        let numeric = t.numeric_columns();
        let header = |l: &mut Layout| {
            let y = l.y;
            l.rect(MARGIN_X, y, CONTENT_W, row_h, "#f0f5ff");
            let mut x = MARGIN_X;
            for (i, c) in t.columns.iter().enumerate() {
                let label = l.m.fit(&c.header, size, widths[i] - 8.0);
                if numeric[i] {
                    l.text(
                        x + widths[i] - 4.0,
                        y + 11.5,
                        &label,
                        size,
                        Anchor::End,
                        "#1f1f1f",
                    );
                } else {
                    l.text(x + 4.0, y + 11.5, &label, size, Anchor::Start, "#1f1f1f");
                }
                x += widths[i];
            }
            l.hline(MARGIN_X, MARGIN_X + CONTENT_W, y + row_h, "#adc6ff", 0.8);
            l.y += row_h;
        };
        self.room(row_h * 3.0);
        header(self);
        let rows: Vec<(&Vec<crate::content::Val>, Option<&String>, bool)> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r, t.swatches.get(i).and_then(|s| s.as_ref()), false))
            .chain(t.total.iter().map(|r| (r, None, true)))
            .collect();
        let wraps: Vec<bool> = (0..t.columns.len())
            .map(|i| match self.wrap {
                Wrap::Marked => t.wrap == Some(i),
                Wrap::EveryText => !numeric[i],
            })
            .collect();
        for (row, swatch, is_total) in rows {
            // Every cell whole: its lines and the size they are drawn at.
            let cells: Vec<(Vec<String>, f32)> = row
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let pad = if i == 0 && swatch.is_some() {
                        14.0
                    } else {
                        4.0
                    };
                    let w = widths.get(i).copied().unwrap_or(0.0) - pad - 4.0;
                    let text = v.display();
                    if wraps.get(i).copied().unwrap_or(false) {
                        (self.cell_lines(&text, size, w), size)
                    } else {
                        self.whole_cell(&text, size, w)
                    }
                })
                .collect();
            let most = cells.iter().map(|c| c.0.len()).max().unwrap_or(1);
            let h = row_h + LINE_H * most.saturating_sub(1) as f32;
            if self.y + h > BOTTOM {
                self.new_page();
                header(self);
            }
            let y = self.y;
            if is_total {
                self.rect(MARGIN_X, y, CONTENT_W, h, "#fafafa");
            }
            let mut x = MARGIN_X;
            for (i, (lines, cell_size)) in cells.iter().enumerate() {
                let w = widths.get(i).copied().unwrap_or(0.0);
                let mut pad = 4.0;
                if i == 0 {
                    if let Some(c) = swatch {
                        self.rect(x + 4.0, y + 4.5, 7.0, 7.0, c);
                        pad = 14.0;
                    }
                }
                let right = numeric.get(i).copied().unwrap_or(false);
                for (k, line) in lines.iter().enumerate() {
                    let ly = y + 11.5 + LINE_H * k as f32;
                    if right {
                        self.text(x + w - 4.0, ly, line, *cell_size, Anchor::End, "#262626");
                    } else {
                        self.text(x + pad, ly, line, *cell_size, Anchor::Start, "#262626");
                    }
                }
                x += w;
            }
            self.hline(MARGIN_X, MARGIN_X + CONTENT_W, y + h, "#f0f0f0", 0.6);
            self.y += h;
        }
        self.y += 8.0;
    }

    fn charts(&mut self, charts: &[Chart]) {
        let h = charts.iter().map(|c| c.height).fold(0.0, f32::max) + 18.0;
        self.room(h);
        let mut x = MARGIN_X;
        for c in charts {
            self.text(x, self.y + 11.0, &c.title, 10.0, Anchor::Start, "#1f1f1f");
            let top = self.y + 16.0;
            for s in &c.shapes {
                self.page().push(offset(s, x, top));
            }
            x += c.width + 16.0;
        }
        self.y += h + 6.0;
    }
}

fn offset(s: &Shape, dx: f32, dy: f32) -> Shape {
    match s {
        Shape::Rect { x, y, w, h, fill } => Shape::Rect {
            x: x + dx,
            y: y + dy,
            w: *w,
            h: *h,
            fill: fill.clone(),
        },
        Shape::Line {
            points,
            stroke,
            width,
        } => Shape::Line {
            points: points.iter().map(|(x, y)| (x + dx, y + dy)).collect(),
            stroke: stroke.clone(),
            width: *width,
        },
        Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            color,
        } => Shape::Text {
            x: x + dx,
            y: y + dy,
            text: text.clone(),
            size: *size,
            anchor: *anchor,
            color: color.clone(),
        },
    }
}

fn color(hex: &str) -> rgb::Color {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0)
    };
    if h.len() == 6 {
        rgb::Color::new(c(0), c(2), c(4))
    } else {
        rgb::Color::new(0, 0, 0)
    }
}

fn fill(hex: &str) -> Fill {
    Fill {
        paint: color(hex).into(),
        opacity: NormalizedF32::ONE,
        ..Default::default()
    }
}

/// The report as PDF bytes.
pub fn render_pdf(r: &TierReport) -> Result<Vec<u8>, ReportError> {
    let (title_text, sub) = title(r);
    let logo = r.logo.as_ref().and_then(|lg| {
        let data: krilla::Data = lg.bytes.clone().into();
        let image = if lg.jpeg {
            Image::from_jpeg(data, true)
        } else {
            Image::from_png(data, true)
        };
        image.ok()
    });
    let running = format!(
        "{title_text} · {}",
        if r.period_label.is_empty() {
            &r.as_of
        } else {
            &r.period_label
        }
    );
    let page = Page {
        title: &title_text,
        sub: &sub,
        running: &running,
        wrap: Wrap::Marked,
    };
    render_blocks(&page, blocks(r, CONTENT_W), logo.as_ref())
}

/// What a document says around its blocks.
pub(crate) struct Page<'a> {
    pub title: &'a str,
    /// The line under the title.
    pub sub: &'a str,
    /// The running header from the second page on.
    pub running: &'a str,
    pub wrap: Wrap,
}

/// A title, the line under it and `blocks`, on as many A4 pages as needed,
/// with the running header, the page numbers and a logo on the first page.
pub(crate) fn render_blocks(
    page: &Page,
    blocks: Vec<Block>,
    logo: Option<&Image>,
) -> Result<Vec<u8>, ReportError> {
    let l = lay_out(page, blocks);
    let total = l.pages.len();
    let mut m = l.m;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(page.title.to_owned())
            .creator("TierDesk 星级客户管理台".into())
            .language("zh-CN".into()),
    );
    for (i, mut shapes) in l.pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| ReportError::Pdf("页面尺寸无效".into()))?;
        let mut pdf_page = doc.start_page_with(settings);
        let mut surface = pdf_page.surface();
        shapes.extend(frame(i, total, page.running));
        for s in &shapes {
            draw(&mut surface, &mut m, s);
        }
        if let (0, Some(image)) = (i, logo) {
            draw_logo(&mut surface, image);
        }
        surface.finish();
        pdf_page.finish();
    }
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

/// The title, the line under it and every block, on as many pages as needed.
fn lay_out(page: &Page, blocks: Vec<Block>) -> Layout {
    let mut l = Layout::new(page.wrap);
    l.text(
        MARGIN_X,
        l.y + 20.0,
        page.title,
        20.0,
        Anchor::Start,
        "#1f1f1f",
    );
    l.y += 30.0;
    for line in l.m.wrap(page.sub, 9.0, CONTENT_W) {
        l.text(MARGIN_X, l.y + 10.0, &line, 9.0, Anchor::Start, "#595959");
        l.y += 13.0;
    }
    l.hline(MARGIN_X, MARGIN_X + CONTENT_W, l.y + 4.0, "#1677ff", 1.5);
    l.y += 10.0;
    for b in blocks {
        match b {
            Block::Heading(h) => l.heading(&h),
            Block::Paragraph(p) => l.paragraph(&p),
            Block::Table(t) => l.table(&t),
            Block::Charts(c) => l.charts(&c),
        }
    }
    l
}

/// The running header (from the second page on) and the page number.
fn frame(i: usize, total: usize, running: &str) -> Vec<Shape> {
    let mut out = Vec::new();
    if i > 0 {
        out.push(Shape::Text {
            x: MARGIN_X,
            y: 34.0,
            text: running.to_owned(),
            size: 8.0,
            anchor: Anchor::Start,
            color: "#8c8c8c".into(),
        });
        out.push(Shape::Line {
            points: vec![(MARGIN_X, 40.0), (PAGE_W - MARGIN_X, 40.0)],
            stroke: "#d9d9d9".into(),
            width: 0.6,
        });
    }
    out.push(Shape::Text {
        x: PAGE_W / 2.0,
        y: PAGE_H - 28.0,
        text: format!("第 {} 页 / 共 {} 页", i + 1, total),
        size: 8.0,
        anchor: Anchor::Middle,
        color: "#8c8c8c".into(),
    });
    out
}

fn draw(surface: &mut Surface<'_>, m: &mut Metrics, s: &Shape) {
    match s {
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill: f,
        } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) {
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                if let Some(path) = pb.finish() {
                    surface.set_fill(Some(fill(f)));
                    surface.set_stroke(None);
                    surface.draw_path(&path);
                }
            }
        }
        Shape::Line {
            points,
            stroke,
            width,
        } => {
            let mut pb = PathBuilder::new();
            for (k, (x, y)) in points.iter().enumerate() {
                if k == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(stroke).into(),
                    width: *width,
                    opacity: NormalizedF32::ONE,
                    ..Default::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            color: c,
        } => {
            let w = m.width(text, *size);
            let x0 = match anchor {
                Anchor::Start => *x,
                Anchor::Middle => x - w / 2.0,
                Anchor::End => x - w,
            };
            surface.set_fill(Some(fill(c)));
            draw_text(surface, m, x0, *y, text, *size);
        }
    }
}

/// The logo at the top right of the first page, 40 pt high at most.
fn draw_logo(surface: &mut Surface<'_>, image: &Image) {
    let (w, h) = image.size();
    let scale = (40.0 / h.max(1) as f32).min(150.0 / w.max(1) as f32);
    let (dw, dh) = (w as f32 * scale, h as f32 * scale);
    if let Some(size) = krilla::geom::Size::from_wh(dw, dh) {
        surface.push_transform(&krilla::geom::Transform::from_translate(
            PAGE_W - MARGIN_X - dw,
            TOP - 34.0,
        ));
        surface.draw_image(image.clone(), size);
        surface.pop();
    }
}
