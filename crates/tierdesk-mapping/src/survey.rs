//! Survey sheets (满意度调查表): which column is the customer, the date,
//! NPS, CSAT, channel and comment, and which other columns are question
//! scores; then one row into an answer or the problems that refuse it.
//!
//! The header is found the way every sheet's is ([`crate::header`]); the
//! customer's columns are read as order lines read theirs (code, name,
//! phone), so the caller can match them with the import crate's `KeyIndex`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::survey::{score_msg, SurveyChannel};
use tierdesk_domain::{Cell, Msg};
use ts_rs::TS;

use crate::header::{find_header, normalize};
use crate::rows::Problem;
use crate::values::{read_code, read_date, read_phone, read_score};
use crate::{ColumnMapping, Mapping, Target};

/// What a column of a survey sheet is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "question")]
pub enum SurveyColumn {
    CustomerCode,
    CustomerName,
    Phone,
    AnsweredOn,
    Nps,
    Csat,
    Channel,
    Comment,
    /// The score of a question, named by its header.
    Question(String),
    Ignore,
}

impl SurveyColumn {
    /// What the column is, in Chinese, for the preview.
    pub fn label(&self) -> String {
        match self {
            SurveyColumn::CustomerCode => "客户编号".into(),
            SurveyColumn::CustomerName => "客户名称".into(),
            SurveyColumn::Phone => "手机".into(),
            SurveyColumn::AnsweredOn => "日期".into(),
            SurveyColumn::Nps => "推荐意愿（NPS 0–10）".into(),
            SurveyColumn::Csat => "满意度（CSAT 1–5）".into(),
            SurveyColumn::Channel => "渠道".into(),
            SurveyColumn::Comment => "评价".into(),
            SurveyColumn::Question(q) => format!("题目得分：{q}"),
            SurveyColumn::Ignore => "不导入".into(),
        }
    }
}

/// Header words per role, compared after [`normalize`]; best first.
const WORDS: &[(&[&str], SurveyColumn)] = &[
    (
        &[
            "客户编号",
            "客户id",
            "客户代码",
            "会员编号",
            "会员卡号",
            "编号",
            "customerid",
            "code",
        ],
        SurveyColumn::CustomerCode,
    ),
    (
        &[
            "客户名称",
            "客户姓名",
            "姓名",
            "客户",
            "名称",
            "公司名称",
            "单位名称",
            "customer",
            "name",
        ],
        SurveyColumn::CustomerName,
    ),
    (
        &[
            "手机",
            "手机号",
            "手机号码",
            "联系电话",
            "电话",
            "联系方式",
            "phone",
            "mobile",
        ],
        SurveyColumn::Phone,
    ),
    (
        &[
            "日期",
            "答卷日期",
            "调查日期",
            "回访日期",
            "填写日期",
            "提交日期",
            "提交时间",
            "时间",
            "date",
        ],
        SurveyColumn::AnsweredOn,
    ),
    (
        &[
            "推荐意愿",
            "nps",
            "推荐度",
            "推荐指数",
            "推荐可能性",
            "推荐意愿评分",
            "净推荐值",
            "推荐",
        ],
        SurveyColumn::Nps,
    ),
    (
        &[
            "满意度",
            "csat",
            "总体满意度",
            "整体满意度",
            "满意度评分",
            "满意程度",
            "满意度得分",
        ],
        SurveyColumn::Csat,
    ),
    (
        &[
            "渠道",
            "调查渠道",
            "调查方式",
            "回访方式",
            "方式",
            "channel",
        ],
        SurveyColumn::Channel,
    ),
    (
        &[
            "评价",
            "意见",
            "建议",
            "意见建议",
            "评论",
            "留言",
            "备注",
            "客户评价",
            "comment",
        ],
        SurveyColumn::Comment,
    ),
];

/// Columns that hold numbers but are no question: row numbers.
const NOT_QUESTIONS: &[&str] = &["序号", "行号", "序列号", "no", "no.", "#", "排名"];

