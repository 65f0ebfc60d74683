//! Survey sheets (满意度调查表), the third kind of import: the sheet is
//! read once, each row becomes an answer of a customer already in the
//! archive (matched by code, else phone, else name) or a problem naming its
//! row, column, value and reason; the answers are written in one
//! transaction with their import record, and undo takes exactly them back.

use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::survey::opens_follow_up;
use tierdesk_domain::{ImportKind, Msg, NewImport};
use tierdesk_import::survey::{SurveyPlan, SurveyReader};
use tierdesk_import::KeyIndex;
use tierdesk_mapping::survey::{guess_survey_mapping, SurveyColumn, SurveyMapping};
use ts_rs::TS;

use super::inspect::HEAD_ROWS;
use super::{file_name, first_problems, RowProblem};
use crate::{Api, ApiError, ErrorCode, Result};

/// A survey sheet to import: the file and, when the person chose one, its sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyImportRequest {
    pub path: String,
    #[serde(default)]
    pub sheet: Option<String>,
}

/// One column of the sheet and what it was read as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyColumnInfo {
    pub header: String,
    /// 客户编号, 推荐意愿（NPS 0–10）, 题目得分：服务态度, 不导入 …
    pub read_as: String,
}

/// What a survey import would do (`import_id` is `None`) or did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyImportSummary {
    pub import_id: Option<i64>,
    pub file: String,
    pub sheet: String,
    pub columns: Vec<SurveyColumnInfo>,
    /// Rows under the header, data or not.
    pub rows_read: u64,
    /// Answers stored (or to store).
    pub answers: u64,
    /// Answers the archive already had (the same sheet imported again),
    /// left out by the import; 0 in a preview.
    pub unchanged: u64,
    /// Distinct customers answering.
    pub customers: u64,
    /// Answers that open a follow-up to-do (detractors, CSAT 1–2).
    pub follow_ups: u64,
    /// Rows refused, each with at least one problem.
    pub rejected: u64,
    /// The first problems, in row order.
    pub problems: Vec<RowProblem>,
    pub problem_count: u64,
}

/// Answers new and already stored, and the to-dos the new ones open.
struct SurveyCounts {
    answers: u64,
    unchanged: u64,
    follow_ups: u64,
}

/// A survey sheet read and decided, nothing written.
struct ReadSurvey {
    file: String,
    sheet: String,
    mapping: SurveyMapping,
    plan: SurveyPlan,
}

impl ReadSurvey {
    /// The questionnaire's name (its file and sheet) and its questions: a
    /// sheet with question columns is kept as a named survey.
    fn survey(&self) -> (String, Vec<String>) {
        let questions = self
            .mapping
            .roles
            .iter()
            .filter_map(|r| match r {
                SurveyColumn::Question(q) => Some(q.clone()),
                _ => None,
            })
            .collect();
        (format!("{} · {}", self.file, self.sheet), questions)
    }

    /// What the sheet would bring in (`import_id` is `None`) or what its
    /// import stored: answers already in the archive are not stored again
    /// (`unchanged`), and only new answers open to-dos.
    fn summary(&self, import_id: Option<i64>, counts: SurveyCounts) -> SurveyImportSummary {
        let mut problems = self.plan.problems.clone();
        problems.sort_by_key(|p| (p.row, p.col));
        SurveyImportSummary {
            import_id,
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            columns: self
                .mapping
                .table
                .columns
                .iter()
                .zip(&self.mapping.roles)
                .map(|(c, r)| SurveyColumnInfo {
                    header: c.header.clone(),
                    read_as: r.label(),
                })
                .collect(),
            rows_read: self.plan.rows_read,
            answers: counts.answers,
            unchanged: counts.unchanged,
            customers: self.plan.customers,
            follow_ups: counts.follow_ups,
            rejected: self.plan.rejected.len() as u64,
            problem_count: problems.len() as u64,
            problems: first_problems(&problems),
        }
    }
}

impl Api {
    /// Reads a survey sheet and says what importing it would do.
    pub fn preview_survey_import(
        &self,
        req: &SurveyImportRequest,
        today: NaiveDate,
    ) -> Result<SurveyImportSummary> {
        self.allow(crate::domain::Perm::Import)?;
        let read = self.read_survey(req, today)?;
        let answers: Vec<_> = read.plan.answers.iter().map(|(_, a)| a.clone()).collect();
        let (name, questions) = read.survey();
        let survey = (!questions.is_empty()).then_some(name.as_str());
        let stored = self.store.stored_survey_answers(survey, &answers)?;
        let mut counts = SurveyCounts {
            answers: 0,
            unchanged: 0,
            follow_ups: 0,
        };
        for (a, stored) in answers.iter().zip(stored) {
            if stored {
                counts.unchanged += 1;
            } else {
                counts.answers += 1;
                counts.follow_ups +=
                    u64::from(opens_follow_up(a.nps, a.csat, a.answered_on, today));
            }
        }
        Ok(read.summary(None, counts))
    }

