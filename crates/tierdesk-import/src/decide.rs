//! Every row's fate: matched against the archive, merged, validated, and
//! counted, before anything is written.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use tierdesk_domain::points_rules::{OpeningFor, OpeningPoints};
use tierdesk_domain::{
    Customer, CustomerDraft, CustomerWrite, FieldDef, ImportKind, LineOwner, Msg,
};
use tierdesk_mapping::{Mapping, Problem};
use ts_rs::TS;

use crate::columns::{column_of_field, new_fields};
use crate::matching::{KeyIndex, LineMatcher};
use crate::merge::merge;
use crate::pairs::{PairChoices, Pairing, Placed, PossibleDuplicate};
use crate::rows::Interpreted;

/// What to do with a row that matches a customer already in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Fill in the sheet's values; empty cells keep what the archive has.
    #[default]
    Update,
    /// Leave the archived customer as it is.
    Skip,
    /// Keep both: add the row as another customer.
    New,
}

/// What happens to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowFate {
    New,
    Update,
    Unchanged,
    Skip,
    Rejected,
    /// A total, note, blank or repeated header row: not a customer.
    NotData,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportCounts {
    /// Rows under the header, totals and notes included.
    pub rows_read: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows left alone: totals, notes, blanks, and duplicates the person chose to skip.
    pub skipped: u64,
    pub rejected: u64,
    /// Rows in the file that are the same customer as an earlier row.
    pub duplicates_in_file: u64,
    /// Order lines to store (transaction imports).
    pub lines: u64,
    /// Order lines without a customer (kept out, reported).
    pub lines_without_customer: u64,
    /// Rows that share only a phone with another row or customer, under
    /// another name (each in `Decided::pairs`).
    #[serde(default)]
    pub possible_duplicates: u64,
    /// Columns that will become new custom fields.
    pub new_fields: Vec<String>,
}

/// What matching decided, before anything is written.
#[derive(Debug, Clone)]
pub struct Decided {
    /// Customers to insert or update, in row order (customer imports).
    pub writes: Vec<CustomerWrite>,
    /// Custom fields the import defines before it writes.
    pub new_fields: Vec<FieldDef>,
    /// Each row's fate and the name of the archived customer it matched.
    pub fates: HashMap<usize, (RowFate, Option<String>)>,
    pub counts: ImportCounts,
    /// Every problem, in row and column order.
    pub problems: Vec<Problem>,
    /// Customers the order lines create (transaction imports).
    pub new_customers: Vec<CustomerDraft>,
    /// Whose each of the order lines is (`None`: nobody's, rejected).
    pub owners: Vec<Option<LineOwner>>,
    /// The 期初积分 of rows that are imported (new, updated or unchanged),
    /// in row order; whether each becomes a ledger row is the store's call.
    pub openings: Vec<OpeningPoints>,
    /// Rows that share only a phone with an earlier row or an archived
    /// customer under another name, with what this import does with each.
    pub pairs: Vec<PossibleDuplicate>,
}

/// What the archive holds, as decisions need it.
pub struct Archive<'a, E> {
    pub keys: &'a KeyIndex,
    /// The custom fields defined now.
    pub fields: &'a [FieldDef],
    /// A stored customer by id (only ids the key index gave are asked for).
    pub customer: &'a mut dyn FnMut(i64) -> Result<Customer, E>,
}

/// Why deciding stopped.
#[derive(Debug, PartialEq)]
pub enum Halt<E> {
    /// `progress` said stop.
    Cancelled,
    /// The mapping adds a custom field whose key cannot be one.
    Invalid(String),
    /// The archive could not give a customer.
    Archive(E),
}

/// Rows between two progress reports while matching.
const PROGRESS_EVERY: usize = 4096;

/// Decides every row of `rows` against the archive. `progress(done, total)`
/// is called every few thousand customers; `false` cancels. Possible
/// duplicates go as TierDesk suggests (see [`decide_with`]).
pub fn decide<E>(
    rows: &Interpreted,
    on_duplicate: OnDuplicate,
    archive: Archive<'_, E>,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Decided, Halt<E>> {
    decide_with(
        rows,
        on_duplicate,
        &PairChoices::default(),
        archive,
        progress,
    )
}

