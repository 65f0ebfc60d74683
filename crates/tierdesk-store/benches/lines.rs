//! What storing order lines costs in SQLite alone, with no file to read:
//! 406,829 lines shaped like the UCI Online Retail data (invoices of about
//! fifteen lines, each invoice one of 4,372 customers) stored
//!
//! - by TierDesk (`Store::begin_line_import` → `push` → `finish`: the real
//!   schema with its foreign keys and indexes, new customers and their totals),
//! - into a bare table (no foreign key, no index, dates as integers, 64 KB
//!   pages: about the least SQLite can do), and
//! - into the same bare table with an index on (customer, time).
//!
//! Each case writes a fresh file, in one transaction, and is timed until the
//! file is closed. The import bench's CSV goal (twice as fast as pandas'
//! `read_csv` + `to_sql`) has to fit reading, matching and storing inside
//! half of pandas' time; this shows how much of that storing alone takes.
//!
//! `cargo bench -p tierdesk-store --bench lines`

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
    drop(store);
    started.elapsed().as_secs_f64()
}

fn bare(lines: &[(usize, TransactionDraft)], indexed: bool) -> f64 {
    variant(lines, indexed, "")
}
fn variant(lines: &[(usize, TransactionDraft)], indexed: bool, v: &str) -> f64 {
    let path = fresh(if indexed { "indexed" } else { "bare" });
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    if !v.contains("p4k") {
        conn.pragma_update(None, "page_size", 65_536).unwrap();
    }
    let fk = v.contains("parents") || v.contains("defer");
    conn.pragma_update(None, "foreign_keys", if fk { "ON" } else { "OFF" })
        .unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "cache_size", -65_536).unwrap();
    conn.execute_batch(
        "CREATE TABLE customers(id INTEGER PRIMARY KEY, x TEXT); CREATE TABLE lines(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), order_no TEXT,
             occurred_at INTEGER, product TEXT, quantity REAL, unit_price REAL, amount REAL)",
    )
    .unwrap();
    if indexed {
        conn.execute_batch("CREATE INDEX lines_customer ON lines(customer_id, occurred_at)")
            .unwrap();
    }
    const PER: usize = 256;
    let sql = format!(
        "INSERT INTO lines(customer_id, order_no, occurred_at, product, quantity, unit_price, amount) VALUES {}",
        vec!["(?,?,?,?,?,?,?)"; PER].join(",")
    );
    let tx = conn.transaction().unwrap();
    if v.contains("defer") {
        tx.pragma_update(None, "defer_foreign_keys", "ON").unwrap();
    }
    if v.contains("parents") {
        for i in 0..CUSTOMERS {
            tx.execute("INSERT INTO customers VALUES (?1, 'x')", [i as i64])
                .unwrap();
        }
    }
    {
        let mut full = tx.prepare(&sql).unwrap();
        for chunk in lines.chunks(PER) {
            if chunk.len() < PER {
                for (owner, l) in chunk {
                    tx.execute(
                        "INSERT INTO lines(customer_id, order_no, occurred_at, product, quantity, unit_price, amount) VALUES (?,?,?,?,?,?,?)",
                        rusqlite::params![*owner as i64, l.order_no, l.occurred_at.and_utc().timestamp(), l.product, l.quantity, l.unit_price, l.amount],
                    )
                    .unwrap();
                }
                continue;
            }
            for (n, (owner, l)) in chunk.iter().enumerate() {
                let at = n * 7;
                full.raw_bind_parameter(at + 1, *owner as i64).unwrap();
                full.raw_bind_parameter(at + 2, l.order_no.as_str())
                    .unwrap();
                full.raw_bind_parameter(at + 3, l.occurred_at.and_utc().timestamp())
                    .unwrap();
                full.raw_bind_parameter(at + 4, l.product.as_deref())
                    .unwrap();
                full.raw_bind_parameter(at + 5, l.quantity).unwrap();
                full.raw_bind_parameter(at + 6, l.unit_price).unwrap();
                full.raw_bind_parameter(at + 7, l.amount).unwrap();
            }
            full.raw_execute().unwrap();
        }
    }
    if v.contains("defer") && !v.contains("parents") {
        for i in 0..CUSTOMERS {
            tx.execute("INSERT INTO customers VALUES (?1, 'x')", [i as i64])
                .unwrap();
        }
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
    println!(
        "{:<62} {:>6.2} s",
        "TierDesk (LineImport: real schema, new customers, totals)",
        best(&|| tierdesk(&lines))
    );
    println!(
        "{:<62} {:>6.2} s",
        "bare table: no foreign key, no index, integer dates",
        best(&|| bare(&lines, false))
    );
    println!(
        "{:<62} {:>6.2} s",
        "the same with an index on (customer, time)",
        best(&|| bare(&lines, true))
    );
    if std::env::var("LINES_VARIANTS").is_ok() {
        for v in ["parents", "defer parents", "defer", "p4k parents"] {
            println!("{:<62} {:>6.2} s", v, best(&|| variant(&lines, true, v)));
        }
    }
}
