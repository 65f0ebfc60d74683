//! Benefits used by customers, and the tiers customers came in with.

use chrono::NaiveDate;
use tierdesk_domain::audit::{action_label, NewEntry};
use tierdesk_domain::{BenefitUse, NewBenefitUse};

use crate::db::{Db, OptionalExt, Row};
use crate::{args, now_text, Result, Store, StoreError};

const COLUMNS: &str =
    "id, customer_id, benefit, tier, scheme_key, used_on, note, who, over_quota_reason, created_at";

fn from_row(r: &Row<'_>) -> Result<BenefitUse> {
    let day: String = r.get(5)?;
    Ok(BenefitUse {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        benefit: r.get(2)?,
        tier: r.get(3)?,
        scheme_key: r.get(4)?,
        used_on: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        note: r.get(6)?,
        who: r.get(7)?,
        over_quota_reason: r.get(8)?,
        created_at: r.get(9)?,
    })
}

/// How often one benefit of one tier was used in a span of days.
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitUsage {
    pub tier: String,
    pub benefit: String,
    pub uses: u64,
    pub customers: u64,
}

impl Store {
    /// The tier each live customer's old sheet gave it, for customers that have one.
    pub fn imported_tiers(&self) -> Result<Vec<(i64, String)>> {
        self.db().query_map(
            "SELECT id, imported_tier FROM customers
             WHERE deleted_at IS NULL AND imported_tier IS NOT NULL AND imported_tier <> ''
             ORDER BY id",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Sets the tier a customer's old sheet gave it (tests and manual fixes;
    /// imports set it themselves).
    pub fn set_imported_tier(&self, customer_id: i64, tier: Option<&str>) -> Result<()> {
        self.write_with_audit(|conn| {
            let before: Option<Option<String>> = conn
                .query_row(
                    "SELECT imported_tier FROM customers WHERE id = ?1",
                    args![customer_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(before) = before else {
                return Ok(((), None));
            };
            conn.execute(
                "UPDATE customers SET imported_tier = ?1, version = version + 1 WHERE id = ?2",
                args![tier, customer_id],
            )?;
            if before.as_deref() == tier {
                return Ok(((), None));
            }
            let who = tierdesk_domain::audit::customer_ref(customer_id);
            let entry = NewEntry::for_customer(
                "customer.edit",
                customer_id,
                format!("修改客户 {who}：原表等级"),
            )
            .change("imported_tier", "原表等级", before, tier.map(str::to_owned));
            Ok(((), Some(entry)))
        })
    }

    pub fn record_benefit_use(&mut self, u: &NewBenefitUse) -> Result<BenefitUse> {
        let id = self.write_with_audit(|conn| {
            let id: i64 = conn.query_row(
            "INSERT INTO benefit_uses(customer_id, benefit, tier, scheme_key, used_on, note, who,
                 over_quota_reason, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            args![
                u.customer_id,
                u.benefit,
                u.tier,
                u.scheme_key,
                u.used_on.format("%Y-%m-%d").to_string(),
                u.note,
                u.who,
                u.over_quota_reason,
                now_text()
            ],
            |r| r.get(0),
            )?;
            let entry = benefit_entry("benefit.use", id, u.customer_id, &u.benefit, u.used_on)
                .fact("等级", &u.tier)
                .fact("备注", &u.note)
                .fact("经办人", &u.who)
                .fact(
                    "超出次数的原因",
                    u.over_quota_reason.as_deref().unwrap_or("（未超出）"),
                );
            Ok((id, Some(entry)))
        })?;
        self.benefit_use(id)?
            .ok_or_else(|| StoreError::Corrupt(format!("刚登记的权益使用记录 {id} 不见了")))
    }

    pub fn benefit_use(&self, id: i64) -> Result<Option<BenefitUse>> {
        benefit_use_in(&self.db(), id)
    }

    /// Deletes a recorded use and returns it (`None` when there is no such
    /// record). The use is read inside the write transaction, so two desks
    /// deleting it at once delete (and log) it once.
    pub fn delete_benefit_use(&mut self, id: i64) -> Result<Option<BenefitUse>> {
        self.write_with_audit(|db| {
            let Some(u) = benefit_use_in(db, id)? else {
                return Ok((None, None));
            };
            db.execute("DELETE FROM benefit_uses WHERE id = ?1", args![id])?;
            let entry = benefit_entry("benefit.delete", id, u.customer_id, &u.benefit, u.used_on)
                .fact("备注", &u.note);
            Ok((Some(u), Some(entry)))
        })
    }

    /// A customer's uses between two days (both included), oldest first.
    pub fn benefit_uses(
        &self,
        customer_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<BenefitUse>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM benefit_uses
             WHERE customer_id = ?1 AND used_on BETWEEN ?2 AND ?3
             ORDER BY used_on, id"
        );
        self.db().query_map(
            &sql,
            args![
                customer_id,
                from.format("%Y-%m-%d").to_string(),
                to.format("%Y-%m-%d").to_string()
            ],
            from_row,
        )
    }

    /// Uses per tier and benefit between two days (both included), by live customers.
    pub fn benefit_usage(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<BenefitUsage>> {
        // ORDER BY written out: SQLite's GROUP BY gives this order by itself,
        // PostgreSQL's (hashing) does not.
        self.db().query_map(
            "SELECT u.tier, u.benefit, count(*), count(DISTINCT u.customer_id)
             FROM benefit_uses u JOIN customers c ON c.id = u.customer_id
             WHERE c.deleted_at IS NULL AND u.used_on BETWEEN ?1 AND ?2
             GROUP BY u.tier, u.benefit
             ORDER BY u.tier, u.benefit",
            args![
                from.format("%Y-%m-%d").to_string(),
                to.format("%Y-%m-%d").to_string()
            ],
            |r| {
                Ok(BenefitUsage {
                    tier: r.get(0)?,
                    benefit: r.get(1)?,
                    uses: r.get::<i64>(2)? as u64,
                    customers: r.get::<i64>(3)? as u64,
                })
            },
        )
    }
}

/// The entry of a benefit use recorded or taken back.
fn benefit_entry(
    action: &str,
    use_id: i64,
    customer_id: i64,
    benefit: &str,
    used_on: NaiveDate,
) -> NewEntry {
    let who = tierdesk_domain::audit::customer_ref(customer_id);
    NewEntry::new(
        action,
        "benefit_use",
        use_id.to_string(),
        format!("{} {who}：{benefit}（{used_on}）", action_label(action)),
    )
    .customer(customer_id)
    .fact("权益", benefit)
    .fact("使用日期", used_on)
}

/// A recorded use, read on `db` (inside a write transaction when deleting).
fn benefit_use_in(db: &Db<'_>, id: i64) -> Result<Option<BenefitUse>> {
    let sql = format!("SELECT {COLUMNS} FROM benefit_uses WHERE id = ?1");
    db.query_row(&sql, args![id], from_row).optional()
}
