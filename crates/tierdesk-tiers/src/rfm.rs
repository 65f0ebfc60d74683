//! RFM: recency, frequency and monetary value from order lines, each scored
//! 1–5, then mapped to named segments.
//!
//! Scores follow the pandas recipe people check them against: quintiles are
//! `qcut(x, 5)` (numpy's linear quantiles, right-closed bins, the lowest edge
//! included), R is reversed so the most recent buyers get 5, and ranking
//! first is `rank(method="first")` with ties in customer-code order. When
//! quantile edges repeat (many equal values), pandas refuses; here a value
//! takes the lowest group whose right edge is at least the value (numpy
//! `searchsorted(side="left")`), so equal values always share a score.

use std::cmp::Ordering;

use crate::figures::Figures;
use crate::scheme::{Method, Scoring, Segments, TierDef};

/// The tier of customers with no purchase in the window: they get no RFM scores.
pub const NO_PURCHASE: &str = "no_purchase";
pub const NO_PURCHASE_NAME: &str = "无购买记录";

/// One segment of the R × F grid: inclusive score ranges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridSegment {
    pub key: &'static str,
    pub name: &'static str,
    pub color: &'static str,
    pub stars: u8,
    pub r: (u8, u8),
    pub f: (u8, u8),
}

/// The ten segments of `rfm10`, highest first; together they cover every
/// cell of the 5 × 5 grid exactly once.
pub const RFM10: [GridSegment; 10] = [
    GridSegment {
        key: "champions",
        name: "冠军客户",
        color: "#b03a2e",
        stars: 5,
        r: (5, 5),
        f: (4, 5),
    },
    GridSegment {
        key: "loyal",
        name: "忠诚客户",
        color: "#e67e22",
        stars: 4,
        r: (3, 4),
        f: (4, 5),
    },
    GridSegment {
        key: "potential_loyalist",
        name: "潜在忠诚",
        color: "#d4ac0d",
        stars: 4,
        r: (4, 5),
        f: (2, 3),
    },
    GridSegment {
        key: "new",
        name: "新客户",
        color: "#27ae60",
        stars: 3,
        r: (5, 5),
        f: (1, 1),
    },
    GridSegment {
        key: "promising",
        name: "有潜力",
        color: "#17a589",
        stars: 3,
        r: (4, 4),
        f: (1, 1),
    },
    GridSegment {
        key: "need_attention",
        name: "需要关注",
        color: "#2e86c1",
        stars: 2,
        r: (3, 3),
        f: (3, 3),
    },
    GridSegment {
        key: "about_to_sleep",
        name: "即将休眠",
        color: "#85929e",
        stars: 2,
        r: (3, 3),
        f: (1, 2),
    },
    GridSegment {
        key: "cant_lose",
        name: "不能失去",
        color: "#8e44ad",
        stars: 2,
        r: (1, 2),
        f: (5, 5),
    },
    GridSegment {
        key: "at_risk",
        name: "有流失风险",
        color: "#e74c8b",
        stars: 1,
        r: (1, 2),
        f: (3, 4),
    },
    GridSegment {
        key: "hibernating",
        name: "休眠客户",
        color: "#34495e",
        stars: 1,
        r: (1, 2),
        f: (1, 2),
    },
];

/// One of the eight `rfm8` types: whether R, F and M are high.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanSegment {
    pub key: &'static str,
    pub name: &'static str,
    pub color: &'static str,
    pub stars: u8,
    pub high: [bool; 3],
}

/// The eight types of `rfm8`, highest first.
pub const RFM8: [MeanSegment; 8] = [
    MeanSegment {
        key: "important_value",
        name: "重要价值客户",
        color: "#b03a2e",
        stars: 5,
        high: [true, true, true],
    },
    MeanSegment {
        key: "important_develop",
        name: "重要发展客户",
        color: "#e67e22",
        stars: 4,
        high: [true, false, true],
    },
    MeanSegment {
        key: "important_keep",
        name: "重要保持客户",
        color: "#2e86c1",
        stars: 4,
        high: [false, true, true],
    },
    MeanSegment {
        key: "important_retain",
        name: "重要挽留客户",
        color: "#8e44ad",
        stars: 3,
        high: [false, false, true],
    },
    MeanSegment {
        key: "general_value",
        name: "一般价值客户",
        color: "#d4ac0d",
        stars: 3,
        high: [true, true, false],
    },
    MeanSegment {
        key: "general_develop",
        name: "一般发展客户",
        color: "#27ae60",
        stars: 2,
        high: [true, false, false],
    },
    MeanSegment {
        key: "general_keep",
        name: "一般保持客户",
        color: "#17a589",
        stars: 2,
        high: [false, true, false],
    },
    MeanSegment {
        key: "general_retain",
        name: "一般挽留客户",
        color: "#85929e",
        stars: 1,
        high: [false, false, false],
    },
];

