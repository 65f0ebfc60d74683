//! Report charts as a small list of shapes, drawn the same way into SVG (the
//! HTML report and print preview) and into the PDF.

use crate::escape_html as esc;
use crate::model::{percent, yuan, TierReport};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: String,
    },
    Line {
        points: Vec<(f32, f32)>,
        stroke: String,
        width: f32,
    },
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        color: String,
    },
}

/// A chart in points (1/72 inch), origin at the top left.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
}

const INK: &str = "#262626";
const GRID: &str = "#d9d9d9";
const MUTED: &str = "#8c8c8c";

fn text(x: f32, y: f32, s: impl Into<String>, size: f32, anchor: Anchor) -> Shape {
    Shape::Text {
        x,
        y,
        text: s.into(),
        size,
        anchor,
        color: INK.into(),
    }
}

/// Horizontal bars, one per tier: a share (0–1) and the label right of the bar.
fn tier_bars(title: &str, width: f32, rows: &[(String, String, f64, String)]) -> Chart {
    let row_h = 20.0;
    let label_w = 48.0;
    let value_w = 112.0;
    let bar_w = width - label_w - value_w;
    let mut shapes = Vec::new();
    for (i, (name, color, share, label)) in rows.iter().enumerate() {
        let y = 6.0 + i as f32 * row_h;
        shapes.push(text(
            label_w - 6.0,
            y + 13.0,
            name.clone(),
            9.0,
            Anchor::End,
        ));
        shapes.push(Shape::Rect {
            x: label_w,
            y: y + 3.0,
            w: bar_w,
            h: 13.0,
            fill: "#f5f5f5".into(),
        });
        let w = (share.clamp(0.0, 1.0) as f32) * bar_w;
        if w > 0.0 {
            shapes.push(Shape::Rect {
                x: label_w,
                y: y + 3.0,
                w,
                h: 13.0,
                fill: color.clone(),
            });
        }
        shapes.push(text(
            label_w + bar_w + 6.0,
            y + 13.0,
            label.clone(),
            9.0,
            Anchor::Start,
        ));
    }
    Chart {
        title: title.into(),
        width,
        height: 12.0 + rows.len() as f32 * row_h,
        shapes,
    }
}

/// Customers per tier.
pub fn distribution(r: &TierReport, width: f32) -> Chart {
    let rows: Vec<_> = r
        .tiers
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                t.color.clone(),
                t.customer_share,
                format!(
                    "{} 人（{}）",
                    crate::model::count(t.customers),
                    percent(t.customer_share)
                ),
            )
        })
        .collect();
    tier_bars("客户等级分布", width, &rows)
}

/// Revenue per tier.
pub fn revenue(r: &TierReport, width: f32) -> Chart {
    let rows: Vec<_> = r
        .tiers
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                t.color.clone(),
                t.revenue_share,
                format!("{}（{}）", yuan(t.revenue), percent(t.revenue_share)),
            )
        })
        .collect();
    tier_bars("各等级收入贡献", width, &rows)
}

/// Cumulative share of revenue against the share of customers, best first.
pub fn pareto(r: &TierReport, width: f32) -> Chart {
    let height = 170.0;
    let (left, top, right, bottom) = (40.0, 8.0, 12.0, 30.0);
    let pw = width - left - right;
    let ph = height - top - bottom;
    let mut shapes = Vec::new();
    for i in 0..=4 {
        let f = i as f32 / 4.0;
        let y = top + ph * (1.0 - f);
        shapes.push(Shape::Line {
            points: vec![(left, y), (left + pw, y)],
            stroke: GRID.into(),
            width: 0.5,
        });
        shapes.push(Shape::Text {
            x: left - 4.0,
            y: y + 3.0,
            text: format!("{}%", i * 25),
            size: 8.0,
            anchor: Anchor::End,
            color: MUTED.into(),
        });
        let x = left + pw * f;
        shapes.push(Shape::Text {
            x,
            y: top + ph + 12.0,
            text: format!("{}%", i * 25),
            size: 8.0,
            anchor: Anchor::Middle,
            color: MUTED.into(),
        });
    }
    // The 80/20 guide.
    let x20 = left + pw * 0.2;
    shapes.push(Shape::Line {
        points: vec![(x20, top), (x20, top + ph)],
        stroke: "#faad14".into(),
        width: 0.8,
    });
    let points: Vec<(f32, f32)> = std::iter::once((left, top + ph))
        .chain(r.pareto.iter().map(|p| {
            (
                left + pw * p.customers as f32,
                top + ph * (1.0 - p.revenue as f32),
            )
        }))
        .collect();
    shapes.push(Shape::Line {
        points,
        stroke: "#1677ff".into(),
        width: 1.6,
    });
    shapes.push(Shape::Text {
        x: x20 + 6.0,
        y: top + ph * 0.72,
        text: format!("前 20% 客户贡献 {} 收入", percent(r.top20_revenue_share)),
        size: 9.0,
        anchor: Anchor::Start,
        color: INK.into(),
    });
    shapes.push(Shape::Text {
        x: left + pw / 2.0,
        y: height - 4.0,
        text: "客户占比（按消费金额从高到低）".into(),
        size: 8.0,
        anchor: Anchor::Middle,
        color: MUTED.into(),
    });
    Chart {
        title: "帕累托曲线（累计收入占比）".into(),
        width,
        height,
        shapes,
    }
}

