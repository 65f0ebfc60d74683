//! The Excel exports: the blank template and the customer list, both in
//! one workbook layout.

use std::path::Path;

use tierdesk_domain::{Customer, CustomerQuery};
use tierdesk_sheets::{CustomerLayout, OutputFile, TierStyle};
use tierdesk_tiers::Scheme;

use crate::{Api, ApiError, ErrorCode, Result};

impl Api {
    /// The customer workbook for `scheme`: the built-in columns of
    /// [`tierdesk_sheets::CUSTOMER_COLUMNS`], then the custom fields.
    fn workbook_layout(
        &self,
        scheme: &Scheme,
        instructions: Vec<String>,
    ) -> Result<CustomerLayout> {
        let tiers = scheme
            .tiers
            .iter()
            .map(|t| TierStyle {
                key: t.key.clone(),
                name: t.name.clone(),
                color: t.color.clone(),
            })
            .collect();
        Ok(CustomerLayout::new(tiers, self.field_defs()?, instructions))
    }

    /// Writes the blank 星级客户管理表 template: the seed layout, a drop-down
    /// of the scheme's tiers on 当前等级, text columns for phones and codes,
    /// and an instruction sheet. It imports back with no mapping step.
    pub fn export_template(&self, scheme: Option<&str>, out: &Path) -> Result<()> {
        self.allow(crate::domain::Perm::View)?;
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
        let layout = self.workbook_layout(&scheme, instructions)?;
        tierdesk_sheets::write_customer_book(
            &layout.book,
            &mut std::iter::empty(),
            out,
            &mut |_| {},
        )?;
        Ok(())
    }

    /// Writes the customers a query matches (all of them: paging is ignored)
    /// in the template's layout. `progress(done, total)` follows the rows.
    /// `masked` writes them as the list shows them (phones, and e-mail
    /// addresses and sensitive fields when so set); the app and the CLI
    /// export masked unless the person opts out.
    pub fn export_customers(
        &self,
        query: &CustomerQuery,
        masked: bool,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u64> {
        self.allow(crate::domain::Perm::ExportAll)?;
        let query = &*self.owner_query(query);
        let scheme = self.active_scheme()?;
        let layout = self.workbook_layout(&scheme, Vec::new())?;
        let masking = if masked { Some(self.masking()?) } else { None };
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
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Customer>>(8);
        // The file is created here, before any row is read, so a folder that
        // cannot be written is reported at once; it replaces `out` only after
        // both the reading and the writing succeeded.
        let mut file = OutputFile::create(out)?;
        let writer = std::thread::spawn(move || {
            let mut rows = rx.into_iter().flatten();
            tierdesk_sheets::write_customers_to(&layout, &mut rows, &mut file, &mut |_| {})
                .map(|n| (n, file))
        });
        let mut sent = 0u64;
        let mut chunk = Vec::with_capacity(CHUNK);
        let read = self.store.for_each_matching(query, |mut c| {
            if let Some(m) = &masking {
                m.apply(&mut c);
            }
            chunk.push(c);
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
        // Logged before the file appears: an export is never there unlogged.
        self.log_output(crate::audit::Output {
            action: "export.customers",
            kind: "file",
            what: "客户名单".into(),
            people: written,
            masked,
            file: Some(out),
            customer: None,
        })?;
        file.commit()?;
        progress(written, total.max(written));
        Ok(written)
    }
}
