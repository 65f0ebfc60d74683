//! The 积分礼品 page's catalogue: each item with how many are redeemed, and
//! editing or turning off (停用) an item.

use serde::{Deserialize, Serialize};
use tierdesk_domain::points::{CatalogueItem, ItemKind};
use tierdesk_store::ItemChange;
use ts_rs::TS;

use crate::{Api, Result};

/// A catalogue item and how many of it are redeemed (undone redemptions
/// left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PointsItemLine {
    pub item: CatalogueItem,
    pub redeemed: i64,
}

/// An item as the edit form sends it back: every field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PointsItemEdit {
    pub name: String,
    pub kind: ItemKind,
    pub price: i64,
    /// `None`: not counted.
    pub stock: Option<i64>,
    pub active: bool,
}

impl Api {
    /// The catalogue (active items first, by name) with redeemed counts.
    pub fn points_catalogue_lines(&self) -> Result<Vec<PointsItemLine>> {
        self.allow(crate::domain::Perm::View)?;
        let redeemed = self.store.points_redeemed()?;
        Ok(self
            .store
            .points_catalogue()?
            .into_iter()
            .map(|item| PointsItemLine {
                redeemed: redeemed.get(&item.id).copied().unwrap_or(0),
                item,
            })
            .collect())
    }

    /// Changes a catalogue item; `active: false` turns it off (停用): it
    /// can no longer be redeemed, and the ledger keeps naming it.
    pub fn points_catalogue_edit(
        &mut self,
        id: i64,
        edit: &PointsItemEdit,
    ) -> Result<CatalogueItem> {
        self.allow(crate::domain::Perm::Settings)?;
        let change = ItemChange {
            name: &edit.name,
            kind: edit.kind,
            price: edit.price,
            stock: edit.stock,
            active: edit.active,
        };
        Ok(self.store.points_catalogue_edit(id, &change)?)
    }
}