/// Tier counts after each past batch, as stacked columns.
pub fn history(r: &TierReport, width: f32) -> Option<Chart> {
    if r.history.is_empty() {
        return None;
    }
    let height = 170.0;
    let (left, top, bottom) = (40.0, 8.0, 44.0);
    let ph = height - top - bottom;
    let max = r
        .history
        .iter()
        .map(|h| h.counts.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let n = r.history.len() as f32;
    let slot = (width - left - 8.0) / n;
    let bar = (slot * 0.6).min(40.0);
    let mut shapes = vec![Shape::Line {
        points: vec![(left, top + ph), (width - 8.0, top + ph)],
        stroke: GRID.into(),
        width: 0.8,
    }];
    shapes.push(Shape::Text {
        x: left - 4.0,
        y: top + 8.0,
        text: crate::model::count(max as u64),
        size: 8.0,
        anchor: Anchor::End,
        color: MUTED.into(),
    });
    for (i, h) in r.history.iter().enumerate() {
        let x = left + slot * i as f32 + (slot - bar) / 2.0;
        let mut y = top + ph;
        for (c, t) in h.counts.iter().zip(&r.tiers) {
            let hgt = *c as f32 / max * ph;
            if hgt > 0.0 {
                y -= hgt;
                shapes.push(Shape::Rect {
                    x,
                    y,
                    w: bar,
                    h: hgt,
                    fill: t.color.clone(),
                });
            }
        }
        shapes.push(Shape::Text {
            x: x + bar / 2.0,
            y: top + ph + 12.0,
            text: h.label.clone(),
            size: 8.0,
            anchor: Anchor::Middle,
            color: INK.into(),
        });
    }
    // Legend, wrapped onto more lines when the tiers do not fit on one.
    let mut lx = left;
    let mut ly = height - 14.0;
    let mut extra = 0.0;
    for t in &r.tiers {
        let item = 18.0 + 9.0 * t.name.chars().count() as f32 + 6.0;
        if lx + item > width && lx > left {
            lx = left;
            ly += 12.0;
            extra += 12.0;
        }
        shapes.push(Shape::Rect {
            x: lx,
            y: ly,
            w: 8.0,
            h: 8.0,
            fill: t.color.clone(),
        });
        shapes.push(Shape::Text {
            x: lx + 11.0,
            y: ly + 7.0,
            text: t.name.clone(),
            size: 8.0,
            anchor: Anchor::Start,
            color: INK.into(),
        });
        lx += item;
    }
    let height = height + extra;
    Some(Chart {
        title: "历次评级各等级人数".into(),
        width,
        height,
        shapes,
    })
}

/// The chart as an inline SVG element.
pub fn to_svg(c: &Chart) -> String {
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}pt" height="{h}pt" role="img" aria-label="{t}">"#,
        w = c.width,
        h = c.height,
        t = esc(&c.title)
    );
    for s in &c.shapes {
        match s {
            Shape::Rect { x, y, w, h, fill } => {
                out.push_str(&format!(
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{}"/>"#,
                    esc(fill)
                ));
            }
            Shape::Line {
                points,
                stroke,
                width,
            } => {
                let pts: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{x:.1},{y:.1}"))
                    .collect();
                out.push_str(&format!(
                    r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}"/>"#,
                    pts.join(" "),
                    esc(stroke)
                ));
            }
            Shape::Text {
                x,
                y,
                text,
                size,
                anchor,
                color,
            } => {
                let a = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                out.push_str(&format!(r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{a}" fill="{}">{}</text>"#, esc(color), esc(text)));
            }
        }
    }
    out.push_str("</svg>");
    out
}
