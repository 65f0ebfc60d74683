//! A survey sheet's rows, decided before anything is written: each data row
//! becomes one answer of a customer in the archive (found by code, else
//! phone, else name, as [`KeyIndex`] finds every imported row), or the
//! problems that refuse it. Survey answers never create customers: an
//! answer of someone the archive does not know is refused and named.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use tierdesk_domain::survey::{needs_follow_up, NewSurveyAnswer, SurveyChannel};
use tierdesk_domain::{Cell, CustomerDraft, Msg};
use tierdesk_mapping::survey::{read_survey_row, SurveyColumn, SurveyMapping};
use tierdesk_mapping::{Problem, RowKind};

use crate::matching::KeyIndex;

/// What a survey sheet will bring in.
#[derive(Debug, Clone, Default)]
pub struct SurveyPlan {
    /// Excel row − 1 and the answer for a customer in the archive.
    pub answers: Vec<(usize, NewSurveyAnswer)>,
    pub problems: Vec<Problem>,
    pub rejected: BTreeSet<usize>,
    /// Totals, notes, blank rows and repeated headers.
    pub not_data: BTreeSet<usize>,
    pub rows_read: u64,
    /// Distinct customers with an answer.
    pub customers: u64,
    /// Answers that open a follow-up to-do (detractors, CSAT 1–2).
    pub follow_ups: u64,
    seen: HashSet<i64>,
}

/// How rows are read: the sheet's mapping, its date system, and the day an
/// answer without a date column is dated (the import's day).
pub struct SurveyReader<'a> {
    pub mapping: &'a SurveyMapping,
    pub index: &'a KeyIndex,
    pub date_1904: bool,
    pub today: NaiveDate,
}

impl SurveyReader<'_> {
    fn has_date_column(&self) -> bool {
        self.mapping.roles.contains(&SurveyColumn::AnsweredOn)
    }

    /// The column naming the customer, for the problem of a customer not found.
    fn customer_column(&self) -> Option<(usize, &str)> {
        self.mapping
            .table
            .columns
            .iter()
            .zip(&self.mapping.roles)
            .find(|(_, r)| {
                matches!(
                    r,
                    SurveyColumn::CustomerCode | SurveyColumn::CustomerName | SurveyColumn::Phone
                )
            })
            .map(|(c, _)| (c.col, c.header.as_str()))
    }
}

impl SurveyPlan {
    /// Reads one row under the header (`i` = Excel row − 1).
    pub fn take_row(&mut self, i: usize, row: &[Cell], how: &SurveyReader<'_>) {
        self.rows_read += 1;
        if tierdesk_mapping::row_kind(row, &how.mapping.table) != RowKind::Data {
            self.not_data.insert(i);
            return;
        }
        let mut read = match read_survey_row(i, row, how.mapping, how.date_1904) {
            Ok(r) => r,
            Err(ps) => return self.refuse(i, ps),
        };
        self.problems.append(&mut read.warnings);
        let answered_on = match read.answered_on {
            Some(d) => d,
            None if !how.has_date_column() => how.today,
            None => {
                let msg = Msg::new("survey.date_missing");
                return self.refuse(i, vec![Problem::whole_row(i, msg)]);
            }
        };
        let draft = CustomerDraft {
            code: read.code.clone(),
            phone: read.phone.clone(),
            name: read.name.clone().unwrap_or_default(),
            ..CustomerDraft::default()
        };
        let Some(customer_id) = how.index.find(&draft) else {
            let who = [
                read.code.as_deref().map(|c| format!("编号 {c}")),
                read.name.as_deref().map(|n| format!("名称 {n}")),
                read.phone.as_deref().map(|p| format!("手机 {p}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("，");
            let msg = Msg::new("survey.unknown_customer").with("who", who);
            let mut p = Problem::whole_row(i, msg);
            if let Some((col, header)) = how.customer_column() {
                p.col = col;
                p.header = header.to_owned();
                p.value = row.get(col).map(Cell::display).unwrap_or_default();
            }
            return self.refuse(i, vec![p]);
        };
        let answer = NewSurveyAnswer {
            customer_id,
            survey_id: None,
            answered_on,
            channel: read.channel.unwrap_or(SurveyChannel::Other),
            nps: read.nps,
            csat: read.csat,
            scores: read.scores,
            comment: read.comment,
        };
        let mut problems = answer.problems().into_iter();
        if let Some(first) = problems.next() {
            let p = problems.fold(Problem::whole_row(i, first), Problem::then);
            return self.refuse(i, vec![p]);
        }
        if needs_follow_up(answer.nps, answer.csat) {
            self.follow_ups += 1;
        }
        if self.seen.insert(customer_id) {
            self.customers += 1;
        }
        self.answers.push((i, answer));
    }

    fn refuse(&mut self, row: usize, problems: Vec<Problem>) {
        self.rejected.insert(row);
        self.problems.extend(problems);
    }
}