/// A survey sheet's header and the role of each column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyMapping {
    /// Where the header is and every column's header (targets unused), so
    /// [`crate::row_kind`] tells totals, notes and repeated headers.
    pub table: Mapping,
    /// One per column of `table`, in the same order.
    pub roles: Vec<SurveyColumn>,
}

impl SurveyMapping {
    fn has(&self, role: &SurveyColumn) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    /// The sheet must say who answered and give at least one score.
    pub fn check(&self) -> Result<(), &'static str> {
        if !(self.has(&SurveyColumn::CustomerCode)
            || self.has(&SurveyColumn::CustomerName)
            || self.has(&SurveyColumn::Phone))
        {
            return Err(
                "没有找到客户列：满意度答卷需要「客户编号」「客户名称」或「手机」才能归到客户名下",
            );
        }
        if !(self.has(&SurveyColumn::Nps)
            || self.has(&SurveyColumn::Csat)
            || self
                .roles
                .iter()
                .any(|r| matches!(r, SurveyColumn::Question(_))))
        {
            return Err("没有找到评分列：需要「推荐意愿」（0–10）、「满意度」（1–5）或题目得分列");
        }
        Ok(())
    }
}

/// Looks at the first rows of a sheet (index = Excel row − 1): the header,
/// and each column's role by its header; a column with no known header
/// whose first values are all numbers from 0 to 100 is a question's score.
pub fn guess_survey_mapping(rows: &[Vec<Cell>]) -> SurveyMapping {
    let (header_rows, headers) = find_header(rows);
    let data_start = header_rows.last().copied().unwrap_or(0) + 1;
    let sample: Vec<&Vec<Cell>> = rows.iter().skip(data_start).take(30).collect();
    let mut roles: Vec<SurveyColumn> = Vec::new();
    for (col, header) in headers.iter().enumerate() {
        let h = normalize(header);
        let known = WORDS
            .iter()
            .filter_map(|(words, role)| {
                let rank = words.iter().position(|w| *w == h)?;
                Some((rank, role))
            })
            .filter(|(_, role)| !roles.contains(role))
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, role)| role.clone());
        let role = match known {
            Some(r) => r,
            None if !h.is_empty()
                && !NOT_QUESTIONS.contains(&h.as_str())
                && is_score_column(&sample, col) =>
            {
                SurveyColumn::Question(header.trim().to_owned())
            }
            None => SurveyColumn::Ignore,
        };
        roles.push(role);
    }
    let columns = headers
        .iter()
        .enumerate()
        .map(|(col, header)| ColumnMapping {
            col,
            header: header.clone(),
            target: Target::Ignore,
            unit: None,
            confidence: Default::default(),
        })
        .collect();
    SurveyMapping {
        table: Mapping {
            header_rows,
            data_start,
            columns,
        },
        roles,
    }
}

/// Whether the first values of a column are all scores from 0 to 100.
fn is_score_column(sample: &[&Vec<Cell>], col: usize) -> bool {
    let mut seen = 0;
    for row in sample {
        let Some(cell) = row.get(col).filter(|c| !c.is_empty()) else {
            continue;
        };
        match read_score(cell) {
            Ok(v) if (0.0..=100.0).contains(&v) => seen += 1,
            _ => return false,
        }
    }
    seen > 0
}

/// One answer read from a row, not yet matched to a customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyRow {
    pub code: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub channel: Option<SurveyChannel>,
    pub comment: String,
    pub scores: BTreeMap<String, f64>,
    /// Values left out of the kept row (a phone that is no phone), each
    /// with `row_kept`.
    pub warnings: Vec<Problem>,
}

