//! The points catalogue (积分礼品) beyond adding: editing an item, turning it
//! off (停用: it can no longer be redeemed, old redemptions keep naming it)
//! and how many of each item are redeemed (undone redemptions left out);
//! whether the ledger is used at all.

use std::collections::HashMap;

use tierdesk_domain::audit::{action_label, NewEntry};
use tierdesk_domain::points::{CatalogueItem, ItemKind};

use crate::points::item_in;
use crate::{args, Result, Store, StoreError};

/// What an edit of a catalogue item sets: every field, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange<'a> {
    pub name: &'a str,
    pub kind: ItemKind,
    pub price: i64,
    pub stock: Option<i64>,
    pub active: bool,
}

impl Store {
    /// Changes a catalogue item (name, kind, price, stock, active). Refused
    /// for an unknown item, an empty or taken name, a price ≤ 0 or a negative
    /// stock; the audit entry names what changed.
    pub fn points_catalogue_edit(&mut self, id: i64, change: &ItemChange) -> Result<CatalogueItem> {
        self.write_with_audit(|conn| {
            let old = item_in(conn, id)?
                .ok_or_else(|| StoreError::PointsRefused(format!("兑换目录里没有礼品 #{id}")))?;
            let name = change.name.trim();
            if name.is_empty() {
                return Err(StoreError::PointsRefused("礼品名称不能为空".into()));
            }
            if change.price <= 0 {
                return Err(StoreError::PointsRefused(format!(
                    "「{name}」的兑换积分须大于 0"
                )));
            }
            if change.stock.is_some_and(|s| s < 0) {
                return Err(StoreError::PointsRefused(format!(
                    "「{name}」的库存不能为负数"
                )));
            }
            let taken: bool = conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM points_catalogue WHERE name = ?1 AND id <> ?2)",
                args![name, id],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::PointsRefused(format!(
                    "兑换目录里已有「{name}」"
                )));
            }
            conn.execute(
                "UPDATE points_catalogue SET name = ?2, kind = ?3, price = ?4, stock = ?5, active = ?6
                 WHERE id = ?1",
                args![id, name, change.kind.key(), change.price, change.stock, change.active],
            )?;
            let item = item_in(conn, id)?
                .ok_or_else(|| StoreError::Corrupt("刚修改的礼品不见了".into()))?;
            let entry = edit_entry(&old, &item);
            Ok((item, Some(entry)))
        })
    }

    /// How many of each catalogue item are redeemed, by item id: redeemed
    /// quantities less the undone ones; items never redeemed are absent.
    pub fn points_redeemed(&self) -> Result<HashMap<i64, i64>> {
        let rows = self.db().query_map(
            "SELECT item_id, SUM(CASE kind WHEN 'redeem' THEN qty ELSE -qty END)
             FROM points_ledger
             WHERE item_id IS NOT NULL AND qty IS NOT NULL AND kind IN ('redeem', 'reverse')
             GROUP BY item_id",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// Whether the ledger has any row at all (the list's 积分 column shows
    /// while it has, even with the scheme's points off).
    pub fn points_ledger_used(&self) -> Result<bool> {
        self.db()
            .query_row("SELECT EXISTS(SELECT 1 FROM points_ledger)", args![], |r| {
                r.get(0)
            })
    }
}

/// The audit entry of an edit: one fact per field that changed.
fn edit_entry(old: &CatalogueItem, new: &CatalogueItem) -> NewEntry {
    let stock = |s: Option<i64>| s.map_or_else(|| "不限".to_owned(), |n| n.to_string());
    let state = |a: bool| if a { "启用" } else { "停用" };
    let mut entry = NewEntry::new(
        "points.catalogue_edit",
        "points_item",
        new.id.to_string(),
        format!("{}：#{}", action_label("points.catalogue_edit"), new.id),
    )
    .fact("名称", &new.name);
    let changes = [
        ("原名称", old.name.clone(), new.name.clone()),
        ("类型", old.kind.label().into(), new.kind.label().into()),
        ("兑换积分", old.price.to_string(), new.price.to_string()),
        ("库存", stock(old.stock), stock(new.stock)),
        ("状态", state(old.active).into(), state(new.active).into()),
    ];
    for (label, before, after) in changes {
        if before != after {
            entry = entry.fact(label, format!("{before} → {after}"));
        }
    }
    entry
}
