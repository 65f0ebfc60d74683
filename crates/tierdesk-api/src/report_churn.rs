//! What the report's 流失与留存 section reads: the 分析 figures as of the
//! report's date (retention by quarter, cohorts, tier movement, per 客户经理
//! — one pass, as the 分析 page and `tierdesk analysis` count them) and the open
//! churn alerts of the last refresh, highest value at risk first, with each
//! customer's phone (masked later with the rest of the report) and P(alive).

use chrono::NaiveDate;
use tierdesk_churn::alert::AlertFilter;
use tierdesk_domain::survey::PeriodKind;
use tierdesk_report::{AlertFacts, AlertLine, ChurnFacts};

use crate::{Api, Result};

/// The most alerts a report lists (the workbook; the A4 page shows the first 20).
pub const REPORT_ALERTS: u32 = 500;

/// The words under the section's heading: how churn and the rates are counted.
pub const DEFINITION: &str = "流失：到期末已超过「该客户购买间隔（至少 3 个间隔时取中位数，否则取等级通常间隔）× 该等级的倍数 k」未再下单；流失率 = 期初仍活跃的客户中期内流失的占比；留存率 = 上期有购买的客户中本期仍有购买的占比；复购率 = 期内有购买的客户中下单 2 次及以上的占比；平均间隔为相邻两个购买日相隔的天数；客户按期末所在等级统计。";

impl Api {
    /// The section's facts as of `as_of` (the report's date), read in one
    /// pass as the 分析 page reads them (quarters, 8 of them; cohorts of 12
    /// months; 客户经理 over the twelve months); the tier movement of the
    /// report's scheme's batches only.
    pub(crate) fn churn_report(&self, as_of: NaiveDate, scheme_key: &str) -> Result<ChurnFacts> {
        let mut all = self.analysis_all(PeriodKind::Quarter, as_of)?;
        let of_scheme: Vec<i64> = self
            .store
            .batches()?
            .into_iter()
            .filter(|b| b.scheme_key == scheme_key)
            .map(|b| b.id)
            .collect();
        all.movement
            .batches
            .retain(|b| of_scheme.contains(&b.batch_id));
        Ok(ChurnFacts {
            retention: all.retention,
            definition: DEFINITION.into(),
            cohorts: all.cohorts,
            movement: all.movement,
            managers: all.managers,
            alerts: self.churn_report_alerts()?,
        })
    }

    /// The open alerts of live customers by value at risk; `None` when no
    /// refresh has run yet.
    fn churn_report_alerts(&self) -> Result<Option<AlertFacts>> {
        let Some(fit) = self.store.churn_last_fit()? else {
            return Ok(None);
        };
        let (open, high) = self.store.churn_open_counts()?;
        let page = self.store.churn_list(&AlertFilter {
            limit: Some(REPORT_ALERTS),
            ..AlertFilter::default()
        })?;
        let mut lines = Vec::with_capacity(page.items.len());
        for a in page.items {
            let phone = self.store.customer(a.customer_id)?.phone;
            let p_alive = self
                .store
                .churn_score(a.customer_id)?
                .and_then(|s| s.figures.p_alive);
            lines.push(AlertLine {
                alert_id: a.id,
                customer_id: a.customer_id,
                code: a.customer_code.unwrap_or_default(),
                name: a.customer_name,
                phone: phone.unwrap_or_default(),
                tier: a.tier.unwrap_or_default(),
                level: a.level.label().into(),
                status: a.status.label().into(),
                owner: a.owner,
                raised_on: a.raised_on,
                value_at_risk: a.value_at_risk,
                p_alive,
                reasons: a.reasons.into_iter().map(|r| r.reason).collect(),
            });
        }
        Ok(Some(AlertFacts {
            refreshed_on: fit.as_of,
            open,
            high,
            lines,
        }))
    }
}
