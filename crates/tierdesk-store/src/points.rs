//! The points ledger (migration 0019): adding and taking points by hand,
//! redeeming from the catalogue, undoing a row, and expiring as of a day.
//!
//! Every writer appends rows through [`append_in`], which reads the
//! customer's last `balance_after` (one step of the `(customer_id, id)`
//! index) inside the write transaction, so two writers can never both spend
//! the same points: the second waits for the first's `BEGIN IMMEDIATE` and
//! then sees its balance. Every writer records its audit entry in the same
//! transaction; summaries name the customer only as `#id`, the reason goes
//! in the details.

use chrono::NaiveDate;
use tierdesk_domain::audit::{action_label, customer_ref, NewEntry};
use tierdesk_domain::points::{
    expiring, CatalogueItem, EntryKind, ItemKind, Lot, PointsEntry, SourceKind,
};

use crate::db::{AsDb, Db, OptionalExt, Row};
use crate::{args, now_text, Result, Store, StoreError};

/// A row about to be appended; `balance_after` and `at` are filled in.
#[derive(Debug, Clone)]
pub(crate) struct NewRow<'a> {
    pub customer_id: i64,
    pub on_day: NaiveDate,
    pub kind: EntryKind,
    pub points: i64,
    pub source: SourceKind,
    pub order_no: Option<&'a str>,
    pub import_id: Option<i64>,
    pub item_id: Option<i64>,
    pub qty: Option<i64>,
    pub reason: &'a str,
    pub who: &'a str,
    pub expires_on: Option<NaiveDate>,
    pub reverses_id: Option<i64>,
    /// What a rule row gives once (`first_purchase`, `reach:<tier>`).
    pub bonus: Option<&'a str>,
    /// The rating whose reach bonus the row is.
    pub batch_id: Option<i64>,
}

impl<'a> NewRow<'a> {
    pub(crate) fn new(
        customer_id: i64,
        on_day: NaiveDate,
        kind: EntryKind,
        points: i64,
        source: SourceKind,
        who: &'a str,
    ) -> NewRow<'a> {
        NewRow {
            customer_id,
            on_day,
            kind,
            points,
            source,
            order_no: None,
            import_id: None,
            item_id: None,
            qty: None,
            reason: "",
            who,
            expires_on: None,
            reverses_id: None,
            bonus: None,
            batch_id: None,
        }
    }
}

const COLUMNS: &str = "id, customer_id, at, on_day, kind, points, balance_after, source_kind,
     order_no, import_id, item_id, qty, reason, who, expires_on, reverses_id";

fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
            .into()
    })
}

fn bad_word(what: &str, word: &str) -> StoreError {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("积分{what}「{word}」无法识别").into(),
    )
    .into()
}

fn entry_of(r: &Row<'_>) -> Result<PointsEntry> {
    let kind: String = r.get(4)?;
    let source: String = r.get(7)?;
    let on_day: String = r.get(3)?;
    let expires: Option<String> = r.get(14)?;
    Ok(PointsEntry {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        at: r.get(2)?,
        on_day: day(&on_day)?,
        kind: EntryKind::parse(&kind).ok_or_else(|| bad_word("类型", &kind))?,
        points: r.get(5)?,
        balance_after: r.get(6)?,
        source: SourceKind::parse(&source).ok_or_else(|| bad_word("来源", &source))?,
        order_no: r.get(8)?,
        import_id: r.get(9)?,
        item_id: r.get(10)?,
        qty: r.get(11)?,
        reason: r.get(12)?,
        who: r.get(13)?,
        expires_on: expires.as_deref().map(day).transpose()?,
        reverses_id: r.get(15)?,
    })
}

pub(crate) fn item_of(r: &Row<'_>) -> Result<CatalogueItem> {
    let kind: String = r.get(2)?;
    Ok(CatalogueItem {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: ItemKind::parse(&kind).ok_or_else(|| bad_word("礼品类型", &kind))?,
        price: r.get(3)?,
        stock: r.get(4)?,
        active: r.get(5)?,
    })
}

