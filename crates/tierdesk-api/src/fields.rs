use tierdesk_domain::FieldDef;

use crate::{Api, ApiError, Result};

/// Keys the built-in columns use; a custom field may not take one, or rules
/// and imports could not tell them apart.
const RESERVED: &[&str] = &[
    "id",
    "code",
    "name",
    "phone",
    "spend",
    "frequency",
    "tenure_years",
    "influence",
    "tier",
    "last_rated_on",
    "next_rating_on",
    "gender",
    "birth_date",
    "email",
    "address",
    "registered_on",
    "last_contact_on",
    "preferred_category",
    "notes",
    "manager",
    "tags",
    "fields",
    "orders",
    "orders_per_month",
    "recency_days",
    "avg_order_value",
];

impl Api {
    pub fn field_defs(&self) -> Result<Vec<FieldDef>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.field_defs()?)
    }

    pub fn add_field_def(&self, mut def: FieldDef) -> Result<FieldDef> {
        self.allow(crate::domain::Perm::Settings)?;
        def.key = def.key.trim().to_owned();
        def.label = def.label.trim().to_owned();
        FieldDef::check_key(&def.key).map_err(ApiError::invalid)?;
        if RESERVED.contains(&def.key.as_str()) {
            return Err(ApiError::invalid(format!(
                "字段标识「{}」是内置字段，请换一个",
                def.key
            )));
        }
        if def.label.is_empty() {
            return Err(ApiError::invalid("请填写字段名称"));
        }
        def.choices = def
            .choices
            .iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        if def.kind == tierdesk_domain::FieldKind::Choice && def.choices.is_empty() {
            return Err(ApiError::invalid("选项字段至少要有一个选项"));
        }
        self.store.add_field_def(&def)?;
        Ok(def)
    }

    pub fn remove_field_def(&self, key: &str) -> Result<()> {
        self.allow(crate::domain::Perm::Settings)?;
        Ok(self.store.remove_field_def(key)?)
    }
}
