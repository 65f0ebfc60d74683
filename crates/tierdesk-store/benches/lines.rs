//! What storing order lines costs in SQLite alone, with no file to read:
//! 406,829 lines shaped like the UCI Online Retail data (invoices of about
//! fifteen lines, each invoice one of 4,372 customers) stored
//!
//! - by TierDesk (`Store::begin_line_import` → `push` → `finish`: the real
//!   schema with its index, new customers and their totals), and the same
//!   on a team database when a test server is given (`TIERDESK_TEST_PG`:
//!   `scripts/pg-test.sh cargo bench …`; lines by COPY, see imports/lines.rs),
//! - into a bare table (no key, no index, dates as integers, 64 KB pages:
//!   about the least SQLite can do), then with an index on the customer (as
//!   TierDesk has), and with one thing at a time of what a schema might
//!   have: the date in the index too (as TierDesk had before migration
//!   0007), dates as text, a foreign key per line, 4 KB pages, a rollback
//!   journal instead of the write-ahead log, the index built after the lines.
//!
//! Each case writes a fresh file, in one transaction, and is timed until the
//! file is closed. The import bench's CSV goal (twice as fast as pandas'
//! `read_csv` + `to_sql`) has to fit reading, matching and storing inside
//! half of pandas' time; this shows how much of that storing alone takes.
//!
//! `cargo bench -p tierdesk-store --bench lines`
//! (`scripts/pg-test.sh cargo bench -p tierdesk-store --bench lines` adds PostgreSQL)

use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::{CustomerDraft, ImportKind, LineOwner, NewImport, TransactionDraft, TxKind};
use tierdesk_store::Store;

const LINES: usize = 406_829;
const CUSTOMERS: usize = 4_372;

/// The lines and who owns each (an index into the customers).
fn lines() -> Vec<(usize, TransactionDraft)> {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = NaiveDate::from_ymd_opt(2010, 12, 1)
        .unwrap()
        .and_hms_opt(8, 26, 0)
        .unwrap();
    let mut out = Vec::with_capacity(LINES);
    let mut invoice = 536_365u64;
    while out.len() < LINES {
        let customer = (next() % CUSTOMERS as u64) as usize;
        let at: NaiveDateTime = start + chrono::Duration::minutes((invoice - 536_365) as i64 * 17);
        for _ in 0..(5 + next() % 21) {
            if out.len() == LINES {
                break;
            }
            let quantity = (1 + next() % 24) as f64;
            let price = (next() % 1000) as f64 / 100.0 + 0.25;
            out.push((
                customer,
                TransactionDraft {
                    order_no: invoice.to_string(),
                    customer_code: Some((12_346 + customer).to_string()),
                    customer_name: None,
                    occurred_at: at,
                    product: Some(format!(
                        "{} WHITE HANGING HEART T-LIGHT HOLDER",
                        20_000 + next() % 4_000
                    )),
                    quantity,
                    unit_price: Some(price),
                    amount: quantity * price,
                    kind: TxKind::Purchase,
                },
            ));
        }
        invoice += 1;
    }
    out
}

fn fresh(name: &str) -> std::path::PathBuf {
    let path =
        std::env::temp_dir().join(format!("tierdesk-lines-{name}-{}.db", std::process::id()));
    for f in [
        path.clone(),
        path.with_extension("db-wal"),
        path.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(f);
    }
    path
}

fn tierdesk(lines: &[(usize, TransactionDraft)]) -> f64 {
    let path = fresh("store");
    let started = Instant::now();
    let mut store = Store::open(&path).unwrap();
    import(&mut store, lines);
    drop(store);
    started.elapsed().as_secs_f64()
}

/// The same import into a fresh team database of the test server
/// (`TIERDESK_TEST_PG`, see scripts/pg-test.sh), timed until it has
/// committed; `None` without a server.
fn team(lines: &[(usize, TransactionDraft)]) -> Option<f64> {
    let mut store = tierdesk_store::testing::fresh_postgres()?;
    let started = Instant::now();
    import(&mut store, lines);
    Some(started.elapsed().as_secs_f64())
}

/// The lines and their new customers, stored by one `LineImport`.
fn import(store: &mut Store, lines: &[(usize, TransactionDraft)]) {
    let new = NewImport {
        kind: ImportKind::Transactions,
        file: "bench.csv".into(),
        sheet: "bench".into(),
        mapping: "{}".into(),
        rows_read: LINES as u64,
        unchanged: 0,
        skipped: 0,
        rejected: 0,
        who: "bench".into(),
    };
    let customers: Vec<CustomerDraft> = (0..CUSTOMERS)
        .map(|i| CustomerDraft {
            code: Some((12_346 + i).to_string()),
            name: format!("客户 {}", 12_346 + i),
            ..CustomerDraft::default()
        })
        .collect();
    let mut import = store.begin_line_import(&new, &[]).unwrap();
    for (owner, line) in lines {
        import.push(LineOwner::New(*owner), line).unwrap();
    }
    import.finish(&new, &customers, |_, _| None).unwrap();
}

/// A bare table of the lines' seven values, and what is added to it.
#[derive(Default, Clone, Copy)]
struct Bare {
    /// An index on the customer.
    index: bool,
    /// The index on (customer, time) instead.
    index_with_time: bool,
    /// A foreign key from each line to a customers table (customers stored first).
    foreign_key: bool,
    /// Dates as `YYYY-MM-DD HH:MM:SS` text instead of integers.
    text_dates: bool,
    /// SQLite's default 4 KB pages instead of 64 KB.
    small_pages: bool,
    /// A rollback journal instead of the write-ahead log.
    rollback: bool,
    /// The index built once the lines are in rather than kept up to date
    /// line by line.
    index_after: bool,
}

