//! A scheme's program words as messages (`tierdesk_domain::Msg`), so the UI
//! can show them in its language: the method, the cycle, and the rules the
//! program writes itself (其余客户, 综合得分 ≥ N, 累计收入占比 < N%). A rule a
//! person wrote (a condition) or an RFM cell list is not program words and
//! has no message.

use tierdesk_domain::Msg;

use crate::scheme::{Cycle, Method, Scheme};

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
            (Method::Rfm { .. }, _) | (Method::Thresholds, false) => None,
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
        assert_eq!(text("rfm10", 0), None);
    }
}