/// A customer's balance: the last row's `balance_after`, 0 with no rows.
pub(crate) fn balance_in(conn: &impl AsDb, customer_id: i64) -> Result<i64> {
    Ok(last_balance_in(conn, customer_id)?.unwrap_or(0))
}

/// The last row's `balance_after`, `None` when the customer has no row.
pub(crate) fn last_balance_in(conn: &impl AsDb, customer_id: i64) -> Result<Option<i64>> {
    conn.as_db()
        .query_row(
            "SELECT balance_after FROM points_ledger WHERE customer_id = ?1
             ORDER BY id DESC LIMIT 1",
            args![customer_id],
            |r| r.get(0),
        )
        .optional()
}

/// Appends a row after the customer's last one and returns it as stored.
pub(crate) fn append_in(conn: &impl AsDb, row: &NewRow) -> Result<PointsEntry> {
    let db = conn.as_db();
    let balance = balance_in(&db, row.customer_id)?
        .checked_add(row.points)
        .ok_or_else(|| StoreError::PointsRefused("积分数超出范围".into()))?;
    // An import appends a row per customer: SQLite's plain insert and its
    // last row id, as before (db.insert_id).
    let id = db.insert_id(
        "INSERT INTO points_ledger(customer_id, at, on_day, kind, points, balance_after,
             source_kind, order_no, import_id, item_id, qty, reason, who, expires_on, reverses_id,
             bonus, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        args![
            row.customer_id,
            now_text(),
            row.on_day.to_string(),
            row.kind.key(),
            row.points,
            balance,
            row.source.key(),
            row.order_no,
            row.import_id,
            row.item_id,
            row.qty,
            row.reason,
            row.who,
            row.expires_on.map(|d| d.to_string()),
            row.reverses_id,
            row.bonus,
            row.batch_id
        ],
    )?;
    entry_in(&db, id)?.ok_or_else(|| StoreError::Corrupt("刚写入的积分记录不见了".into()))
}

fn entry_in(db: &Db<'_>, id: i64) -> Result<Option<PointsEntry>> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM points_ledger WHERE id = ?1"),
        args![id],
        entry_of,
    )
    .optional()
}

fn live_customer_in(db: &Db<'_>, customer_id: i64) -> Result<()> {
    let live: bool = db.query_row(
        "SELECT EXISTS(SELECT 1 FROM customers WHERE id = ?1 AND deleted_at IS NULL)",
        args![customer_id],
        |r| r.get(0),
    )?;
    if live {
        Ok(())
    } else {
        Err(StoreError::CustomerNotFound(customer_ref(customer_id)))
    }
}

pub(crate) fn item_in(db: &Db<'_>, id: i64) -> Result<Option<CatalogueItem>> {
    db.query_row(
        "SELECT id, name, kind, price, stock, active FROM points_catalogue WHERE id = ?1",
        args![id],
        item_of,
    )
    .optional()
}

/// The lots still counted and the points used so far, for the expiry: rows
/// that added points (earn, opening, a positive adjustment) and rows that
/// took them (redeem, expire, a negative adjustment), each left out when a
/// later row reversed it.
pub(crate) fn lots_in(conn: &impl AsDb, customer_id: i64) -> Result<(Vec<Lot>, i64)> {
    let rows: Vec<(String, i64, Option<String>)> = conn.as_db().query_map(
        "SELECT on_day, points, expires_on FROM points_ledger l
         WHERE customer_id = ?1 AND kind <> 'reverse'
           AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id)
         ORDER BY id",
        args![customer_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (mut lots, mut used) = (Vec::new(), 0i64);
    for (on, points, expires) in rows {
        if points < 0 {
            used += -points;
            continue;
        }
        lots.push(Lot {
            earned_on: day(&on)?,
            points,
            expires_on: expires.as_deref().map(day).transpose()?,
        });
    }
    Ok((lots, used))
}

fn entry_audit(action: &str, e: &PointsEntry) -> NewEntry {
    let who = customer_ref(e.customer_id);
    NewEntry::new(
        action,
        "points",
        e.id.to_string(),
        format!(
            "{} {who}：{:+} 分，余额 {}",
            action_label(action),
            e.points,
            e.balance_after
        ),
    )
    .customer(e.customer_id)
    .fact("类型", e.kind.label())
    .fact("日期", e.on_day.to_string())
    .fact("原因", &e.reason)
}

/// Wipes the reasons people typed on a customer's ledger rows (hand
/// adjustments and undos) for an erase; points, days and balances stay, so
/// the ledger still adds up. Returns how many rows were wiped.
pub(crate) fn erase_points_in(conn: &impl AsDb, customer_id: i64, gone: &str) -> Result<usize> {
    Ok(conn.as_db().execute(
        "UPDATE points_ledger SET reason = ?2
         WHERE customer_id = ?1 AND source_kind = 'person' AND kind IN ('adjust', 'reverse')
           AND reason <> ''",
        args![customer_id, gone],
    )? as usize)
}

/// What an expiry run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpireRun {
    pub customers: usize,
    pub points: i64,
}

