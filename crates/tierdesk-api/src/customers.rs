use tierdesk_domain::{Customer, CustomerDraft, CustomerQuery, Page};

use crate::{Api, ApiError, ErrorCode, Result};

impl Api {
    pub fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        Ok(self.store.list_customers(query)?)
    }

    pub fn customer(&self, id: i64) -> Result<Customer> {
        Ok(self.store.customer(id)?)
    }

    /// Finds a customer by code, or by id when no customer has that code:
    /// people think in codes, scripts in ids.
    pub fn find_customer(&self, id_or_code: &str) -> Result<Customer> {
        let key = id_or_code.trim();
        if let Some(c) = self.store.customer_by_code(key)? {
            return Ok(c);
        }
        if let Ok(id) = key.parse::<i64>() {
            if let Ok(c) = self.store.customer(id) {
                return Ok(c);
            }
        }
        Err(ApiError::new(
            ErrorCode::NotFound,
            format!("找不到编号或 ID 为「{key}」的客户"),
        ))
    }

    pub fn create_customer(&mut self, draft: CustomerDraft) -> Result<Customer> {
        let defs = self.store.field_defs()?;
        let draft = draft.validate(&defs)?;
        Ok(self.store.insert_customer(&draft)?)
    }

    pub fn update_customer(&mut self, id: i64, draft: CustomerDraft) -> Result<Customer> {
        let defs = self.store.field_defs()?;
        let draft = draft.validate(&defs)?;
        Ok(self.store.update_customer(id, &draft)?)
    }

    /// Moves customers to the recycle bin; nothing is lost by a misclick.
    pub fn delete_customers(&mut self, ids: &[i64]) -> Result<usize> {
        Ok(self.store.delete_customers(ids)?)
    }

    pub fn restore_customers(&mut self, ids: &[i64]) -> Result<usize> {
        Ok(self.store.restore_customers(ids)?)
    }

    pub fn empty_recycle_bin(&mut self) -> Result<usize> {
        Ok(self.store.empty_recycle_bin()?)
    }
}
