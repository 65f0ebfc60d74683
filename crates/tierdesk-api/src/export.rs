//! The Excel exports: the blank template and the customer list, both in
//! one workbook layout.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;
use tierdesk_domain::{Cell, Customer, CustomerQuery, FieldDef, FieldKind};
use tierdesk_mapping::CustomerField;
use tierdesk_report::mask_phone;
use tierdesk_sheets::{ColumnKind, CustomerBook, ExportColumn, OutputFile};
use tierdesk_tiers::Scheme;

use crate::{Api, ApiError, ErrorCode, Result};

impl Api {
    /// The columns of a customer workbook: 客户编号, the seed sheet's columns,
    /// the other built-in fields, then the custom fields.
    fn workbook_layout(
        &self,
        scheme: &Scheme,
        instructions: Vec<String>,
    ) -> Result<(CustomerBook, Vec<FieldDef>)> {
        use CustomerField as F;
        let fields = self.field_defs()?;
        let order = [
            F::Code,
            F::Name,
            F::Phone,
            F::Spend,
            F::Frequency,
            F::TenureYears,
            F::Influence,
            F::Tier,
            F::LastRatedOn,
            F::NextRatingOn,
            F::Gender,
            F::BirthDate,
            F::Email,
            F::Address,
            F::RegisteredOn,
            F::LastContactOn,
            F::PreferredCategory,
            F::Manager,
            F::Tags,
            F::Notes,
        ];
        debug_assert_eq!(order.len(), F::ALL.len());
        let tier_names: Vec<(String, String)> = scheme
            .tiers
            .iter()
            .map(|t| (t.name.clone(), t.color.clone()))
            .collect();
        let mut columns: Vec<ExportColumn> = order
            .iter()
            .map(|f| {
                let (kind, width) = match f {
                    F::Code => (ColumnKind::Code, 12.0),
                    F::Name => (ColumnKind::Text, 24.0),
                    F::Phone => (ColumnKind::Code, 16.0),
                    F::Spend => (ColumnKind::Number("#,##0.00"), 14.0),
                    F::Frequency => (ColumnKind::Number("0.##"), 10.0),
                    F::TenureYears => (ColumnKind::Number("0.##"), 10.0),
                    F::Influence => (ColumnKind::Number("0.##"), 11.0),
                    F::Tier => (ColumnKind::Tier(tier_names.clone()), 11.0),
                    F::LastRatedOn
                    | F::NextRatingOn
                    | F::BirthDate
                    | F::RegisteredOn
                    | F::LastContactOn => (ColumnKind::Date, 14.0),
                    F::Gender => (ColumnKind::Choice(vec!["男".into(), "女".into()]), 7.0),
                    F::Address | F::Notes => (ColumnKind::Text, 30.0),
                    _ => (ColumnKind::Text, 14.0),
                };
                ExportColumn {
                    header: f.label().into(),
                    kind,
                    width,
                }
            })
            .collect();
        for d in &fields {
            let kind = match d.kind {
                FieldKind::Number => ColumnKind::Number("0.##"),
                FieldKind::Date => ColumnKind::Date,
                FieldKind::Choice if !d.choices.is_empty() => ColumnKind::Choice(d.choices.clone()),
                _ => ColumnKind::Text,
            };
            columns.push(ExportColumn {
                header: d.label.clone(),
                kind,
                width: 14.0,
            });
        }
        Ok((
            CustomerBook {
                sheet: "星级客户管理表".into(),
                columns,
                instructions,
            },
            fields,
        ))
    }

    /// Writes the blank 星级客户管理表 template: the seed layout, a drop-down
    /// of the scheme's tiers on 当前等级, text columns for phones and codes,
    /// and an instruction sheet. It imports back with no mapping step.
    pub fn export_template(&self, scheme: Option<&str>, out: &Path) -> Result<()> {
        let scheme = self.report_scheme(scheme)?;
        let tiers: Vec<String> = scheme.tiers.iter().map(|t| t.name.clone()).collect();
        let instructions = vec![
            "星级客户管理表 填写说明".to_owned(),
            "1. 每行填写一位客户；「客户名称」必填，其余可留空。".to_owned(),
            "2. 「客户编号」用于再次导入时识别同一位客户；没有编号时按手机号、再按名称识别。".to_owned(),
            "3. 「联系方式」填写手机号（如 13812345678）或带区号的座机（如 010-12345678），按文本保存，不会变成科学计数法。".to_owned(),
            "4. 「消费金额」单位为元，可直接填数字；「购买频次」为每年购买次数；「使用年限」单位为年。".to_owned(),
            "5. 「影响力评分」为 0–100 分。".to_owned(),
            format!("6. 「当前等级」请从下拉列表选择（方案「{}」：{}）。", scheme.name, tiers.join("、")),
            "7. 日期请按 2024-03-01 的格式填写。".to_owned(),
            "8. 「标签」多个时用顿号或逗号分隔。".to_owned(),
            "9. 填好后在 TierDesk 中选择「导入」，选择本文件即可，无需再对应列。".to_owned(),
        ];
        let (book, _) = self.workbook_layout(&scheme, instructions)?;
        tierdesk_sheets::write_customer_book(&book, &mut std::iter::empty(), out, &mut |_| {})?;
        Ok(())
    }

