//! What-if: how a new evaluation would move customers between tiers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::evaluate::Evaluation;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Move {
    pub customer_id: i64,
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Migration {
    /// Rows: previous tier (`""` for not rated yet); columns: new tier; values: customers.
    pub matrix: BTreeMap<String, BTreeMap<String, u64>>,
    pub moves: Vec<Move>,
    pub unchanged: u64,
}

/// Compares each outcome's proposed tier with the tier held before.
pub fn migration(eval: &Evaluation) -> Migration {
    let mut matrix: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut moves = Vec::new();
    let mut unchanged = 0;
    for o in &eval.outcomes {
        let from = o.previous.clone().unwrap_or_default();
        *matrix
            .entry(from.clone())
            .or_default()
            .entry(o.tier.clone())
            .or_default() += 1;
        if o.previous.as_deref() == Some(o.tier.as_str()) {
            unchanged += 1;
        } else {
            moves.push(Move {
                customer_id: o.customer_id,
                from: o.previous.clone(),
                to: o.tier.clone(),
            });
        }
    }
    Migration {
        matrix,
        moves,
        unchanged,
    }
}