impl Store {
    /// A customer's points balance (0 before any row).
    pub fn points_balance(&self, customer_id: i64) -> Result<i64> {
        balance_in(&self.db(), customer_id)
    }

    /// A customer's ledger, oldest first.
    pub fn points_ledger(&self, customer_id: i64) -> Result<Vec<PointsEntry>> {
        self.db().query_map(
            &format!("SELECT {COLUMNS} FROM points_ledger WHERE customer_id = ?1 ORDER BY id"),
            args![customer_id],
            entry_of,
        )
    }

    /// Points a customer holds that run out by the end of `day` unless used
    /// first (即将过期), first earned first used.
    pub fn points_expiring(&self, customer_id: i64, day: NaiveDate) -> Result<i64> {
        let (lots, used) = lots_in(&self.db(), customer_id)?;
        Ok(expiring(&lots, used, day))
    }

    /// Adds (positive) or takes (negative) points by hand with a reason. Taking
    /// more than the balance is refused; added points run out on `expires_on`.
    pub fn points_adjust(
        &mut self,
        customer_id: i64,
        points: i64,
        reason: &str,
        on_day: NaiveDate,
        expires_on: Option<NaiveDate>,
    ) -> Result<PointsEntry> {
        let who = self.actor().user.clone();
        self.write_with_audit(|conn| {
            live_customer_in(conn, customer_id)?;
            if reason.trim().is_empty() {
                return Err(StoreError::PointsRefused("调整积分须写明原因".into()));
            }
            if points == 0 {
                return Err(StoreError::PointsRefused("调整的积分数不能为 0".into()));
            }
            let balance = balance_in(conn, customer_id)?;
            if points < 0 && balance + points < 0 {
                return Err(StoreError::PointsRefused(format!(
                    "客户 {} 的积分余额只有 {balance}，不能扣减 {}",
                    customer_ref(customer_id),
                    -points
                )));
            }
            let mut row = NewRow::new(
                customer_id,
                on_day,
                EntryKind::Adjust,
                points,
                SourceKind::Person,
                &who,
            );
            row.reason = reason.trim();
            row.expires_on = expires_on.filter(|_| points > 0);
            let e = append_in(conn, &row)?;
            crate::points_todos::keep_points_todos_in(
                conn,
                Some(customer_id),
                on_day,
                &now_text(),
            )?;
            Ok((e.clone(), Some(entry_audit("points.adjust", &e))))
        })
    }