    /// Imports a survey sheet: every answer of a known customer, in one
    /// transaction with the import's record and the follow-up to-dos of
    /// detractors and CSAT 1–2 (due `today` at the earliest). Rows refused
    /// are listed; nothing is written when no row is an answer.
    pub fn import_surveys(
        &mut self,
        req: &SurveyImportRequest,
        today: NaiveDate,
    ) -> Result<SurveyImportSummary> {
        self.allow(crate::domain::Perm::Import)?;
        let read = self.read_survey(req, today)?;
        if read.plan.answers.is_empty() {
            // The first problem's Chinese is a parameter: English names its
            // row and leaves the sentence to the preview's list.
            let first = read.plan.problems.iter().find(|p| !p.row_kept);
            let msg = match first {
                Some(p) => Msg::new("survey.none_to_import_at")
                    .with("row", p.row + 1)
                    .with("message", &p.message),
                None => Msg::new("survey.none_to_import"),
            };
            let msg = msg.with("file", &read.file).with("sheet", &read.sheet);
            return Err(ApiError::coded(ErrorCode::Invalid, msg));
        }
        self.backup_before(crate::BackupReason::Import)?;
        let new = NewImport {
            kind: ImportKind::Surveys,
            file: read.file.clone(),
            sheet: read.sheet.clone(),
            mapping: serde_json::to_string(&read.mapping).unwrap_or_default(),
            rows_read: read.plan.rows_read,
            unchanged: 0,
            skipped: read.plan.not_data.len() as u64,
            rejected: read.plan.rejected.len() as u64,
            who: self.store.actor().user.clone(),
        };
        let answers: Vec<_> = read.plan.answers.iter().map(|(_, a)| a.clone()).collect();
        let (name, questions) = read.survey();
        let survey = (!questions.is_empty()).then_some((name.as_str(), questions.as_slice()));
        let (record, todos) = self
            .store
            .apply_survey_import(&new, survey, &answers, today)?;
        let counts = SurveyCounts {
            answers: record.inserted,
            unchanged: record.unchanged,
            follow_ups: todos,
        };
        Ok(read.summary(Some(record.id), counts))
    }

    fn read_survey(&self, req: &SurveyImportRequest, today: NaiveDate) -> Result<ReadSurvey> {
        let mut book = tierdesk_sheets::open(Path::new(&req.path))?;
        let file = file_name(&req.path);
        let sheet = match &req.sheet {
            Some(s) if book.sheets().iter().any(|i| &i.name == s) => s.clone(),
            Some(s) => {
                return Err(ApiError::invalid(format!(
                    "文件「{file}」里没有名为「{s}」的工作表"
                )))
            }
            None => pick_sheet(&mut book, &file)?,
        };
        let head = book.preview(&sheet, HEAD_ROWS)?;
        let mapping = guess_survey_mapping(&head);
        mapping
            .check()
            .map_err(|m| ApiError::invalid(format!("文件「{file}」工作表「{sheet}」：{m}")))?;
        let index = KeyIndex::new(self.store.customer_keys()?);
        let how = SurveyReader {
            mapping: &mapping,
            index: &index,
            date_1904: book.date_1904(),
            today,
        };
        let mut plan = SurveyPlan::default();
        let start = mapping.table.data_start;
        book.for_each_row(&sheet, |i, row| {
            if i >= start {
                plan.take_row(i, row, &how);
            }
            ControlFlow::Continue(())
        })?;
        Ok(ReadSurvey {
            file,
            sheet,
            mapping,
            plan,
        })
    }
}

/// The first visible sheet whose header reads as a survey sheet, else the
/// first visible sheet.
fn pick_sheet(book: &mut tierdesk_sheets::Book, file: &str) -> Result<String> {
    let names: Vec<String> = book
        .sheets()
        .iter()
        .filter(|s| s.visible)
        .map(|s| s.name.clone())
        .collect();
    for name in &names {
        if let Ok(head) = book.preview(name, HEAD_ROWS) {
            if guess_survey_mapping(&head).check().is_ok() {
                return Ok(name.clone());
            }
        }
    }
    names
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::invalid(format!("文件「{file}」里没有可以导入的工作表")))
}
