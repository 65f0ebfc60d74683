//! The 流失与留存 section's chart for the A4 report: churn, retention and
//! repeat purchase rates of all customers per period, as lines on 0–100 %.

use crate::chart::{Anchor, Chart, Shape};
use tierdesk_churn::retention::RetentionRow;

use crate::churn::{ChurnFacts, PERIODS_ON_PAGE};

const GRID: &str = "#d9d9d9";
const MUTED: &str = "#8c8c8c";
const INK: &str = "#262626";

/// The rate series: name, colour and how to read it from a row.
type Series = (&'static str, &'static str, fn(&RetentionRow) -> Option<f64>);

pub const SERIES: [Series; 3] = [
    ("流失率", "#f5222d", |p| p.churn_rate),
    ("留存率", "#52c41a", |p| p.retention_rate),
    ("复购率", "#1677ff", |p| p.repeat_rate),
];

fn label(x: f32, y: f32, s: impl Into<String>, anchor: Anchor, color: &str) -> Shape {
    Shape::Text {
        x,
        y,
        text: s.into(),
        size: 8.0,
        anchor,
        color: color.into(),
    }
}

/// The chart, or `None` with fewer than two periods (a line needs two points).
pub fn rates(c: &ChurnFacts, width: f32) -> Option<Chart> {
    let all = c.totals();
    let rows = &all[all.len().saturating_sub(PERIODS_ON_PAGE)..];
    if rows.len() < 2 {
        return None;
    }
    let height = 180.0;
    let (left, top, right, bottom) = (40.0, 8.0, 12.0, 44.0);
    let pw = width - left - right;
    let ph = height - top - bottom;
    let mut shapes = Vec::new();
    for i in 0..=4 {
        let y = top + ph * (1.0 - i as f32 / 4.0);
        shapes.push(Shape::Line {
            points: vec![(left, y), (left + pw, y)],
            stroke: GRID.into(),
            width: 0.5,
        });
        shapes.push(label(
            left - 4.0,
            y + 3.0,
            format!("{}%", i * 25),
            Anchor::End,
            MUTED,
        ));
    }
    let step = pw / (rows.len() - 1) as f32;
    for (i, p) in rows.iter().enumerate() {
        shapes.push(label(
            left + step * i as f32,
            top + ph + 12.0,
            c.period_label(&p.period).to_owned(),
            Anchor::Middle,
            INK,
        ));
    }
    for (_, color, get) in SERIES {
        // A period without the rate breaks the line into pieces.
        let mut piece: Vec<(f32, f32)> = Vec::new();
        let mut pieces = Vec::new();
        for (i, p) in rows.iter().enumerate() {
            match get(p) {
                Some(v) => piece.push((
                    left + step * i as f32,
                    top + ph * (1.0 - v.clamp(0.0, 1.0) as f32),
                )),
                None => pieces.push(std::mem::take(&mut piece)),
            }
        }
        pieces.push(piece);
        for points in pieces.into_iter().filter(|p| !p.is_empty()) {
            if points.len() == 1 {
                let (x, y) = points[0];
                shapes.push(Shape::Rect {
                    x: x - 1.5,
                    y: y - 1.5,
                    w: 3.0,
                    h: 3.0,
                    fill: color.into(),
                });
            } else {
                shapes.push(Shape::Line {
                    points,
                    stroke: color.into(),
                    width: 1.6,
                });
            }
        }
    }
    // Legend.
    let mut lx = left;
    let ly = height - 14.0;
    for (name, color, _) in SERIES {
        shapes.push(Shape::Rect {
            x: lx,
            y: ly,
            w: 12.0,
            h: 3.0,
            fill: color.into(),
        });
        shapes.push(label(lx + 15.0, ly + 4.0, name, Anchor::Start, INK));
        lx += 15.0 + 9.0 * name.chars().count() as f32 + 14.0;
    }
    Some(Chart {
        title: format!("流失率、留存率与复购率（按{}）", c.unit()),
        width,
        height,
        shapes,
    })
}