/// The figures R, F and M are scored on, in that order.
pub const RFM_FIGURES: [&str; 3] = ["recency_days", "orders", "spend"];
const LETTERS: [&str; 3] = ["R", "F", "M"];

/// The segment keys of a segment map, highest first (without `no_purchase`).
pub fn segment_keys(segments: Segments) -> Box<dyn Iterator<Item = &'static str>> {
    match segments {
        Segments::Rfm10 => Box::new(RFM10.iter().map(|s| s.key)),
        Segments::Rfm8 => Box::new(RFM8.iter().map(|s| s.key)),
    }
}

/// The tiers of a segment map as a scheme lists them: every segment, then
/// `no_purchase` last.
pub fn segment_tiers(segments: Segments) -> Vec<TierDef> {
    let tier = TierDef::plain;
    let mut out: Vec<TierDef> = match segments {
        Segments::Rfm10 => RFM10
            .iter()
            .map(|s| tier(s.key, s.name, s.color, s.stars))
            .collect(),
        Segments::Rfm8 => RFM8
            .iter()
            .map(|s| tier(s.key, s.name, s.color, s.stars))
            .collect(),
    };
    out.push(tier(NO_PURCHASE, NO_PURCHASE_NAME, "#bdc3c7", 0));
    out
}

/// The `rfm10` segment of an R and F score.
pub fn segment_rfm10(r: u8, f: u8) -> &'static str {
    RFM10
        .iter()
        .find(|s| (s.r.0..=s.r.1).contains(&r) && (s.f.0..=s.f.1).contains(&f))
        .map(|s| s.key)
        .unwrap_or(NO_PURCHASE)
}

/// The `rfm8` type of R, F and M being high (R high: fewer days than the mean).
pub fn segment_rfm8(high: [bool; 3]) -> &'static str {
    RFM8.iter()
        .find(|s| s.high == high)
        .map(|s| s.key)
        .unwrap_or(NO_PURCHASE)
}

pub(crate) fn range_text(letter: &str, (lo, hi): (u8, u8)) -> String {
    if lo == hi {
        format!("{letter} {lo}")
    } else {
        format!("{letter} {lo}–{hi}")
    }
}

/// A segment's rule in words, e.g. `R 5 且 F 4–5`.
pub fn segment_rule(segments: Segments, key: &str) -> Option<String> {
    if key == NO_PURCHASE {
        return Some("购买记录窗口内没有购买".into());
    }
    match segments {
        Segments::Rfm10 => RFM10
            .iter()
            .find(|s| s.key == key)
            .map(|s| format!("{} 且 {}", range_text("R", s.r), range_text("F", s.f))),
        Segments::Rfm8 => RFM8.iter().find(|s| s.key == key).map(|s| {
            let hl = |h: bool| if h { "高" } else { "低" };
            format!(
                "R {}、F {}、M {}（与平均值相比）",
                hl(s.high[0]),
                hl(s.high[1]),
                hl(s.high[2])
            )
        }),
    }
}

/// The probability points of `qcut(x, 5)`: numpy's `linspace(0, 1, 6)`, with
/// pandas' nudge up of any point that is not exact in binary (0.6 becomes
/// the next double above 0.6000000000000001).
fn quintile_point(i: usize) -> f64 {
    let q = if i == 5 { 1.0 } else { i as f64 * (1.0 / 5.0) };
    if q * 5.0 != i as f64 {
        f64::from_bits(q.to_bits() + 1)
    } else {
        q
    }
}

/// The six quintile edges (minimum, the 20/40/60/80 % points, maximum) of
/// values in ascending order, by numpy's default linear interpolation,
/// computed the way numpy does so that values equal to an edge land in the
/// same group as under pandas. NaN edges when there are no values.
fn edges_of_sorted(x: &[f64]) -> [f64; 6] {
    let mut out = [f64::NAN; 6];
    let n = x.len();
    if n == 0 {
        return out;
    }
    let last = (n - 1) as f64;
    for (i, edge) in out.iter_mut().enumerate() {
        let virtual_index = last * quintile_point(i);
        if virtual_index >= last {
            *edge = x[n - 1];
            continue;
        }
        let below = virtual_index.floor();
        let t = virtual_index - below;
        let (a, b) = (x[below as usize], x[below as usize + 1]);
        let d = b - a;
        *edge = if t >= 0.5 {
            b - d * (1.0 - t)
        } else {
            a + d * t
        };
    }
    out
}

/// The six quintile edges of `qcut(values, 5)`, in any order of values.
pub fn quintile_edges(values: &[f64]) -> [f64; 6] {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    edges_of_sorted(&sorted)
}