/// [`decide`] with the person's choices for the possible duplicates (rows
/// that share only a phone with an earlier row or an archived customer).
pub fn decide_with<E>(
    rows: &Interpreted,
    on_duplicate: OnDuplicate,
    choices: &PairChoices,
    archive: Archive<'_, E>,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Decided, Halt<E>> {
    let new_fields = new_fields(&rows.mapping, archive.fields).map_err(Halt::Invalid)?;
    let mut d = Decided {
        writes: Vec::new(),
        counts: ImportCounts {
            rows_read: rows.rows_read,
            skipped: rows.not_data.len() as u64,
            new_fields: new_fields.iter().map(|f| f.label.clone()).collect(),
            ..ImportCounts::default()
        },
        new_fields,
        fates: HashMap::new(),
        problems: rows.problems.clone(),
        new_customers: Vec::new(),
        owners: Vec::new(),
        openings: Vec::new(),
        pairs: Vec::new(),
    };
    let mut rejected = rows.rejected.clone();
    match rows.kind {
        ImportKind::Customers => {
            let mut defs = archive.fields.to_vec();
            defs.extend(d.new_fields.iter().cloned());
            let mut pairing = Pairing::new(choices);
            let total = rows.customers.len() as u64;
            for (n, (row, draft)) in rows.customers.iter().enumerate() {
                if n % PROGRESS_EVERY == 0 && !progress(n as u64, total) {
                    return Err(Halt::Cancelled);
                }
                let placed = pairing
                    .place(*row, draft, archive.keys, &mut *archive.customer)
                    .map_err(Halt::Archive)?;
                let (matched, draft) = match placed {
                    Placed::Repeat { msg } => {
                        d.counts.duplicates_in_file += 1;
                        d.problems.push(Problem::whole_row(*row, msg));
                        rejected.insert(*row);
                        continue;
                    }
                    Placed::Match { id, keep_name } => (id, Placed::draft(keep_name, draft)),
                };
                let settled = settle(*row, &draft, matched, on_duplicate, &mut *archive.customer)
                    .map_err(Halt::Archive)?;
                match settled {
                    Err(problem) => {
                        d.problems.push(problem);
                        rejected.insert(*row);
                    }
                    Ok(s) => {
                        let (id, writes) = (s.id, d.writes.len());
                        d.take(*row, s, &rows.mapping, &defs, &mut rejected);
                        if let Some(points) = rows.opening_points.get(row) {
                            d.opening(*row, *points, id, writes);
                        }
                    }
                }
            }
            d.counts.possible_duplicates = pairing.found.len() as u64;
            d.pairs = pairing.found;
        }
        ImportKind::Transactions => {
            let mut m = LineMatcher::new(archive.keys);
            d.owners = rows
                .lines
                .iter()
                .map(|(row, line)| m.place(*row, line, &mut d.problems, &mut rejected))
                .collect();
            d.counts.lines = m.lines();
            d.counts.new = m.new_customers().len() as u64;
            d.counts.updated = m.touched();
            d.counts.lines_without_customer += m.without_customer();
            d.new_customers = m.into_new_customers();
        }
        // Refused by `check_mapping` before any row is read.
        ImportKind::Surveys => {}
    }
    d.counts.lines_without_customer += rows.without_customer;
    d.counts.rejected = rejected.len() as u64;
    for r in &rejected {
        d.fates.insert(*r, (RowFate::Rejected, None));
    }
    for r in &rows.not_data {
        d.fates.insert(*r, (RowFate::NotData, None));
    }
    d.problems.sort_by_key(|p| (p.row, p.col));
    Ok(d)
}

/// What one customer row does: the write (if any), its fate and the name of
/// the archived customer it matched.
struct Settled {
    /// The archived customer the row matched.
    id: Option<i64>,
    write: Option<CustomerWrite>,
    fate: RowFate,
    matched: Option<String>,
}

