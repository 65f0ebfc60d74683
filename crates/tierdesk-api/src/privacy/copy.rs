//! A person's copy (个人信息副本, PIPL art. 45): everything TierDesk holds
//! about one customer, unmasked (it is the person's own data), as JSON and
//! as one workbook with a sheet per kind of record. Making one is logged
//! (`privacy.copy`).
//!
//! A later feature that keeps more about a person adds a [`PersonSection`]
//! in [`Api::person_sections`]; it then appears in both formats.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::audit::{AuditEntry, AuditFilter, NewEntry};
use tierdesk_domain::{BenefitUse, Customer, ImportTouch, OrderLine, TierLabel};
use tierdesk_sheets::{CustomerValue, PersonCell, PersonSheet, CUSTOMER_COLUMNS};
use tierdesk_tiers::Explanation;
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// One custom field with the label people know it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonField {
    pub key: String,
    pub label: String,
    pub value: serde_json::Value,
}

/// One tier change, with the tiers' names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonHistory {
    pub at: String,
    pub from_tier: Option<String>,
    pub from_name: Option<String>,
    pub to_tier: Option<String>,
    pub to_name: Option<String>,
    pub score: Option<f64>,
    pub reason: String,
    pub who: String,
    /// The rating batch, or `None` for a change by hand.
    pub batch_id: Option<i64>,
}

/// Records a later feature keeps about a person: a titled table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSection {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Everything held about one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCopy {
    /// The day the copy was made.
    pub made_on: NaiveDate,
    pub customer: Customer,
    pub custom_fields: Vec<PersonField>,
    /// Newest first.
    pub tier_history: Vec<PersonHistory>,
    /// Why the active scheme gives the tier it gives (art. 24: automated
    /// decisions explained); `None` when no scheme can rate the customer
    /// (in the recycle bin, say).
    pub explanation: Option<Explanation>,
    pub order_lines: Vec<OrderLine>,
    pub benefit_uses: Vec<BenefitUse>,
    pub imports: Vec<ImportTouch>,
    /// The log's entries about the customer, newest first.
    pub audit: Vec<AuditEntry>,
    /// What later features keep (follow-ups, …), a table each.
    pub more: Vec<PersonSection>,
}

/// What a written copy holds, for the message shown after saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonCopyFile {
    pub file: String,
    /// Rows per sheet, in the workbook's order (sheet name, rows).
    pub sheets: Vec<(String, u64)>,
}

impl Api {
    /// Everything held about the customer `id_or_code`, unmasked. Logged.
    pub fn person_copy(&self, id_or_code: &str, as_of: NaiveDate) -> Result<PersonCopy> {
        self.allow(crate::domain::Perm::ExportAll)?;
        let (copy, counts) = self.gather_person(self.find_customer(id_or_code)?, as_of)?;
        self.log_copy(&copy, &counts, "数据")?;
        Ok(copy)
    }

    /// Writes the copy to `out`: JSON when the name ends in `.json`, a
    /// workbook when it ends in `.xlsx`. The file appears whole or not at
    /// all, and only once the log holds its entry (with the format).
    pub fn write_person_copy(
        &self,
        id_or_code: &str,
        out: &Path,
        as_of: NaiveDate,
    ) -> Result<PersonCopyFile> {
        self.allow(crate::domain::Perm::ExportAll)?;
        self.write_copy_of(self.find_customer(id_or_code)?, out, as_of)
    }

    /// [`Api::write_person_copy`] of the customer with the internal id `id`
    /// (the app's drawer): never a customer whose code reads like that id.
    pub fn write_person_copy_by_id(
        &self,
        id: i64,
        out: &Path,
        as_of: NaiveDate,
    ) -> Result<PersonCopyFile> {
        self.allow(crate::domain::Perm::ExportAll)?;
        self.write_copy_of(self.customer(id)?, out, as_of)
    }

