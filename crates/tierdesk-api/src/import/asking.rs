//! What an import asks the person before it guesses: the guessed columns
//! that need confirming (需确认) and the possible duplicates (可能重复).

use serde::{Deserialize, Serialize};
use tierdesk_domain::Msg;
use tierdesk_import::{PairChoice, PairChoices, PossibleDuplicate};
use tierdesk_mapping::{Confidence, Mapping, Target};
use ts_rs::TS;

use super::ImportRequest;

/// A guessed column left out of the import until someone confirms it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GuessedColumn {
    /// Excel's column letter.
    pub column: String,
    pub header: String,
    /// What TierDesk guessed the column is.
    pub target: Target,
    /// The field's name, for messages (消费金额).
    pub target_label: String,
    /// The first values under the header.
    pub samples: Vec<String>,
}

/// The person's choice for one possible duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PairRow {
    /// The row's Excel number.
    pub row: u64,
    pub choice: PairChoice,
}

/// A possible duplicate as the preview shows it (Excel row numbers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PossibleDuplicateRow {
    pub row: u64,
    pub name: String,
    /// The earlier row of the sheet with the same phone …
    pub other_row: Option<u64>,
    /// … or the archived customer (id and code).
    pub other_customer: Option<i64>,
    pub other_code: Option<String>,
    pub other_name: String,
    pub phone: String,
    pub suggested: PairChoice,
    pub chosen: PairChoice,
}

impl From<&PossibleDuplicate> for PossibleDuplicateRow {
    fn from(p: &PossibleDuplicate) -> Self {
        PossibleDuplicateRow {
            row: p.row as u64 + 1,
            name: p.name.clone(),
            other_row: p.other_row.map(|r| r as u64 + 1),
            other_customer: p.other_customer,
            other_code: p.other_code.clone(),
            other_name: p.other_name.clone(),
            phone: p.phone.clone(),
            suggested: p.suggested,
            chosen: p.chosen,
        }
    }
}

pub(super) fn pair_rows(pairs: &[PossibleDuplicate]) -> Vec<PossibleDuplicateRow> {
    pairs.iter().map(PossibleDuplicateRow::from).collect()
}

/// The person's choices for the pairs, with rows as the import crate counts them.
pub(super) fn pair_choices(req: &ImportRequest) -> PairChoices {
    PairChoices {
        all: req.pairs_all,
        rows: req
            .pairs
            .iter()
            .filter(|p| p.row > 0)
            .map(|p| ((p.row - 1) as usize, p.choice))
            .collect(),
    }
}

/// The mapping as proposed (with the columns that need confirming) and as
/// applied: a column still to confirm is read as 不导入, unless the request
/// accepts the guesses (then they are taken as confirmed).
pub(super) fn settle_guesses(mut proposed: Mapping, accept: bool) -> (Mapping, Mapping) {
    if accept {
        for c in &mut proposed.columns {
            c.confidence = Confidence::High;
        }
    }
    let mut applied = proposed.clone();
    for c in &mut applied.columns {
        if c.confidence == Confidence::Low {
            c.target = Target::Ignore;
        }
    }
    (proposed, applied)
}

/// The proposed columns left out because they need confirming, with the
/// first values under each (`sample`: rows as displayed).
pub(super) fn guessed_columns(
    proposed: &Mapping,
    sample: &[(usize, Vec<String>)],
) -> Vec<GuessedColumn> {
    proposed
        .columns
        .iter()
        .filter(|c| c.confidence == Confidence::Low && c.target != Target::Ignore)
        .map(|c| GuessedColumn {
            column: tierdesk_domain::column_letter(c.col),
            header: c.header.clone(),
            target: c.target.clone(),
            target_label: target_label(&c.target),
            samples: sample
                .iter()
                .filter_map(|(_, cells)| cells.get(c.col))
                .filter(|v| !v.trim().is_empty())
                .take(3)
                .cloned()
                .collect(),
        })
        .collect()
}

fn target_label(t: &Target) -> String {
    match t {
        Target::Customer(f) => f.label().to_owned(),
        Target::Tx(f) => f.label().to_owned(),
        Target::Custom { label, .. } => label.clone(),
        Target::Ignore => "不导入".to_owned(),
    }
}

/// Why an import cannot start when the column that names each row is only
/// guessed: which column, and how to confirm it.
pub(super) fn identity_guessed(message: &str, guessed: &[GuessedColumn]) -> crate::ApiError {
    let named: Vec<String> = guessed
        .iter()
        .map(|g| {
            format!(
                "{}列「{}」（猜测为「{}」）",
                g.column, g.header, g.target_label
            )
        })
        .collect();
    crate::ApiError::coded(
        crate::ErrorCode::Invalid,
        Msg::new("import.identity_guessed")
            .with("message", message)
            .with("columns", named.join("、")),
    )
}
