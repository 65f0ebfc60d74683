//! The report as an A4 PDF. The Chinese font travels inside the program (a
//! subset of Noto Sans CJK SC, see `fonts/`), so the PDF looks the same on
//! Linux, Windows and macOS; krilla embeds only the glyphs used. A character
//! outside the subset is drawn with a CJK font installed on the machine when
//! one is found.
//!
//! Layout: a running header and "第 n 页 / 共 N 页" on every page, tables that
//! never split a row and repeat their header on each new page, charts kept whole.

use std::collections::HashMap;
use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::chart::{Anchor, Chart, Shape};
use crate::content::{blocks, title, Block, Table};
use crate::model::TierReport;
use crate::ReportError;

static BUNDLED: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Subset.otf");

/// Fonts installed with the system that have the CJK characters the subset lacks.
const SYSTEM_FALLBACKS: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
];

struct Face {
    bytes: &'static [u8],
    index: u32,
    font: Font,
    upem: f32,
}

impl Face {
    fn load(bytes: &'static [u8], index: u32) -> Option<Face> {
        let f = FontRef::from_index(bytes, index).ok()?;
        let upem = f
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        let font = Font::new(bytes.into(), index)?;
        Some(Face {
            bytes,
            index,
            font,
            upem,
        })
    }

    /// Advance of `ch` in em units, or `None` when the face lacks it.
    fn advance(&self, ch: char) -> Option<f32> {
        let f = FontRef::from_index(self.bytes, self.index).ok()?;
        let gid = f.charmap().map(ch)?;
        let w = f
            .glyph_metrics(Size::unscaled(), LocationRef::default())
            .advance_width(gid)?;
        Some(w / self.upem)
    }
}

fn bundled() -> &'static Face {
    static FACE: OnceLock<Face> = OnceLock::new();
    FACE.get_or_init(|| {
        Face::load(BUNDLED, 0).expect("the bundled report font is a valid OpenType font")
    })
}

fn fallback() -> Option<&'static Face> {
    static FACE: OnceLock<Option<Face>> = OnceLock::new();
    FACE.get_or_init(|| {
        SYSTEM_FALLBACKS.iter().find_map(|(path, index)| {
            let bytes = std::fs::read(path).ok()?;
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            Face::load(bytes, *index)
        })
    })
    .as_ref()
}

/// Which face draws each character, and how wide it is.
#[derive(Default)]
struct Metrics {
    cache: HashMap<char, (bool, f32)>,
}

impl Metrics {
    /// (use the fallback face, advance in em).
    fn glyph(&mut self, ch: char) -> (bool, f32) {
        *self.cache.entry(ch).or_insert_with(|| {
            if let Some(w) = bundled().advance(ch) {
                return (false, w);
            }
            if let Some(w) = fallback().and_then(|f| f.advance(ch)) {
                return (true, w);
            }
            (false, 1.0)
        })
    }

    fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// `s` cut to `max` points with an ellipsis when it is longer.
    fn fit(&mut self, s: &str, size: f32, max: f32) -> String {
        if self.width(s, size) <= max {
            return s.to_owned();
        }
        let ell = self.width("…", size);
        let mut out = String::new();
        let mut w = 0.0;
        for c in s.chars() {
            let cw = self.glyph(c).1 * size;
            if w + cw + ell > max {
                break;
            }
            w += cw;
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Lines of at most `max` points, breaking at spaces for Latin words and
    /// anywhere between Chinese characters.
    fn wrap(&mut self, s: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut w = 0.0;
        for c in s.chars() {
            let cw = self.glyph(c).1 * size;
            if w + cw > max && !line.is_empty() {
                // Carry a Latin word over whole when the line has a space to break at.
                let carry = if c.is_ascii_alphanumeric() || c == '.' {
                    match line.rfind(' ') {
                        Some(i) if i > 0 => line.split_off(i + 1),
                        _ => String::new(),
                    }
                } else if "%,.;:)，。、；：）」』！？".contains(c) {
                    // Closing marks never start a line: the number or word
                    // before them (with any marks already after it) comes along,
                    // or at least the last character.
                    let sticky = |ch: char| {
                        ch.is_ascii_alphanumeric() || "%,.;:)，。、；：）」』！？¥".contains(ch)
                    };
                    let mut keep = line
                        .char_indices()
                        .rev()
                        .find(|(_, ch)| !sticky(*ch))
                        .map(|(i, ch)| i + ch.len_utf8())
                        .unwrap_or(0);
                    if keep == 0 || keep == line.len() {
                        keep = line.len() - line.chars().last().map_or(0, char::len_utf8);
                    }
                    if keep > 0 {
                        line.split_off(keep)
                    } else {
                        String::new()
                    }
                } else {
                    String::new()
                };
                lines.push(line.trim_end().to_owned());
                w = self.width(&carry, size);
                line = carry;
            }
            line.push(c);
            w += cw;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 40.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = PAGE_H - 52.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Pages of shapes, laid out before drawing so the footer knows the page count.
struct Layout {
    pages: Vec<Vec<Shape>>,
    y: f32,
    m: Metrics,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: TOP,
            m: Metrics::default(),
        }
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
        let total_w: f32 = t.columns.iter().map(|c| c.width).sum();
        let widths: Vec<f32> = t
            .columns
            .iter()
            .map(|c| c.width / total_w * CONTENT_W)
            .collect();
        let numeric: Vec<bool> = (0..t.columns.len())
            .map(|i| {
                t.rows
                    .iter()
                    .chain(t.total.iter())
                    .any(|r| r.get(i).is_some_and(|v| v.is_numeric()))
            })
            .collect();
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
        for (row, swatch, is_total) in rows {
            if self.y + row_h > BOTTOM {
                self.new_page();
                header(self);
            }
            let y = self.y;
            if is_total {
                self.rect(MARGIN_X, y, CONTENT_W, row_h, "#fafafa");
            }
            let mut x = MARGIN_X;
            for (i, v) in row.iter().enumerate() {
                let w = widths.get(i).copied().unwrap_or(0.0);
                let mut pad = 4.0;
                if i == 0 {
                    if let Some(c) = swatch {
                        self.rect(x + 4.0, y + 4.5, 7.0, 7.0, c);
                        pad = 14.0;
                    }
                }
                let s = self.m.fit(&v.display(), size, w - pad - 4.0);
                if numeric.get(i).copied().unwrap_or(false) {
                    self.text(x + w - 4.0, y + 11.5, &s, size, Anchor::End, "#262626");
                } else {
                    self.text(x + pad, y + 11.5, &s, size, Anchor::Start, "#262626");
                }
                x += w;
            }
            self.hline(MARGIN_X, MARGIN_X + CONTENT_W, y + row_h, "#f0f0f0", 0.6);
            self.y += row_h;
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

/// Draws a line of text, switching to the fallback face for characters the
/// bundled font lacks.
fn draw_text(
    surface: &mut krilla::surface::Surface<'_>,
    m: &mut Metrics,
    x: f32,
    y: f32,
    s: &str,
    size: f32,
) {
    let mut run = String::new();
    let mut run_fallback = false;
    let mut run_x = x;
    let flush =
        |surface: &mut krilla::surface::Surface<'_>, run: &mut String, fb: bool, at: f32| {
            if run.is_empty() {
                return;
            }
            let face = if fb {
                fallback().unwrap_or_else(bundled)
            } else {
                bundled()
            };
            surface.draw_text(
                Point::from_xy(at, y),
                face.font.clone(),
                size,
                run,
                false,
                TextDirection::Auto,
            );
            run.clear();
        };
    let mut cursor = x;
    for c in s.chars() {
        let (fb, w) = m.glyph(c);
        if fb != run_fallback && !run.is_empty() {
            flush(surface, &mut run, run_fallback, run_x);
            run_x = cursor;
        }
        if run.is_empty() {
            run_x = cursor;
        }
        run_fallback = fb;
        run.push(c);
        cursor += w * size;
    }
    flush(surface, &mut run, run_fallback, run_x);
}

/// The report as PDF bytes.
pub fn render_pdf(r: &TierReport) -> Result<Vec<u8>, ReportError> {
    let mut l = Layout::new();
    let (title_text, sub) = title(r);
    l.text(
        MARGIN_X,
        l.y + 20.0,
        &title_text,
        20.0,
        Anchor::Start,
        "#1f1f1f",
    );
    l.y += 30.0;
    for line in l.m.wrap(&sub, 9.0, CONTENT_W) {
        l.text(MARGIN_X, l.y + 10.0, &line, 9.0, Anchor::Start, "#595959");
        l.y += 13.0;
    }
    l.hline(MARGIN_X, MARGIN_X + CONTENT_W, l.y + 4.0, "#1677ff", 1.5);
    l.y += 10.0;
    for b in blocks(r, CONTENT_W) {
        match b {
            Block::Heading(h) => l.heading(&h),
            Block::Paragraph(p) => l.paragraph(&p),
            Block::Table(t) => l.table(&t),
            Block::Charts(c) => l.charts(&c),
        }
    }

    let logo = r.logo.as_ref().and_then(|lg| {
        let data: krilla::Data = lg.bytes.clone().into();
        let image = if lg.jpeg {
            Image::from_jpeg(data, true)
        } else {
            Image::from_png(data, true)
        };
        image.ok()
    });
    let total = l.pages.len();
    let mut m = l.m;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title_text.clone())
            .creator("TierDesk 星级客户管理台".into())
            .language("zh-CN".into()),
    );
    let running = format!(
        "{title_text} · {}",
        if r.period_label.is_empty() {
            &r.as_of
        } else {
            &r.period_label
        }
    );
    for (i, shapes) in l.pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| ReportError::Pdf("页面尺寸无效".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let mut all = shapes;
        // Running header and footer.
        if i > 0 {
            all.push(Shape::Text {
                x: MARGIN_X,
                y: 34.0,
                text: running.clone(),
                size: 8.0,
                anchor: Anchor::Start,
                color: "#8c8c8c".into(),
            });
            all.push(Shape::Line {
                points: vec![(MARGIN_X, 40.0), (PAGE_W - MARGIN_X, 40.0)],
                stroke: "#d9d9d9".into(),
                width: 0.6,
            });
        }
        all.push(Shape::Text {
            x: PAGE_W / 2.0,
            y: PAGE_H - 28.0,
            text: format!("第 {} 页 / 共 {} 页", i + 1, total),
            size: 8.0,
            anchor: Anchor::Middle,
            color: "#8c8c8c".into(),
        });
        for s in &all {
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
                    draw_text(&mut surface, &mut m, x0, *y, text, *size);
                }
            }
        }
        if let (0, Some(image)) = (i, &logo) {
            // Top right of the first page, 40 pt high at most.
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
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::Metrics;

    #[test]
    fn lines_never_start_with_a_closing_mark() {
        let mut m = Metrics::default();
        let text = "共 4,372 位客户，收入合计 ¥8,911,408。冠军客户占 14.5%，贡献了 48.7% 的收入；前 20% 的客户贡献了 74.8% 的收入。";
        for width in (120..520).step_by(7) {
            let lines = m.wrap(text, 10.0, width as f32);
            assert_eq!(
                lines.concat().replace(' ', ""),
                text.replace(' ', ""),
                "nothing lost at {width}"
            );
            for l in &lines[1..] {
                let first = l.chars().next().unwrap();
                assert!(
                    !"%，。、；：）".contains(first),
                    "line starts with {first:?} at width {width}: {lines:?}"
                );
            }
        }
    }
}