/// Reads one data row. Every bad cell is a problem (row, column, header,
/// value, reason) and refuses the row; so does a row with no score at all.
/// A channel that is none of the known words is kept as 其他, and a phone
/// that is no phone is left out when a code or name names the customer.
pub fn read_survey_row(
    row_index: usize,
    row: &[Cell],
    mapping: &SurveyMapping,
    date_1904: bool,
) -> Result<SurveyRow, Vec<Problem>> {
    let mut out = SurveyRow::default();
    let mut problems = Vec::new();
    for (c, role) in mapping.table.columns.iter().zip(&mapping.roles) {
        let Some(cell) = row.get(c.col).filter(|x| !x.is_empty()) else {
            continue;
        };
        let mut fail = |msg: Msg| {
            let value = cell.display().trim().to_owned();
            problems.push(Problem::at(row_index, c, value, msg))
        };
        match role {
            SurveyColumn::CustomerCode => {
                out.code = Some(read_code(cell)).filter(|s| !s.is_empty())
            }
            SurveyColumn::CustomerName => out.name = text(cell),
            SurveyColumn::Phone => match read_phone(cell) {
                Ok(p) => out.phone = Some(p),
                Err(m) => fail(m),
            },
            SurveyColumn::AnsweredOn => match read_date(cell, date_1904) {
                Ok(d) => out.answered_on = Some(d),
                Err(m) => fail(m),
            },
            SurveyColumn::Nps => match whole_score(cell, "nps", 0, 10) {
                Ok(v) => out.nps = Some(v),
                Err(m) => fail(m),
            },
            SurveyColumn::Csat => match whole_score(cell, "csat", 1, 5) {
                Ok(v) => out.csat = Some(v),
                Err(m) => fail(m),
            },
            SurveyColumn::Channel => {
                out.channel =
                    Some(SurveyChannel::parse(&cell.display()).unwrap_or(SurveyChannel::Other))
            }
            SurveyColumn::Comment => out.comment = text(cell).unwrap_or_default(),
            SurveyColumn::Question(q) => match read_score(cell) {
                Ok(v) => {
                    out.scores.insert(q.clone(), v);
                }
                Err(m) => fail(m),
            },
            SurveyColumn::Ignore => {}
        }
    }
    // A phone that is no phone costs nothing when a code or name is there.
    if out.code.is_some() || out.name.is_some() {
        for p in problems.iter_mut() {
            if role_at(mapping, p.col) == Some(&SurveyColumn::Phone) {
                p.row_kept = true;
            }
        }
    }
    let refusing = problems.iter().any(|p| !p.row_kept);
    if !refusing {
        if out.code.is_none() && out.name.is_none() && out.phone.is_none() {
            problems.push(Problem::whole_row(
                row_index,
                Msg::new("survey.no_customer"),
            ));
        } else if out.nps.is_none() && out.csat.is_none() && out.scores.is_empty() {
            problems.push(Problem::whole_row(row_index, Msg::new("survey.no_score")));
        }
    }
    if problems.iter().any(|p| !p.row_kept) {
        for p in problems.iter_mut() {
            p.row_kept = false;
        }
        return Err(problems);
    }
    if !problems.is_empty() {
        // Only a phone left out: the row is kept without it.
        out.phone = None;
        out.warnings = problems;
    }
    Ok(out)
}

fn role_at(mapping: &SurveyMapping, col: usize) -> Option<&SurveyColumn> {
    mapping
        .table
        .columns
        .iter()
        .position(|c| c.col == col)
        .and_then(|i| mapping.roles.get(i))
}

fn text(cell: &Cell) -> Option<String> {
    let s = cell.display().trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// A whole score from `low` to `high`; `which` (nps, csat) names the
/// messages (`survey.nps_range` …).
fn whole_score(cell: &Cell, which: &str, low: i64, high: i64) -> Result<i64, Msg> {
    let bad = |what: &str| score_msg(&format!("survey.{which}_{what}"), low, high);
    let v = read_score(cell).map_err(|_| bad("not_whole"))?;
    if v.fract() != 0.0 {
        return Err(bad("fraction").with("value", v));
    }
    if !(low as f64..=high as f64).contains(&v) {
        return Err(bad("range").with("value", v));
    }
    Ok(v as i64)
}