    fn write_copy_of(
        &self,
        customer: Customer,
        out: &Path,
        as_of: NaiveDate,
    ) -> Result<PersonCopyFile> {
        let ext = out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let json = match ext.as_deref() {
            Some("json") => true,
            Some("xlsx") => false,
            _ => {
                return Err(ApiError::new(
                    ErrorCode::File,
                    format!(
                        "个人信息副本只能保存为 .xlsx 或 .json 文件，而不是「{}」",
                        out.display()
                    ),
                ))
            }
        };
        let (copy, counts) = self.gather_person(customer, as_of)?;
        let sheets = person_sheets(&copy, &self.tier_labels().unwrap_or_default());
        // Logged before the file appears: a copy is never there unlogged.
        self.log_copy(&copy, &counts, if json { "json" } else { "xlsx" })?;
        if json {
            let bytes = serde_json::to_vec_pretty(&copy)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            crate::save_file(out, &bytes)?;
        } else {
            tierdesk_sheets::write_person_copy(&sheets, out)?;
        }
        Ok(PersonCopyFile {
            file: out.display().to_string(),
            sheets: sheets
                .iter()
                .map(|s| (s.name.clone(), s.rows.len() as u64))
                .collect(),
        })
    }

    /// The copy, and each later feature's section title with its row count
    /// (those without rows included, which the copy leaves out).
    fn gather_person(
        &self,
        customer: Customer,
        as_of: NaiveDate,
    ) -> Result<(PersonCopy, Vec<(String, usize)>)> {
        let id = customer.id;
        let defs = self.store.field_defs()?;
        let labels = self.tier_labels().unwrap_or_default();
        let name = |k: &Option<String>| k.as_ref().map(|k| tier_name(&labels, k));
        let custom_fields = defs
            .iter()
            .filter_map(|d| {
                customer.fields.get(&d.key).map(|v| PersonField {
                    key: d.key.clone(),
                    label: d.label.clone(),
                    value: v.clone(),
                })
            })
            .collect();
        let tier_history = self
            .store
            .tier_history(id)?
            .into_iter()
            .map(|h| PersonHistory {
                from_name: name(&h.from_tier),
                to_name: name(&h.to_tier),
                at: h.at,
                from_tier: h.from_tier,
                to_tier: h.to_tier,
                score: h.score,
                reason: h.reason,
                who: h.who,
                batch_id: h.batch_id,
            })
            .collect();
        let explanation = if customer.deleted_at.is_none() {
            self.explain(id, None, as_of).ok()
        } else {
            None
        };
        let all_days = (
            NaiveDate::from_ymd_opt(1, 1, 1).expect("a day"),
            NaiveDate::from_ymd_opt(9999, 12, 31).expect("a day"),
        );
        let sections = self.person_sections(id)?;
        let counts = sections
            .iter()
            .map(|s| (s.title.clone(), s.rows.len()))
            .collect();
        // A kind with no records about the person adds no sheet.
        let more = sections
            .into_iter()
            .filter(|s| !s.rows.is_empty())
            .collect();
        let copy = PersonCopy {
            made_on: as_of,
            custom_fields,
            tier_history,
            explanation,
            order_lines: self.store.customer_lines(id)?,
            benefit_uses: self.store.benefit_uses(id, all_days.0, all_days.1)?,
            imports: self.store.customer_imports(id)?,
            audit: self
                .store
                .audit_list(&AuditFilter {
                    customer_id: Some(id),
                    limit: Some(u32::MAX),
                    ..AuditFilter::default()
                })?
                .items,
            more,
            customer,
        };
        Ok((copy, counts))
    }

    /// Records later features keep about a person, empty ones included.
    /// Add each new kind here.
    fn person_sections(&self, customer_id: i64) -> Result<Vec<PersonSection>> {
        Ok(vec![
            self.followup_section(customer_id)?,
            self.todo_section(customer_id)?,
            self.contact_section(customer_id)?,
            self.date_section(customer_id)?,
            self.survey_section(customer_id)?,
            self.case_section(customer_id)?,
            self.case_step_section(customer_id)?,
            self.churn_section(customer_id)?,
            self.points_section(customer_id)?,
        ])
    }

