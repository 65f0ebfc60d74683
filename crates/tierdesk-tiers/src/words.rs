//! A scheme's program words as messages (`tierdesk_domain::Msg`), so the UI
//! can show them in its language: the method, the cycle, and the rules the
//! program writes itself (其余客户, 综合得分 ≥ N, 累计收入占比 < N%, the RFM
//! segments' rules). A condition a person wrote has no message.

use tierdesk_domain::Msg;

use crate::rfm::{range_text, NO_PURCHASE, RFM10, RFM8};
use crate::scheme::{Cycle, Method, Scheme, Segments};

impl Scheme {
    /// The method as a message (its Chinese is [`Scheme::method_label`]).
    pub fn method_msg(&self) -> Msg {
        Msg::new(match self.method {
            Method::Thresholds => "scheme.method.thresholds",
            Method::Weighted { .. } => "scheme.method.weighted",
            Method::Abc => "scheme.method.abc",
            Method::Rfm { .. } => "scheme.method.rfm",
        })
    }

    /// The rule of the tier at `index` as a message when the program wrote
    /// it; its Chinese is the scheme page's rule text.
    pub fn rule_msg(&self, index: usize) -> Option<Msg> {
        let t = self.tiers.get(index)?;
        match (&self.method, index + 1 == self.tiers.len()) {
            (Method::Rfm { segments, .. }, _) => rfm_rule(*segments, &t.key),
            (Method::Thresholds, false) => None,
            (_, true) => Some(Msg::new("tiers.rest")),
            (Method::Weighted { .. }, _) => {
                Some(Msg::new("tiers.rule_weighted").with("score", t.min_score.unwrap_or(0.0)))
            }
            (Method::Abc, _) => {
                Some(Msg::new("tiers.rule_abc").with("percent", t.max_share.unwrap_or(0.0) * 100.0))
            }
        }
    }
}

/// An RFM segment's rule as a message (its Chinese is `rfm::segment_rule`).
fn rfm_rule(segments: Segments, key: &str) -> Option<Msg> {
    if key == NO_PURCHASE {
        return Some(Msg::new("tiers.rule_rfm_none"));
    }
    match segments {
        Segments::Rfm10 => RFM10.iter().find(|s| s.key == key).map(|s| {
            Msg::new("tiers.rule_rfm10")
                .with("r", range_text("R", s.r))
                .with("f", range_text("F", s.f))
        }),
        Segments::Rfm8 => RFM8.iter().find(|s| s.key == key).map(|s| {
            let [r, f, m] = s.high.map(|h| if h { 'h' } else { 'l' });
            Msg::new(&format!("tiers.rule_rfm8_{r}{f}{m}"))
        }),
    }
}

impl Cycle {
    /// The cycle as a message (its Chinese is [`Cycle::label`]).
    pub fn msg(self) -> Msg {
        Msg::new(match self {
            Cycle::Quarterly => "scheme.cycle.quarterly",
            Cycle::HalfYearly => "scheme.cycle.half_yearly",
            Cycle::Yearly => "scheme.cycle.yearly",
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::presets::presets;
    use crate::scheme::{Cycle, Method};

    /// The messages say in Chinese exactly what the labels say, for every
    /// built-in scheme; the program's rules have messages, a person's not.
    #[test]
    fn messages_say_what_the_labels_say() {
        let mut rules = Vec::new();
        for s in presets() {
            assert_eq!(s.method_msg().zh(), s.method_label(), "{}", s.key);
            for i in 0..s.tiers.len() {
                if let Some(m) = s.rule_msg(i) {
                    rules.push((s.key.clone(), i, m.zh()));
                } else {
                    let last = i + 1 == s.tiers.len();
                    assert!(
                        matches!(s.method, Method::Rfm { .. }) || !last,
                        "{} {i}",
                        s.key
                    );
                }
            }
        }
        for c in [Cycle::Quarterly, Cycle::HalfYearly, Cycle::Yearly] {
            assert_eq!(c.msg().zh(), c.label());
        }
        let text = |key: &str, i: usize| {
            rules
                .iter()
                .find(|(k, j, _)| k == key && *j == i)
                .map(|(_, _, t)| t.clone())
        };
        assert_eq!(text("star4", 3).as_deref(), Some("其余客户"));
        assert_eq!(text("star4", 0), None);
        assert_eq!(text("weighted5", 0).as_deref(), Some("综合得分 ≥ 85"));
        assert_eq!(text("abc", 0).as_deref(), Some("累计收入占比 < 80%"));
        assert_eq!(text("rfm10", 0).as_deref(), Some("R 5 且 F 4–5"));
        assert_eq!(
            text("rfm8", 0).as_deref(),
            Some("R 高、F 高、M 高（与平均值相比）")
        );
        // Every RFM rule the scheme page shows has its message, saying the same.
        for s in presets() {
            if let Method::Rfm { segments, .. } = s.method {
                for (i, t) in s.tiers.iter().enumerate() {
                    let words = crate::rfm::segment_rule(segments, &t.key);
                    assert_eq!(s.rule_msg(i).map(|m| m.zh()), words, "{} {}", s.key, t.key);
                }
            }
        }
    }
}