/// Settles a row against the customer it matched (`matched`), as the person
/// chose for duplicates. The inner `Err` is the problem that refuses the row.
fn settle<E>(
    row: usize,
    draft: &CustomerDraft,
    matched: Option<i64>,
    on_duplicate: OnDuplicate,
    customer: &mut dyn FnMut(i64) -> Result<Customer, E>,
) -> Result<Result<Settled, Problem>, E> {
    let insert = || Settled {
        id: None,
        write: Some(CustomerWrite::Insert(draft.clone())),
        fate: RowFate::New,
        matched: None,
    };
    let Some(id) = matched else {
        return Ok(Ok(insert()));
    };
    let c = customer(id)?;
    Ok(match on_duplicate {
        OnDuplicate::Skip => Ok(Settled {
            id: Some(id),
            write: None,
            fate: RowFate::Skip,
            matched: Some(c.name),
        }),
        OnDuplicate::Update => {
            let previous = CustomerDraft::from(&c);
            let merged = merge(&previous, draft);
            Ok(if merged == previous {
                Settled {
                    id: Some(id),
                    write: None,
                    fate: RowFate::Unchanged,
                    matched: Some(c.name),
                }
            } else {
                Settled {
                    id: Some(id),
                    write: Some(CustomerWrite::Update {
                        id,
                        draft: merged,
                        previous,
                    }),
                    fate: RowFate::Update,
                    matched: Some(c.name),
                }
            })
        }
        OnDuplicate::New if draft.code.is_some() && draft.code == c.code => {
            let msg = Msg::new("import.code_taken")
                .with("code", draft.code.as_deref().unwrap_or_default())
                .with("holder", &c.name);
            Err(Problem::whole_row(row, msg))
        }
        OnDuplicate::New => Ok(insert()),
    })
}

impl Decided {
    /// Keeps a row's 期初积分 for the customer it imports: the write it just
    /// added (the `writes`-th), or the archived customer `id` it matched and
    /// left unchanged. A refused or skipped row carries no points.
    fn opening(&mut self, row: usize, points: i64, id: Option<i64>, writes: usize) {
        let target = match (self.fates.get(&row).map(|f| f.0), id) {
            (Some(RowFate::New | RowFate::Update), _) if self.writes.len() > writes => {
                OpeningFor::Write(writes)
            }
            (Some(RowFate::Unchanged), Some(id)) => OpeningFor::Customer(id),
            _ => return,
        };
        self.openings.push(OpeningPoints {
            row,
            target,
            points,
        });
    }

    /// Validates what a settled row will store (a merged record is checked
    /// as a whole), then counts it and keeps its write; a row that fails
    /// validation is refused with a problem per field.
    fn take(
        &mut self,
        row: usize,
        s: Settled,
        mapping: &Mapping,
        defs: &[FieldDef],
        rejected: &mut BTreeSet<usize>,
    ) {
        let checked = match &s.write {
            Some(CustomerWrite::Insert(x)) | Some(CustomerWrite::Update { draft: x, .. }) => {
                x.clone().validate(defs).map(Some)
            }
            None => Ok(None),
        };
        let valid = match checked {
            Ok(valid) => valid,
            Err(errs) => {
                for p in errs.0 {
                    let col = column_of_field(mapping, &p.field);
                    // Every customer problem carries its message; one without
                    // (none today) keeps its Chinese as the message's text.
                    let msg = p
                        .msg
                        .unwrap_or_else(|| Msg::new("field.other").with("text", &p.message));
                    self.problems.push(Problem {
                        col: col.as_ref().map(|c| c.0).unwrap_or(usize::MAX),
                        header: col.map(|c| c.1).unwrap_or_default(),
                        message: p.message,
                        ..Problem::whole_row(row, msg)
                    });
                }
                rejected.insert(row);
                return;
            }
        };
        match s.fate {
            RowFate::New => self.counts.new += 1,
            RowFate::Update => self.counts.updated += 1,
            RowFate::Unchanged => self.counts.unchanged += 1,
            _ => self.counts.skipped += 1,
        }
        self.fates.insert(row, (s.fate, s.matched));
        match (s.write, valid) {
            (Some(CustomerWrite::Insert(_)), Some(v)) => self.writes.push(CustomerWrite::Insert(v)),
            (Some(CustomerWrite::Update { id, previous, .. }), Some(v)) => {
                self.writes.push(CustomerWrite::Update {
                    id,
                    draft: v,
                    previous,
                })
            }
            _ => {}
        }
    }
}
