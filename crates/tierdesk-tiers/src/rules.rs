//! What a scheme says in words (its method and each tier's rule, as the
//! scheme page lists them), the figures it needs, and the period a rating
//! by it is for.

use chrono::NaiveDate;

use crate::rule::{self, Names, Vocab};
use crate::scheme::{Method, Scheme};
use crate::{period, rfm, TierError};

impl Scheme {
    /// The method in words: 门槛条件, 加权评分, ABC 分类 or RFM 分群.
    pub fn method_label(&self) -> &'static str {
        match self.method {
            Method::Thresholds => "门槛条件",
            Method::Weighted { .. } => "加权评分",
            Method::Abc => "ABC 分类",
            Method::Rfm { .. } => "RFM 分群",
        }
    }

    /// The rule of the tier at `index` in words: its condition in Chinese
    /// (custom fields by their names in `vocab`), its least score, its share
    /// of revenue or its RFM cells; the last tier of the other methods takes
    /// 其余客户. Empty for an index out of range.
    pub fn rule_text(&self, index: usize, vocab: &Vocab) -> String {
        let Some(t) = self.tiers.get(index) else {
            return String::new();
        };
        match (&self.method, index + 1 == self.tiers.len()) {
            (Method::Rfm { segments, .. }, _) => {
                rfm::segment_rule(*segments, &t.key).unwrap_or_default()
            }
            (_, true) => "其余客户".into(),
            (Method::Thresholds, _) => {
                let c = t.condition.as_deref().unwrap_or_default();
                match rule::parse(c, vocab, Names::AnyKey) {
                    Ok(tree) => rule::chinese(&tree, vocab),
                    Err(_) => c.to_owned(),
                }
            }
            (Method::Weighted { .. }, _) => {
                format!("综合得分 ≥ {}", t.min_score.unwrap_or(0.0))
            }
            (Method::Abc, _) => {
                format!("累计收入占比 < {}%", t.max_share.unwrap_or(0.0) * 100.0)
            }
        }
    }

    /// Every figure the scheme names must be built in or a custom field of
    /// the database it is used in (`vocab`). A condition naming another is
    /// refused at its place, with the near name when there is one.
    pub fn check_figures(&self, vocab: &Vocab) -> Result<(), TierError> {
        for t in &self.tiers {
            if let Some(c) = t.condition.as_deref() {
                rule::parse(c, vocab, Names::Known).map_err(|e| {
                    TierError::Invalid(format!(
                        "方案「{}」等级「{}」的条件有误：{e}",
                        self.name, t.name
                    ))
                })?;
            }
        }
        let Method::Weighted { factors } = &self.method else {
            return Ok(());
        };
        let known = |f: &str| vocab.figures().iter().any(|x| x.key == f);
        let Some(bad) = factors.iter().find(|f| !known(&f.figure)) else {
            return Ok(());
        };
        let (custom, builtin): (Vec<_>, Vec<_>) = vocab.figures().iter().partition(|f| f.custom);
        let names = |v: &[&crate::RuleFigure]| {
            v.iter()
                .map(|f| format!("{}（{}）", f.label, f.key))
                .collect::<Vec<_>>()
                .join("、")
        };
        Err(TierError::Invalid(format!(
            "方案「{}」用到的指标「{}」不存在。可用的指标：{}{}",
            self.name,
            bad.figure,
            names(&builtin),
            if custom.is_empty() {
                String::new()
            } else {
                format!("，以及自定义字段 {}", names(&custom))
            }
        )))
    }

    /// Checks the figures (as [`Scheme::check_figures`]) and writes every
    /// condition in the canonical form scheme files keep: English keys,
    /// `>=`, `and` — 「消费金额 ≥ 30万」 is kept as `spend >= 300000`.
    pub fn canonicalise(&mut self, vocab: &Vocab) -> Result<(), TierError> {
        self.check_figures(vocab)?;
        for t in &mut self.tiers {
            if let Some(c) = t.condition.as_mut() {
                if let Ok(tree) = rule::parse(c, vocab, Names::Known) {
                    *c = rule::canonical(&tree);
                }
            }
        }
        Ok(())
    }

    /// The period a rating is for: the one named (checked, and written the
    /// standard way: 2024q1 becomes 2024Q1), else the period of the
    /// scheme's cycle that holds the as-of date.
    pub fn rating_period(
        &self,
        as_of: NaiveDate,
        named: Option<&str>,
    ) -> Result<String, TierError> {
        match named {
            Some(p) => {
                period::parse_period(p)?;
                Ok(p.trim().to_uppercase())
            }
            None => Ok(period::period_of(as_of, self.cycle)),
        }
    }
}
