//! Tier movement over time (等级变动): the customers of each tier in each
//! rating batch still in force, and the moves from → to of each batch (the
//! tier before the batch → the tier it gave), for a stacked bar and a
//! Sankey. A move is up when the new tier stands higher in the scheme; a
//! first rating (from 未分级 to a tier) is neither up nor down.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A rating batch as the store lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchInfo {
    pub id: i64,
    pub period: String,
    pub as_of: NaiveDate,
}

/// Customers of one tier (`None`: 未分级).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BatchTierCount {
    pub tier: Option<String>,
    #[ts(type = "number")]
    pub customers: u64,
}

/// Customers moved from one tier to another by a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierFlow {
    pub from: Option<String>,
    pub to: Option<String>,
    #[ts(type = "number")]
    pub customers: u64,
}

/// One batch: its tier counts (in the scheme's order, then unknown tiers,
/// then 未分级), its moves, and how many went up, down, stayed or were
/// rated for the first time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BatchTiers {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub period: String,
    pub as_of: NaiveDate,
    pub counts: Vec<BatchTierCount>,
    pub flows: Vec<TierFlow>,
    #[ts(type = "number")]
    pub up: u64,
    #[ts(type = "number")]
    pub down: u64,
    #[ts(type = "number")]
    pub same: u64,
    /// Moves from 未分级 to a tier: a first rating, neither up nor down.
    #[ts(type = "number")]
    pub first: u64,
}

/// The batches, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierMovement {
    pub batches: Vec<BatchTiers>,
}

/// Where a tier stands: its place in `order` (0 = highest); unknown tiers
/// after, 未分级 last.
fn place(order: &[String], tier: Option<&str>) -> (usize, String) {
    match tier {
        Some(t) => match order.iter().position(|o| o == t) {
            Some(p) => (p, String::new()),
            None => (order.len(), t.to_owned()),
        },
        None => (order.len() + 1, String::new()),
    }
}

/// The movement from `batches`, the flows of every batch as (batch, from,
/// to, customers), and the scheme's tiers highest first. A batch's counts
/// are the tiers its flows led to.
pub fn tier_movement(
    batches: &[BatchInfo],
    flows: &[(i64, Option<String>, Option<String>, u64)],
    order: &[String],
) -> TierMovement {
    let mut out = Vec::with_capacity(batches.len());
    for b in batches {
        let mut fl: Vec<TierFlow> = flows
            .iter()
            .filter(|f| f.0 == b.id)
            .map(|f| TierFlow {
                from: f.1.clone(),
                to: f.2.clone(),
                customers: f.3,
            })
            .collect();
        fl.sort_by_key(|f| {
            (
                place(order, f.from.as_deref()),
                place(order, f.to.as_deref()),
            )
        });
        let mut counts: Vec<BatchTierCount> = Vec::new();
        let (mut up, mut down, mut same, mut first) = (0, 0, 0, 0);
        for f in &fl {
            match counts.iter_mut().find(|c| c.tier == f.to) {
                Some(c) => c.customers += f.customers,
                None => counts.push(BatchTierCount {
                    tier: f.to.clone(),
                    customers: f.customers,
                }),
            }
            let (from, to) = (
                place(order, f.from.as_deref()),
                place(order, f.to.as_deref()),
            );
            if f.from.is_none() && f.to.is_some() {
                first += f.customers;
                continue;
            }
            match to.cmp(&from) {
                std::cmp::Ordering::Less => up += f.customers,
                std::cmp::Ordering::Greater => down += f.customers,
                std::cmp::Ordering::Equal => same += f.customers,
            }
        }
        counts.sort_by_key(|c| place(order, c.tier.as_deref()));
        out.push(BatchTiers {
            batch_id: b.id,
            period: b.period.clone(),
            as_of: b.as_of,
            counts,
            flows: fl,
            up,
            down,
            same,
            first,
        });
    }
    TierMovement { batches: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Option<String> {
        Some(t.to_owned())
    }

    #[test]
    fn counts_flows_and_directions() {
        let order = vec!["gold".to_owned(), "silver".to_owned()];
        let batches = vec![
            BatchInfo {
                id: 3,
                period: "2023".into(),
                as_of: "2023-12-31".parse().unwrap(),
            },
            BatchInfo {
                id: 7,
                period: "2024".into(),
                as_of: "2024-12-31".parse().unwrap(),
            },
        ];
        let flows = vec![
            (3, None, s("silver"), 4),
            (3, None, s("gold"), 1),
            (7, s("silver"), s("gold"), 2),
            (7, s("silver"), s("silver"), 2),
            (7, s("gold"), s("silver"), 1),
            (7, s("gold"), s("vip"), 1),
            (7, s("gold"), None, 1),
            (9, s("gold"), s("gold"), 100),
        ];
        let m = tier_movement(&batches, &flows, &order);
        type Counts = Vec<(Option<String>, u64)>;
        let got: Vec<(i64, Counts, [u64; 4])> = m
            .batches
            .iter()
            .map(|b| {
                (
                    b.batch_id,
                    b.counts
                        .iter()
                        .map(|c| (c.tier.clone(), c.customers))
                        .collect(),
                    [b.up, b.down, b.same, b.first],
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                // A first rating: neither up nor down.
                (3, vec![(s("gold"), 1), (s("silver"), 4)], [0, 0, 0, 5]),
                // Down to a tier the scheme does not know, or to 未分级.
                (
                    7,
                    vec![(s("gold"), 2), (s("silver"), 3), (s("vip"), 1), (None, 1)],
                    [2, 3, 2, 0]
                ),
            ]
        );
        let first: Vec<(Option<String>, Option<String>)> = m.batches[1]
            .flows
            .iter()
            .map(|f| (f.from.clone(), f.to.clone()))
            .collect();
        assert_eq!(first[0], (s("gold"), s("silver")));
        assert_eq!(first.len(), 5);
    }
}