    /// The `privacy.copy` entry: the format, and the row count of every
    /// part of the copy (each later feature's section by its title, 0 when
    /// the person has none).
    fn log_copy(
        &self,
        copy: &PersonCopy,
        sections: &[(String, usize)],
        format: &str,
    ) -> Result<()> {
        let c = &copy.customer;
        let who = tierdesk_domain::audit::customer_ref(c.id);
        let entry = NewEntry::for_customer(
            "privacy.copy",
            c.id,
            format!("导出客户 {who} 的个人信息副本"),
        )
        .fact("格式", format)
        .fact("订单行", copy.order_lines.len())
        .fact("等级记录", copy.tier_history.len())
        .fact("权益使用", copy.benefit_uses.len())
        .fact("导入记录", copy.imports.len())
        .fact("操作日志", copy.audit.len());
        let entry = sections
            .iter()
            .fold(entry, |e, (title, rows)| e.fact(title, rows));
        self.store.audit_event(&entry)?;
        Ok(())
    }
}

fn tier_name(labels: &[TierLabel], key: &str) -> String {
    labels
        .iter()
        .find(|l| l.key == key)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| key.to_owned())
}

fn sheet(name: &str, headers: &[&str], rows: Vec<Vec<PersonCell>>) -> PersonSheet {
    PersonSheet {
        name: name.to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

fn text(v: &serde_json::Value) -> PersonCell {
    match v {
        serde_json::Value::Null => PersonCell::Empty,
        serde_json::Value::String(s) => PersonCell::Text(s.clone()),
        serde_json::Value::Number(n) => n.as_f64().map_or(PersonCell::Empty, PersonCell::from),
        other => PersonCell::Text(other.to_string()),
    }
}

/// The copy as workbook sheets: 基本信息 (every built-in field, then the
/// custom fields, one per row), 等级记录, 等级说明, 订单明细, 权益使用,
/// 导入记录, 操作日志, then any later section. Every sheet is there even
/// when empty, so the person sees what kinds of record exist.
pub fn person_sheets(copy: &PersonCopy, labels: &[TierLabel]) -> Vec<PersonSheet> {
    let basics = basic_rows(copy, labels);
    let history = history_rows(copy);
    let why = explanation_rows(copy);
    let lines = line_rows(copy);
    let uses = benefit_rows(copy, labels);
    let imports = import_rows(copy);
    let audit = audit_rows(copy);
    let mut sheets = vec![
        sheet("基本信息", &["项目", "内容"], basics),
        sheet(
            "等级记录",
            &["时间", "原等级", "新等级", "得分", "原因", "操作人", "来源"],
            history,
        ),
        sheet("等级说明", &["项目", "内容"], why),
        sheet(
            "订单明细",
            &["订单号", "时间", "商品", "数量", "单价", "金额", "类型"],
            lines,
        ),
        sheet(
            "权益使用",
            &["日期", "权益", "当时等级", "备注", "超额原因", "操作人"],
            uses,
        ),
        sheet(
            "导入记录",
            &[
                "导入编号",
                "时间",
                "文件",
                "工作表",
                "操作",
                "订单行数",
                "导入前的值",
                "操作人",
                "撤销时间",
            ],
            imports,
        ),
        sheet(
            "操作日志",
            &["时间", "操作人", "来源", "操作", "摘要", "详情"],
            audit,
        ),
    ];
    for s in &copy.more {
        sheets.push(PersonSheet {
            name: s.title.clone(),
            headers: s.headers.clone(),
            rows: s
                .rows
                .iter()
                .map(|r| r.iter().map(|v| v.clone().into()).collect())
                .collect(),
        });
    }
    sheets
}

/// The rows of one sheet.
type Rows = Vec<Vec<PersonCell>>;

fn basic_rows(copy: &PersonCopy, labels: &[TierLabel]) -> Rows {
    let c = &copy.customer;
    let mut basics: Vec<Vec<PersonCell>> = CUSTOMER_COLUMNS
        .iter()
        .map(|col| {
            let value = match (col.value)(c) {
                CustomerValue::Text(t) => t.map(str::to_owned).into(),
                CustomerValue::Number(n) => n.into(),
                CustomerValue::Date(d) => d.map(|d| d.format("%Y-%m-%d").to_string()).into(),
                CustomerValue::Tier(t) => t.map(|k| tier_name(labels, k)).into(),
                CustomerValue::List(l) => PersonCell::Text(l.join("、")),
            };
            vec![col.header.into(), value]
        })
        .collect();
    for f in &copy.custom_fields {
        basics.push(vec![f.label.clone().into(), text(&f.value)]);
    }
    basics.push(vec!["创建时间".into(), c.created_at.clone().into()]);
    basics.push(vec!["修改时间".into(), c.updated_at.clone().into()]);
    basics
}

fn history_rows(copy: &PersonCopy) -> Rows {
    let history = copy
        .tier_history
        .iter()
        .map(|h| {
            vec![
                h.at.clone().into(),
                h.from_name.clone().into(),
                h.to_name.clone().into(),
                h.score.into(),
                h.reason.clone().into(),
                h.who.clone().into(),
                h.batch_id
                    .map_or("手工调整".to_owned(), |b| format!("评级批次 #{b}"))
                    .into(),
            ]
        })
        .collect();
    history
}

fn explanation_rows(copy: &PersonCopy) -> Rows {
    let mut why: Vec<Vec<PersonCell>> = Vec::new();
    if let Some(x) = &copy.explanation {
        let mut line = |k: &str, v: String| why.push(vec![k.into(), v.into()]);
        line("按规则应得等级", x.tier_name.clone());
        if let Some(s) = x.score {
            line("得分", s.to_string());
        }
        for f in &x.figures {
            let v = f.value.map_or("缺少数据".to_owned(), |v| {
                tierdesk_tiers::show(&f.key, v)
            });
            line(&f.label, v);
        }
        for cond in &x.conditions {
            let mark = match cond.holds {
                Some(true) => "满足",
                Some(false) => "不满足",
                None => "无法判断",
            };
            line(
                &format!("{}的条件", cond.tier_name),
                format!("{mark}：{}", cond.text),
            );
        }
        for (k, v) in [
            ("升级还差", &x.next_up),
            ("高出", &x.margin),
            ("保留原因", &x.held),
        ] {
            if let Some(v) = v {
                line(k, v.clone());
            }
        }
        for m in &x.missing {
            line("缺少", m.clone());
        }
    }
    why
}

fn line_rows(copy: &PersonCopy) -> Rows {
    let lines = copy
        .order_lines
        .iter()
        .map(|l| {
            vec![
                l.order_no.clone().into(),
                l.occurred_at.clone().into(),
                l.product.clone().into(),
                l.quantity.into(),
                l.unit_price.into(),
                l.amount.into(),
                l.kind.label().into(),
            ]
        })
        .collect();
    lines
}

fn benefit_rows(copy: &PersonCopy, labels: &[TierLabel]) -> Rows {
    let uses = copy
        .benefit_uses
        .iter()
        .map(|u| {
            vec![
                u.used_on.format("%Y-%m-%d").to_string().into(),
                u.benefit.clone().into(),
                tier_name(labels, &u.tier).into(),
                u.note.clone().into(),
                u.over_quota_reason.clone().into(),
                u.who.clone().into(),
            ]
        })
        .collect();
    uses
}

fn import_rows(copy: &PersonCopy) -> Rows {
    let imports = copy
        .imports
        .iter()
        .map(|i| {
            let action = match (i.created, i.changed) {
                (true, _) => "新建客户",
                (false, true) => "修改客户",
                (false, false) => "导入订单",
            };
            vec![
                i.import_id.into(),
                i.at.clone().into(),
                i.file.clone().into(),
                i.sheet.clone().into(),
                action.into(),
                (i.lines as i64).into(),
                i.previous
                    .as_ref()
                    .map(|p| serde_json::to_string(p).unwrap_or_default())
                    .into(),
                i.who.clone().into(),
                i.undone_at.clone().into(),
            ]
        })
        .collect();
    imports
}

fn audit_rows(copy: &PersonCopy) -> Rows {
    let audit = copy
        .audit
        .iter()
        .map(|e| {
            let details = e.details.as_ref().map(|d| {
                let changes = d.changes.iter().map(|ch| {
                    format!(
                        "{}：{} → {}",
                        ch.label,
                        ch.before.as_deref().unwrap_or("（空）"),
                        ch.after.as_deref().unwrap_or("（空）")
                    )
                });
                let facts = d.facts.iter().map(|f| format!("{}：{}", f.name, f.value));
                changes.chain(facts).collect::<Vec<_>>().join("；")
            });
            vec![
                e.at.clone().into(),
                e.actor.clone().into(),
                e.source.label().into(),
                tierdesk_domain::audit::action_label(&e.action).into(),
                e.summary.clone().into(),
                details.into(),
            ]
        })
        .collect();
    audit
}