    /// Writes the customers a query matches (all of them: paging is ignored)
    /// in the template's layout. `progress(done, total)` follows the rows.
    pub fn export_customers(
        &self,
        query: &CustomerQuery,
        mask_phones: bool,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u64> {
        let scheme = self.active_scheme()?;
        let (book, fields) = self.workbook_layout(&scheme, Vec::new())?;
        let total = self
            .store
            .list_customers(&CustomerQuery {
                limit: 1,
                offset: 0,
                ..query.clone()
            })?
            .total;
        // Rows are read from SQLite on this thread and handed to the writer
        // in chunks through a bounded channel, so memory stays flat for any
        // list size and both threads keep busy.
        const CHUNK: usize = 512;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<Cell>>>(8);
        // The file is created here, before any row is read, so a folder that
        // cannot be written is reported at once; it replaces `out` only after
        // both the reading and the writing succeeded.
        let mut file = OutputFile::create(out)?;
        let writer = std::thread::spawn(move || {
            let mut rows = rx.into_iter().flatten();
            tierdesk_sheets::write_customer_book_to(&book, &mut rows, &mut file, &mut |_| {})
                .map(|n| (n, file))
        });
        let mut sent = 0u64;
        let mut chunk = Vec::with_capacity(CHUNK);
        let read = self.store.for_each_matching(query, |c| {
            chunk.push(customer_cells(&c, &scheme, &fields, mask_phones));
            if chunk.len() == CHUNK {
                sent += CHUNK as u64;
                let _ = tx.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
                if sent.is_multiple_of(4096) {
                    progress(sent, total);
                }
            }
            Ok(())
        });
        if !chunk.is_empty() {
            let _ = tx.send(chunk);
        }
        drop(tx);
        let (written, file) = writer
            .join()
            .map_err(|_| ApiError::new(ErrorCode::Internal, "写入 Excel 时出错"))??;
        // A read that failed half-way sent only some of the rows: dropping
        // the file discards them and leaves `out` as it was.
        read?;
        file.commit()?;
        progress(written, total.max(written));
        Ok(written)
    }
}

fn date_cell(d: Option<NaiveDate>) -> Cell {
    match d.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        Some(dt) => Cell::Date(dt),
        None => Cell::Empty,
    }
}

fn text_cell(s: Option<&str>) -> Cell {
    match s {
        Some(s) if !s.is_empty() => Cell::Text(s.to_owned()),
        _ => Cell::Empty,
    }
}

fn num_cell(v: Option<f64>) -> Cell {
    v.map(Cell::Number).unwrap_or(Cell::Empty)
}

/// One customer as a row of the workbook, in [`Api::workbook_layout`]'s order.
fn customer_cells(c: &Customer, scheme: &Scheme, fields: &[FieldDef], mask: bool) -> Vec<Cell> {
    let tier = c.tier.as_deref().map(|k| {
        scheme
            .tier(k)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| k.to_owned())
    });
    let phone = c
        .phone
        .as_deref()
        .map(|p| if mask { mask_phone(p) } else { p.to_owned() });
    let mut row = vec![
        text_cell(c.code.as_deref()),
        Cell::Text(c.name.clone()),
        text_cell(phone.as_deref()),
        num_cell(c.spend),
        num_cell(c.frequency),
        num_cell(c.tenure_years),
        num_cell(c.influence),
        text_cell(tier.as_deref()),
        date_cell(c.last_rated_on),
        date_cell(c.next_rating_on),
        text_cell(c.gender.map(|g| g.label())),
        date_cell(c.birth_date),
        text_cell(c.email.as_deref()),
        text_cell(c.address.as_deref()),
        date_cell(c.registered_on),
        date_cell(c.last_contact_on),
        text_cell(c.preferred_category.as_deref()),
        text_cell(c.manager.as_deref()),
        text_cell(Some(&c.tags.join("、"))),
        text_cell(c.notes.as_deref()),
    ];
    for d in fields {
        row.push(match c.fields.get(&d.key) {
            None | Some(Value::Null) => Cell::Empty,
            Some(Value::Number(n)) => num_cell(n.as_f64()),
            Some(Value::String(s)) if d.kind == FieldKind::Date => {
                match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                    Ok(day) => date_cell(Some(day)),
                    Err(_) => Cell::Text(s.clone()),
                }
            }
            Some(Value::String(s)) => text_cell(Some(s)),
            Some(other) => Cell::Text(other.to_string()),
        });
    }
    row
}
