//! Why a customer has the tier it has, in words people can check.

use serde::{Deserialize, Serialize};
use tierdesk_domain::Msg;
use ts_rs::TS;

use crate::evaluate::Model;
use crate::figures::{figure_label, CustomerFacts, Figures};
use crate::rfm::{segment_rule, RfmModel, RFM_FIGURES};
use crate::scheme::{Factor, Method, Segments};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FigureLine {
    pub key: String,
    pub label: String,
    /// The label as a message: a built-in figure's name (`figure.<key>`),
    /// else the label as written (a custom field's or a factor's name).
    pub label_msg: Msg,
    pub value: Option<f64>,
    /// Weighted method: the factor's 0–100 score, weight and contribution to
    /// the composite. RFM: the figure's score 1–5.
    pub score: Option<f64>,
    pub weight: Option<f64>,
    pub contribution: Option<f64>,
    /// RFM: the edges the score was read against (six quintile edges or the
    /// scheme's four cut points; ranks when the figure is ranked first).
    #[serde(default)]
    pub edges: Vec<f64>,
    /// How the score came about, in words.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConditionPart {
    pub text: String,
    /// `text` as a message (`explain.condition`, `explain.condition_missing`).
    pub msg: Msg,
    /// `None` when the figure is missing.
    pub holds: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConditionLine {
    pub tier: String,
    pub tier_name: String,
    pub text: String,
    pub holds: Option<bool>,
    pub parts: Vec<ConditionPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Explanation {
    pub customer_id: i64,
    pub tier: String,
    pub tier_name: String,
    pub score: Option<f64>,
    pub figures: Vec<FigureLine>,
    pub conditions: Vec<ConditionLine>,
    /// What is missing for the next tier up, e.g. "还差 ¥12,000 升至金牌".
    pub next_up: Option<String>,
    /// `next_up` as a message, for the UI.
    pub next_up_msg: Option<Msg>,
    /// How far above the line of the tier the customer holds.
    pub margin: Option<String>,
    /// `margin` as a message, for the UI.
    pub margin_msg: Option<Msg>,
    pub missing: Vec<String>,
    /// When a person's choice at review holds the customer at another tier
    /// than the rules give, that choice in words (filled in by the caller,
    /// which knows the choices; the rules alone never set it).
    pub held: Option<String>,
    /// `held` as a message (`explain.held_manual`, `explain.held_rule`).
    pub held_msg: Option<Msg>,
}

/// Formats a figure value for a sentence: money with ¥ and thousands separators.
pub fn show(figure: &str, v: f64) -> String {
    if figure == "spend" || figure == "avg_order_value" {
        let n = v.round() as i64;
        let out = crate::rule::thousands(&n.unsigned_abs().to_string());
        format!("{}¥{out}", if n < 0 { "-" } else { "" })
    } else {
        let r = (v * 100.0).round() / 100.0;
        if r.fract() == 0.0 {
            format!("{}", r as i64)
        } else {
            format!("{r}")
        }
    }
}

/// A built-in figure's name as a message (`figure.<key>`); any other key
/// (a custom field) as written. Its Chinese is [`figure_label`].
pub fn figure_msg(key: &str) -> Msg {
    let msg_key = format!("figure.{key}");
    if tierdesk_domain::msg::template(&msg_key).is_some() {
        Msg::new(&msg_key)
    } else {
        Msg::text(figure_label(key))
    }
}

/// How much of a figure: money alone (¥12,000), other figures with their
/// name (订单数 3).
fn gap_msg(figure: &str, gap: f64) -> Msg {
    if figure == "spend" {
        Msg::text(show(figure, gap))
    } else {
        Msg::new("explain.gap")
            .with_msg("figure", figure_msg(figure))
            .with("amount", show(figure, gap))
    }
}

/// A figure line of a built-in or custom figure, with no score.
fn plain_line(key: &str, figures: &Figures) -> FigureLine {
    FigureLine {
        key: key.to_owned(),
        label: figure_label(key).to_owned(),
        label_msg: figure_msg(key),
        value: figures.get(key),
        score: None,
        weight: None,
        contribution: None,
        edges: vec![],
        note: None,
    }
}

/// What the explanation says beyond the tier: the figures shown, each tier's
/// condition, and what is missing for the next tier and the margin above this one.
#[derive(Default)]
struct Said {
    lines: Vec<FigureLine>,
    conditions: Vec<ConditionLine>,
    next_up: Option<Msg>,
    margin: Option<Msg>,
}

impl Model<'_> {
    /// Explains one customer (`index` is its position in the population the model was built on).
    pub fn explain(&self, index: usize, c: &CustomerFacts, figures: &Figures) -> Explanation {
        let scheme = self.scheme;
        let (tier, score, missing) = self.classify(index, figures);
        let said = match &scheme.method {
            Method::Thresholds => self.explain_thresholds(tier, figures),
            Method::Weighted { factors } => {
                self.explain_weighted(factors, tier, score.unwrap_or(0.0), figures)
            }
            Method::Abc => Said {
                lines: vec![plain_line("spend", figures)],
                ..Said::default()
            },
            Method::Rfm { segments, .. } => self.explain_rfm(*segments, index, figures),
        };
        Explanation {
            customer_id: c.id,
            tier: scheme.tiers[tier].key.clone(),
            tier_name: scheme.tiers[tier].name.clone(),
            score,
            figures: said.lines,
            conditions: said.conditions,
            next_up: said.next_up.as_ref().map(Msg::zh),
            next_up_msg: said.next_up,
            margin: said.margin.as_ref().map(Msg::zh),
            margin_msg: said.margin,
            missing,
            held: None,
            held_msg: None,
        }
    }

    /// Thresholds: every tier's condition part by part, what the tier above
    /// still needs and how far above its own threshold the customer is.
    fn explain_thresholds(&self, tier: usize, figures: &Figures) -> Said {
        let scheme = self.scheme;
        let mut said = Said::default();
        let mut used: Vec<String> = Vec::new();
        for (i, t) in scheme.tiers.iter().enumerate() {
            let Some(cond) = &self.conditions[i] else {
                continue;
            };
            used.extend(
                cond.figures
                    .iter()
                    .filter(|f| !used.contains(f))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            let parts = cond
                .comparisons()
                .iter()
                .map(|cmp| {
                    let v = figures.get(&cmp.figure);
                    let msg = match v {
                        Some(v) => {
                            Msg::new("explain.condition").with("actual", show(&cmp.figure, v))
                        }
                        None => Msg::new("explain.condition_missing"),
                    }
                    .with_msg("figure", figure_msg(&cmp.figure))
                    .with("op", cmp.op)
                    .with("threshold", show(&cmp.figure, cmp.threshold));
                    ConditionPart {
                        text: msg.zh(),
                        msg,
                        holds: v.map(|v| cmp.holds(v)),
                    }
                })
                .collect();
            said.conditions.push(ConditionLine {
                tier: t.key.clone(),
                tier_name: t.name.clone(),
                text: cond.chinese(crate::expr::builtin()),
                holds: cond.holds(figures, t.missing == crate::scheme::Missing::Zero),
                parts,
            });
            if i + 1 == tier {
                // The tier just above: what each unmet ">=" comparison still needs.
                let gaps: Vec<Msg> = cond
                    .comparisons()
                    .iter()
                    .filter(|cmp| matches!(cmp.op, ">=" | ">"))
                    .filter_map(|cmp| {
                        let v = figures.get(&cmp.figure).unwrap_or(0.0);
                        (!cmp.holds(v)).then(|| gap_msg(&cmp.figure, cmp.threshold - v))
                    })
                    .collect();
                if !gaps.is_empty() {
                    said.next_up = Some(
                        Msg::new("explain.next_up")
                            .with_list("gaps", gaps)
                            .with("tier", &t.name),
                    );
                }
            }
            if i == tier {
                let over: Vec<Msg> = cond
                    .comparisons()
                    .iter()
                    .filter(|cmp| matches!(cmp.op, ">=" | ">"))
                    .filter_map(|cmp| {
                        let v = figures.get(&cmp.figure)?;
                        cmp.holds(v)
                            .then(|| gap_msg(&cmp.figure, v - cmp.threshold))
                    })
                    .collect();
                if !over.is_empty() {
                    said.margin = Some(
                        Msg::new("explain.margin")
                            .with("tier", &t.name)
                            .with_list("over", over),
                    );
                }
            }
        }
        for key in used {
            said.lines.push(plain_line(&key, figures));
        }
        said
    }

    /// Weighted score: each factor's score, weight and contribution, and the
    /// points to the tier above and above this tier's lowest score.
    fn explain_weighted(
        &self,
        factors: &[Factor],
        tier: usize,
        score: f64,
        figures: &Figures,
    ) -> Said {
        let scheme = self.scheme;
        let mut said = Said::default();
        for (i, f) in factors.iter().enumerate() {
            let value = figures.get(&f.figure);
            let s = value.map(|v| self.factor_score(i, v));
            said.lines.push(FigureLine {
                key: f.figure.clone(),
                label: f.label.clone(),
                label_msg: Msg::text(&f.label),
                value,
                score: s.map(|s| (s * 100.0).round() / 100.0),
                weight: Some(f.weight),
                contribution: Some(((s.unwrap_or(0.0) * f.weight) * 100.0).round() / 100.0),
                edges: vec![],
                note: None,
            });
        }
        if tier > 0 {
            if let Some(m) = scheme.tiers[tier - 1].min_score {
                said.next_up = Some(
                    Msg::new("explain.next_up_score")
                        .with("points", show("score", m - score))
                        .with("tier", &scheme.tiers[tier - 1].name),
                );
            }
        }
        if let Some(m) = scheme.tiers[tier].min_score {
            said.margin = Some(
                Msg::new("explain.margin_score")
                    .with("tier", &scheme.tiers[tier].name)
                    .with("points", show("score", score - m)),
            );
        }
        said
    }

    /// RFM: the three scores with the quintile edges, and which segment rule holds.
    fn explain_rfm(&self, segments: Segments, index: usize, figures: &Figures) -> Said {
        let scheme = self.scheme;
        let mut said = Said::default();
        if let Some(rfm) = &self.rfm {
            let scores = rfm.scores.get(index).copied().flatten();
            for (d, key) in RFM_FIGURES.iter().enumerate() {
                let letter = RfmModel::letter(d);
                let label_msg = Msg::new("explain.rfm_figure")
                    .with("letter", letter)
                    .with_msg("figure", figure_msg(key));
                said.lines.push(FigureLine {
                    key: (*key).into(),
                    label: label_msg.zh(),
                    label_msg,
                    value: figures.get(key),
                    score: scores.map(|s| s[d] as f64),
                    weight: None,
                    contribution: None,
                    edges: rfm.dims[d].edges.clone(),
                    note: scores.map(|_| rfm.note(d, index)),
                });
            }
            if let Some([r, f, m]) = scores {
                said.margin = Some(
                    Msg::new("explain.margin_rfm")
                        .with("r", r)
                        .with("f", f)
                        .with("m", m),
                );
            }
            let segment = rfm.segment(index);
            for t in &scheme.tiers {
                said.conditions.push(ConditionLine {
                    tier: t.key.clone(),
                    tier_name: t.name.clone(),
                    text: segment_rule(segments, &t.key).unwrap_or_default(),
                    holds: Some(t.key == segment),
                    parts: vec![],
                });
            }
        }
        said
    }
}