fn bare(lines: &[(usize, TransactionDraft)], dates: &[String], v: Bare) -> f64 {
    let path = fresh("bare");
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    if !v.small_pages {
        conn.pragma_update(None, "page_size", 65_536).unwrap();
    }
    conn.pragma_update(None, "foreign_keys", v.foreign_key)
        .unwrap();
    let mode = if v.rollback { "DELETE" } else { "WAL" };
    conn.pragma_update(None, "journal_mode", mode).unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "cache_size", -65_536).unwrap();
    let key = if v.foreign_key {
        " REFERENCES customers(id)"
    } else {
        ""
    };
    conn.execute_batch(&format!(
        "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);
         CREATE TABLE lines(id INTEGER PRIMARY KEY, customer_id INTEGER{key}, order_no TEXT,
             occurred_at, product TEXT, quantity REAL, unit_price REAL, amount REAL)"
    ))
    .unwrap();
    let index = if v.index_with_time {
        "CREATE INDEX lines_customer ON lines(customer_id, occurred_at)"
    } else {
        "CREATE INDEX lines_customer ON lines(customer_id)"
    };
    if v.index && !v.index_after {
        conn.execute_batch(index).unwrap();
    }
    const PER: usize = 256;
    let insert = |n: usize| {
        format!(
            "INSERT INTO lines(customer_id, order_no, occurred_at, product, quantity, unit_price, amount) VALUES {}",
            vec!["(?,?,?,?,?,?,?)"; n].join(",")
        )
    };
    let tx = conn.transaction().unwrap();
    if v.foreign_key {
        for i in 0..CUSTOMERS {
            tx.execute("INSERT INTO customers VALUES (?1, 'x')", [i as i64])
                .unwrap();
        }
    }
    {
        let mut full = tx.prepare(&insert(PER)).unwrap();
        for chunk in lines.chunks(PER) {
            let mut partial;
            let stmt = if chunk.len() == PER {
                &mut full
            } else {
                partial = tx.prepare(&insert(chunk.len())).unwrap();
                &mut partial
            };
            let first = chunk.as_ptr() as usize - lines.as_ptr() as usize;
            let first = first / std::mem::size_of::<(usize, TransactionDraft)>();
            for (n, (owner, l)) in chunk.iter().enumerate() {
                let at = n * 7;
                stmt.raw_bind_parameter(at + 1, *owner as i64).unwrap();
                stmt.raw_bind_parameter(at + 2, l.order_no.as_str())
                    .unwrap();
                if v.text_dates {
                    stmt.raw_bind_parameter(at + 3, dates[first + n].as_str())
                        .unwrap();
                } else {
                    let seconds = l.occurred_at.and_utc().timestamp();
                    stmt.raw_bind_parameter(at + 3, seconds).unwrap();
                }
                stmt.raw_bind_parameter(at + 4, l.product.as_deref())
                    .unwrap();
                stmt.raw_bind_parameter(at + 5, l.quantity).unwrap();
                stmt.raw_bind_parameter(at + 6, l.unit_price).unwrap();
                stmt.raw_bind_parameter(at + 7, l.amount).unwrap();
            }
            stmt.raw_execute().unwrap();
        }
    }
    if v.index && v.index_after {
        tx.execute_batch(index).unwrap();
    }
    tx.commit().unwrap();
    drop(conn);
    started.elapsed().as_secs_f64()
}

fn main() {
    let lines = lines();
    let runs = 3;
    let best = |f: &dyn Fn() -> f64| (0..runs).map(|_| f()).fold(f64::INFINITY, f64::min);
    println!("Storing {LINES} order lines of {CUSTOMERS} customers, best of {runs} runs, fresh file each");
    let show = |name: &str, s: f64| println!("{name:<64} {s:>6.2} s");
    show(
        "TierDesk (LineImport: the real schema, new customers, totals)",
        best(&|| tierdesk(&lines)),
    );
    if let Some(first) = team(&lines) {
        let rest = (1..runs).filter_map(|_| team(&lines));
        show(
            "TierDesk on PostgreSQL (COPY into a staging table, one INSERT)",
            rest.fold(first, f64::min),
        );
    }
    // Written before the clock starts, so only SQLite's part is timed.
    let dates: Vec<String> = lines
        .iter()
        .map(|(_, l)| l.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string())
        .collect();
    let plain = Bare::default();
    let indexed = Bare {
        index: true,
        ..plain
    };
    for (name, v) in [
        (
            "bare table: no key, no index, integer dates, 64 KB pages, WAL",
            plain,
        ),
        ("  + index on the customer", indexed),
        (
            "  + index on (customer, time) instead",
            Bare {
                index_with_time: true,
                ..indexed
            },
        ),
        (
            "  + index, dates as text",
            Bare {
                text_dates: true,
                ..indexed
            },
        ),
        (
            "  + index, a foreign key per line",
            Bare {
                foreign_key: true,
                ..indexed
            },
        ),
        (
            "  + index, 4 KB pages",
            Bare {
                small_pages: true,
                ..indexed
            },
        ),
        (
            "  + index, rollback journal instead of WAL",
            Bare {
                rollback: true,
                ..indexed
            },
        ),
        (
            "  + index built after the lines",
            Bare {
                index_after: true,
                ..indexed
            },
        ),
    ] {
        show(name, best(&|| bare(&lines, &dates, v)));
    }
}