/// The score 1–5 of a value against four cut points: 1 up to the first,
/// 2 up to the second, … 5 above the last (bins closed on the right).
/// For quintiles pass the four inner edges.
pub fn score(cuts: &[f64], value: f64) -> u8 {
    1 + cuts.iter().filter(|c| **c < value).count().min(4) as u8
}

/// What orders customers with equal values when ranking first: numeric
/// codes first and by number, then the code as text, then customers
/// without a code; the id last. Worked out once per customer, not per
/// comparison, because ties are most comparisons when many customers
/// share a figure.
struct TieKey<'a> {
    number: Option<f64>,
    code: Option<&'a str>,
    id: i64,
}

impl<'a> TieKey<'a> {
    fn of(f: &Figures<'a>) -> TieKey<'a> {
        let number = f
            .code
            .and_then(|c| c.trim().parse::<f64>().ok())
            .filter(|x| x.is_finite());
        TieKey {
            number,
            code: f.code,
            id: f.id,
        }
    }

    fn cmp(&self, other: &TieKey) -> Ordering {
        let by_code = match (self.code, other.code) {
            (Some(x), Some(y)) => match (self.number, other.number) {
                (Some(p), Some(q)) => p.total_cmp(&q).then_with(|| x.cmp(y)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => x.cmp(y),
            },
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_code.then(self.id.cmp(&other.id))
    }
}

/// Each chosen customer's place in tie order (0 first), by position in `chosen`.
fn tie_ranks(figures: &[Figures], chosen: &[usize]) -> Vec<u32> {
    let keys: Vec<TieKey> = chosen.iter().map(|&i| TieKey::of(&figures[i])).collect();
    let mut order: Vec<u32> = (0..chosen.len() as u32).collect();
    // Codes usually run in the order customers were added; then there is
    // nothing to sort.
    if keys
        .windows(2)
        .any(|w| w[0].cmp(&w[1]) == Ordering::Greater)
    {
        order.sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    }
    let mut rank = vec![0u32; chosen.len()];
    for (k, &j) in order.iter().enumerate() {
        rank[j as usize] = k as u32;
    }
    rank
}

/// A figure as an integer in `f64::total_cmp` order.
fn order_bits(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

/// One of R, F, M as scored over a population.
#[derive(Debug, Clone)]
pub(crate) struct Dimension {
    /// The quintile edges (six) or the scheme's cut points (four); over
    /// ranks when `ranked`.
    pub edges: Vec<f64>,
    pub ranked: bool,
    /// The figure's mean over the customers scored (for `rfm8`).
    pub mean: f64,
}

impl Dimension {
    fn cuts(&self) -> &[f64] {
        if self.edges.len() == 6 {
            &self.edges[1..5]
        } else {
            &self.edges
        }
    }
}

/// RFM scores of a population, by customer index.
#[derive(Debug, Clone)]
pub(crate) struct RfmModel {
    pub segments: Segments,
    pub dims: [Dimension; 3],
    /// R, F, M scores; `None` for customers without a purchase.
    pub scores: Vec<Option<[u8; 3]>>,
    /// The ranks used, per dimension, when that dimension ranks first.
    pub ranks: [Vec<f64>; 3],
    /// Whether each figure is high (`rfm8`), by customer index.
    pub high: Vec<[bool; 3]>,
}

/// Whether a customer has what RFM needs: a purchase in the window and the
/// three figures.
pub(crate) fn eligible(f: &Figures) -> bool {
    f.get("orders").is_some_and(|o| o >= 1.0)
        && f.get("recency_days").is_some()
        && f.get("spend").is_some()
}

/// The RFM figures a customer lacks (order lines without a purchase count
/// as having none of them).
pub(crate) fn missing(f: &Figures) -> Vec<String> {
    if eligible(f) {
        return vec![];
    }
    RFM_FIGURES
        .iter()
        .filter(|k| f.get(k).is_none())
        .map(|k| k.to_string())
        .collect()
}

impl RfmModel {
    pub fn build(method: &Method, figures: &[Figures]) -> Option<RfmModel> {
        let Method::Rfm { segments, r, f, m } = method else {
            return None;
        };
        // The customers scored and their R, F, M figures, read once.
        let chosen: Vec<usize> = (0..figures.len())
            .filter(|&i| eligible(&figures[i]))
            .collect();
        let figs: Vec<[f64; 3]> = chosen
            .iter()
            .map(|&i| RFM_FIGURES.map(|k| figures[i].get(k).unwrap_or(0.0)))
            .collect();
        let mut scores: Vec<Option<[u8; 3]>> = vec![None; figures.len()];
        let mut by_chosen: Vec<[u8; 3]> = vec![[0; 3]; chosen.len()];
        let mut ranks: [Vec<f64>; 3] = Default::default();
        let ranking = [r, f, m]
            .iter()
            .any(|s| matches!(s, Scoring::Quintiles { rank_first: true }));
        let ties: Vec<u32> = if ranking {
            tie_ranks(figures, &chosen)
        } else {
            vec![]
        };
        let mut dims = Vec::with_capacity(3);
        for (d, scoring) in [r, f, m].into_iter().enumerate() {
            let values: Vec<f64> = figs.iter().map(|v| v[d]).collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let mut basis = values.clone();
            let (edges, ranked) = match scoring {
                Scoring::Cuts { cuts } => (cuts.clone(), false),
                Scoring::Quintiles { rank_first: false } => {
                    let mut sorted = values.clone();
                    sorted.sort_unstable_by(f64::total_cmp);
                    (edges_of_sorted(&sorted).to_vec(), false)
                }
                Scoring::Quintiles { rank_first: true } => {
                    // Plain integers side by side sort several times faster than
                    // indexes compared through the figures.
                    let mut order: Vec<(u64, u32, u32)> = values
                        .iter()
                        .enumerate()
                        .map(|(j, v)| (order_bits(*v), ties[j], j as u32))
                        .collect();
                    order.sort_unstable();
                    let mut rank = vec![0.0; figures.len()];
                    for (k, &(_, _, j)) in order.iter().enumerate() {
                        basis[j as usize] = (k + 1) as f64;
                        rank[chosen[j as usize]] = (k + 1) as f64;
                    }
                    ranks[d] = rank;
                    let sorted: Vec<f64> = (1..=order.len()).map(|k| k as f64).collect();
                    (edges_of_sorted(&sorted).to_vec(), true)
                }
            };
            let dim = Dimension {
                edges,
                ranked,
                mean,
            };
            for (x, b) in by_chosen.iter_mut().zip(&basis) {
                let s = score(dim.cuts(), *b);
                // Fewer days since the last purchase is better: R counts down.
                x[d] = if d == 0 { 6 - s } else { s };
            }
            dims.push(dim);
        }
        let dims: [Dimension; 3] = dims.try_into().expect("three dimensions");
        let mut high = vec![[false; 3]; figures.len()];
        for (k, &i) in chosen.iter().enumerate() {
            scores[i] = Some(by_chosen[k]);
            let v = figs[k];
            high[i] = [
                v[0] < dims[0].mean,
                v[1] > dims[1].mean,
                v[2] > dims[2].mean,
            ];
        }
        Some(RfmModel {
            segments: *segments,
            dims,
            scores,
            ranks,
            high,
        })
    }

    /// A customer's segment key.
    pub fn segment(&self, index: usize) -> &'static str {
        match (self.scores.get(index).copied().flatten(), self.segments) {
            (None, _) => NO_PURCHASE,
            (Some([r, f, _]), Segments::Rfm10) => segment_rfm10(r, f),
            (Some(_), Segments::Rfm8) => segment_rfm8(self.high[index]),
        }
    }

    /// R, F and M as one number, 543 for R 5, F 4, M 3.
    pub fn code(&self, index: usize) -> Option<f64> {
        self.scores
            .get(index)
            .copied()
            .flatten()
            .map(|[r, f, m]| (r as u32 * 100 + f as u32 * 10 + m as u32) as f64)
    }

    /// The words under a figure in an explanation: how its score came about.
    pub fn note(&self, d: usize, index: usize) -> String {
        let dim = &self.dims[d];
        let figure = RFM_FIGURES[d];
        let fmt = |v: f64| crate::explain::show(figure, v);
        let cuts: Vec<String> = dim
            .cuts()
            .iter()
            .map(|c| {
                if dim.ranked {
                    format!("第 {} 名", fmt(*c))
                } else {
                    fmt(*c)
                }
            })
            .collect();
        let mut text = match (dim.edges.len(), dim.ranked) {
            (4, _) => format!("按分界点 {} 评分", cuts.join(" / ")),
            (_, true) => format!(
                "按排名五等分：第 {} 名（共 {} 名，同值按客户编号先后），分界 {}",
                fmt(self.ranks[d][index]),
                fmt(dim.edges[5]),
                cuts.join(" / ")
            ),
            _ => format!("五分位分界 {}", cuts.join(" / ")),
        };
        if d == 0 {
            text.push_str("；距今越近得分越高");
        }
        if self.segments == Segments::Rfm8 {
            let high = self.high[index][d];
            text.push_str(&format!(
                "；平均 {}，{}",
                fmt(dim.mean),
                if high { "高" } else { "低" }
            ));
        }
        text
    }

    pub fn letter(d: usize) -> &'static str {
        LETTERS[d]
    }
}
