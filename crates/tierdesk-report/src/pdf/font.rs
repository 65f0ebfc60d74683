//! The report's fonts: the bundled subset of Noto Sans CJK SC, a CJK font
//! of the system for characters the subset lacks, text widths, line
//! wrapping that keeps closing marks off the start of a line, and drawing a
//! line of text with the right face for each character.

use std::collections::HashMap;
use std::sync::OnceLock;

use krilla::geom::Point;
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

static BUNDLED: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Subset.otf");

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
pub(super) struct Metrics {
    cache: HashMap<char, (bool, f32)>,
}

impl Metrics {
    /// (use the fallback face, advance in em).
    pub(super) fn glyph(&mut self, ch: char) -> (bool, f32) {
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

    pub(super) fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// `s` cut to `max` points with an ellipsis when it is longer.
    pub(super) fn fit(&mut self, s: &str, size: f32, max: f32) -> String {
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
    pub(super) fn wrap(&mut self, s: &str, size: f32, max: f32) -> Vec<String> {
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

/// Draws a line of text, switching to the fallback face for characters the
/// bundled font lacks.
pub(super) fn draw_text(
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