    /// Adds an item to the catalogue.
    pub fn points_catalogue_add(
        &mut self,
        name: &str,
        kind: ItemKind,
        price: i64,
        stock: Option<i64>,
    ) -> Result<CatalogueItem> {
        self.write_with_audit(|conn| {
            let name = name.trim();
            if name.is_empty() {
                return Err(StoreError::PointsRefused("礼品名称不能为空".into()));
            }
            if price <= 0 {
                return Err(StoreError::PointsRefused(format!(
                    "「{name}」的兑换积分须大于 0"
                )));
            }
            if stock.is_some_and(|s| s < 0) {
                return Err(StoreError::PointsRefused(format!(
                    "「{name}」的库存不能为负数"
                )));
            }
            let taken: bool = conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM points_catalogue WHERE name = ?1)",
                args![name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(StoreError::PointsRefused(format!(
                    "兑换目录里已有「{name}」"
                )));
            }
            let id = conn.query_row(
                "INSERT INTO points_catalogue(name, kind, price, stock, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                args![name, kind.key(), price, stock, now_text()],
                |r| r.get(0),
            )?;
            let item = item_in(conn, id)?
                .ok_or_else(|| StoreError::Corrupt("刚加入的礼品不见了".into()))?;
            let entry = NewEntry::new(
                "points.catalogue",
                "points_item",
                item.id.to_string(),
                format!("{}：#{}", action_label("points.catalogue"), item.id),
            )
            .fact("名称", &item.name)
            .fact("类型", item.kind.label())
            .fact("兑换积分", item.price.to_string());
            Ok((item, Some(entry)))
        })
    }

    /// The catalogue, active items first, by name.
    pub fn points_catalogue(&self) -> Result<Vec<CatalogueItem>> {
        self.db().query_map(
            "SELECT id, name, kind, price, stock, active FROM points_catalogue
             ORDER BY active DESC, name",
            args![],
            item_of,
        )
    }

    /// Redeems `qty` of a catalogue item: refused when the item is inactive,
    /// out of stock, or costs more than the balance; a counted stock goes down.
    pub fn points_redeem(
        &mut self,
        customer_id: i64,
        item_id: i64,
        qty: i64,
        on_day: NaiveDate,
    ) -> Result<PointsEntry> {
        let who = self.actor().user.clone();
        self.write_with_audit(|conn| {
            live_customer_in(conn, customer_id)?;
            let item = item_in(conn, item_id)?
                .filter(|i| i.active)
                .ok_or_else(|| {
                    StoreError::PointsRefused(format!("兑换目录里没有礼品 #{item_id}"))
                })?;
            if qty <= 0 {
                return Err(StoreError::PointsRefused("兑换数量至少为 1".into()));
            }
            if let Some(stock) = item.stock.filter(|s| *s < qty) {
                return Err(StoreError::PointsRefused(format!(
                    "「{}」库存只有 {stock}，不够兑换 {qty} 个",
                    item.name
                )));
            }
            let cost = item
                .price
                .checked_mul(qty)
                .ok_or_else(|| StoreError::PointsRefused("兑换数量过大".into()))?;
            let balance = balance_in(conn, customer_id)?;
            if cost > balance {
                return Err(StoreError::PointsRefused(format!(
                    "客户 {} 的积分余额 {balance} 不够兑换「{}」×{qty}（需要 {cost} 分）",
                    customer_ref(customer_id),
                    item.name
                )));
            }
            if item.stock.is_some() {
                conn.execute(
                    "UPDATE points_catalogue SET stock = stock - ?2 WHERE id = ?1",
                    args![item_id, qty],
                )?;
            }
            let mut row = NewRow::new(
                customer_id,
                on_day,
                EntryKind::Redeem,
                -cost,
                SourceKind::Person,
                &who,
            );
            row.item_id = Some(item_id);
            row.qty = Some(qty);
            row.reason = &item.name;
            let e = append_in(conn, &row)?;
            crate::points_todos::keep_points_todos_in(
                conn,
                Some(customer_id),
                on_day,
                &now_text(),
            )?;
            let entry = entry_audit("points.redeem", &e).fact("礼品", &item.name);
            Ok((e, Some(entry)))
        })
    }

    /// Undoes a redemption or a hand adjustment with a reason: a reversal row
    /// of the opposite points, the item's stock given back. Refused for a row
    /// already undone, for other kinds (an import's undo reverses its own
    /// rows), and when undoing an addition would take the balance below 0.
    pub fn points_undo(
        &mut self,
        entry_id: i64,
        reason: &str,
        on_day: NaiveDate,
    ) -> Result<PointsEntry> {
        let who = self.actor().user.clone();
        self.write_with_audit(|conn| {
            let old = entry_in(conn, entry_id)?
                .ok_or_else(|| StoreError::PointsRefused(format!("找不到积分记录 #{entry_id}")))?;
            if reason.trim().is_empty() {
                return Err(StoreError::PointsRefused("撤销须写明原因".into()));
            }
            if !matches!(old.kind, EntryKind::Redeem | EntryKind::Adjust) {
                return Err(StoreError::PointsRefused(format!(
                    "积分记录 #{entry_id} 是「{}」，只能撤销兑换或人工调整",
                    old.kind.label()
                )));
            }
            let undone: bool = conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM points_ledger WHERE reverses_id = ?1)",
                args![entry_id],
                |r| r.get(0),
            )?;
            if undone {
                return Err(StoreError::PointsRefused(format!(
                    "积分记录 #{entry_id} 已经撤销过"
                )));
            }
            let balance = balance_in(conn, old.customer_id)?;
            if balance - old.points < 0 {
                return Err(StoreError::PointsRefused(format!(
                    "客户 {} 的积分余额只有 {balance}，撤销这笔 {} 分的调整会成为负数",
                    customer_ref(old.customer_id),
                    old.points
                )));
            }
            if let (Some(item), Some(qty)) = (old.item_id, old.qty) {
                conn.execute(
                    "UPDATE points_catalogue SET stock = stock + ?2
                     WHERE id = ?1 AND stock IS NOT NULL",
                    args![item, qty],
                )?;
            }
            let mut row = NewRow::new(
                old.customer_id,
                on_day,
                EntryKind::Reverse,
                -old.points,
                SourceKind::Person,
                &who,
            );
            row.reason = reason.trim();
            row.reverses_id = Some(entry_id);
            row.item_id = old.item_id;
            row.qty = old.qty;
            let e = append_in(conn, &row)?;
            // An open 积分即将过期 to-do shows the figure with the use undone.
            crate::points_todos::keep_points_todos_in(
                conn,
                Some(old.customer_id),
                on_day,
                &now_text(),
            )?;
            let entry = entry_audit("points.undo", &e).fact("撤销的记录", format!("#{entry_id}"));
            Ok((e, Some(entry)))
        })
    }

    /// Expires, as of the end of `as_of`, what is left of every lot whose
    /// expiry date has come, first earned first used: one 'expire' row per
    /// customer with points to expire. Running it again for the same day
    /// expires nothing more (the earlier expiry counts as a use).
    pub fn points_expire(&mut self, as_of: NaiveDate) -> Result<ExpireRun> {
        let who = self.actor().user.clone();
        self.write_with_audit(|conn| {
            let customers: Vec<i64> = conn.query_map(
                "SELECT DISTINCT customer_id FROM points_ledger
                 WHERE expires_on IS NOT NULL AND expires_on <= ?1 ORDER BY customer_id",
                args![as_of.to_string()],
                |r| r.get(0),
            )?;
            let mut run = ExpireRun::default();
            for customer_id in customers {
                let (lots, used) = lots_in(conn, customer_id)?;
                let points = expiring(&lots, used, as_of).min(balance_in(conn, customer_id)?);
                if points <= 0 {
                    continue;
                }
                let mut row = NewRow::new(
                    customer_id,
                    as_of,
                    EntryKind::Expire,
                    -points,
                    SourceKind::Rule,
                    &who,
                );
                row.reason = "到期";
                append_in(conn, &row)?;
                crate::points_todos::keep_points_todos_in(
                    conn,
                    Some(customer_id),
                    as_of,
                    &now_text(),
                )?;
                run.customers += 1;
                run.points += points;
            }
            let entry = NewEntry::new(
                "points.expire",
                "points",
                as_of.to_string(),
                format!(
                    "{}：截至 {as_of}，{} 位客户共 {} 分过期",
                    action_label("points.expire"),
                    run.customers,
                    run.points
                ),
            );
            Ok((run, Some(entry)))
        })
    }
}
