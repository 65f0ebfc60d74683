//! The fields a column can be mapped to, for the wizard's drop-down.

use serde::{Deserialize, Serialize};
use tierdesk_mapping::{CustomerField, Target, TxField};
use ts_rs::TS;

use crate::{Api, Result};

/// One choice in the wizard's column drop-down.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TargetOption {
    pub target: Target,
    pub label: String,
    /// 客户字段, 订单字段, 自定义字段 or 不导入, to group the drop-down.
    pub group: String,
}

impl Api {
    /// Every field a column can be mapped to, with the labels people see.
    pub fn import_targets(&self) -> Result<Vec<TargetOption>> {
        self.allow(crate::domain::Perm::View)?;
        let mut out: Vec<TargetOption> = CustomerField::ALL
            .iter()
            .map(|f| TargetOption {
                target: Target::Customer(*f),
                label: f.label().to_owned(),
                group: "客户字段".into(),
            })
            .collect();
        out.extend(TxField::ALL.iter().map(|f| TargetOption {
            target: Target::Tx(*f),
            label: f.label().to_owned(),
            group: "订单字段".into(),
        }));
        out.extend(self.store.field_defs()?.into_iter().map(|d| TargetOption {
            label: d.label.clone(),
            target: Target::Custom {
                key: d.key,
                label: d.label,
                kind: d.kind,
            },
            group: "自定义字段".into(),
        }));
        out.push(TargetOption {
            target: Target::Ignore,
            label: "不导入".into(),
            group: "不导入".into(),
        });
        Ok(out)
    }
}
