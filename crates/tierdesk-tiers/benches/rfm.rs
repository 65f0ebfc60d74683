//! RFM over the UCI Online Retail data (541,909 order lines, 4,338 buying
//! customers) beside the pandas recipe people check RFM against.
//!
//! Reads the gzip CSV with `flate2` and `csv`, then times
//! - the engine's `rfm10` scoring of the per-customer figures, and
//! - the full path from order lines in memory: keep purchases (quantity and
//!   unit price above 0, a customer id), total them per customer (last
//!   purchase, distinct invoices, spend), score, segment;
//!
//! and the same two steps in pandas (`qcut` for R with labels 5…1, F as
//! `qcut(rank(method="first"))`, M `qcut`, segments by the R × F map), run
//! through `PANDAS_PYTHON`, else `~/.cache/bench-py` or `~/.cache/tierdesk-pyenv`,
//! else `python3`. Prints both times, the ratio against the 10× goal, and checks
//! every customer's R, F, M scores and segment against pandas.
//!
//! `cargo bench -p tierdesk-tiers --bench rfm`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use tierdesk_tiers::{evaluate, rfm10, CustomerFacts, Evaluation, Purchases, Span};

mod python;
use python::find_python;

/// One order line, as much of it as RFM reads.
struct Line {
    /// The invoice number; a letter prefix (C for cancellations, A for
    /// adjustments) sets a high bit so those never meet plain numbers.
    invoice: u32,
    quantity: f64,
    at: NaiveDateTime,
    unit_price: f64,
    customer: Option<u32>,
}

fn data() -> Option<PathBuf> {
    let gz = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/online_retail/online_retail_uci_541909.csv.gz");
    if gz.exists() {
        Some(gz)
    } else {
        println!("跳过：没有找到 {}", gz.display());
        None
    }
}

fn invoice_number(text: &[u8]) -> u32 {
    let (flag, digits) = match text.first() {
        Some(b'C') => (1 << 31, &text[1..]),
        Some(c) if c.is_ascii_alphabetic() => (1 << 30, &text[1..]),
        _ => (0, text),
    };
    flag | digits.iter().fold(0u32, |n, d| n * 10 + (d - b'0') as u32)
}

fn read(gz: &Path) -> Vec<Line> {
    let file = std::fs::File::open(gz).expect("the data file opens");
    let mut rdr =
        csv::Reader::from_reader(flate2::read::GzDecoder::new(std::io::BufReader::new(file)));
    let mut record = csv::ByteRecord::new();
    let mut lines = Vec::with_capacity(542_000);
    let text =
        |r: &csv::ByteRecord, i: usize| std::str::from_utf8(&r[i]).expect("UTF-8").to_owned();
    while rdr.read_byte_record(&mut record).expect("a CSV record") {
        let num = |i: usize| text(&record, i).parse::<f64>().expect("a number");
        lines.push(Line {
            invoice: invoice_number(&record[0]),
            quantity: num(3),
            at: NaiveDateTime::parse_from_str(&text(&record, 4), "%Y-%m-%d %H:%M:%S")
                .expect("a date"),
            unit_price: num(5),
            customer: (!record[6].is_empty()).then(|| num(6) as u32),
        });
    }
    lines
}

/// Per-customer purchases from order lines, as the store totals them, and
/// the as-of date the pandas recipe uses: the day after the last purchase.
fn aggregate(lines: &[Line]) -> (Vec<CustomerFacts>, NaiveDate) {
    #[derive(Clone, Default)]
    struct Totals {
        spend: f64,
        first: Option<NaiveDateTime>,
        last: Option<NaiveDateTime>,
        orders: u64,
    }
    let max_id = lines.iter().filter_map(|l| l.customer).max().unwrap_or(0) as usize;
    let mut per: Vec<Totals> = vec![Totals::default(); max_id + 1];
    let mut pairs: Vec<u64> = Vec::with_capacity(lines.len());
    for l in lines {
        let Some(c) = l.customer else { continue };
        if l.quantity <= 0.0 || l.unit_price <= 0.0 {
            continue;
        }
        let t = &mut per[c as usize];
        t.spend += l.quantity * l.unit_price;
        t.first = Some(t.first.map_or(l.at, |f| f.min(l.at)));
        t.last = Some(t.last.map_or(l.at, |x| x.max(l.at)));
        // An invoice's lines mostly follow each other: skipping repeats
        // here leaves the sort a few thousand pairs instead of every line.
        let pair = (c as u64) << 32 | l.invoice as u64;
        if pairs.last() != Some(&pair) {
            pairs.push(pair);
        }
    }
    // Distinct invoices per customer.
    pairs.sort_unstable();
    pairs.dedup();
    for p in &pairs {
        per[(p >> 32) as usize].orders += 1;
    }
    let last_day = per
        .iter()
        .filter_map(|t| t.last)
        .max()
        .map(|d| d.date())
        .unwrap_or_default();
    let as_of = last_day + Duration::days(1);
    let span = Span {
        from: None,
        to: as_of,
    };
    let facts = per
        .iter()
        .enumerate()
        .filter(|(_, t)| t.orders > 0)
        .map(|(id, t)| {
            let mut c = CustomerFacts {
                id: id as i64,
                code: Some(id.to_string()),
                name: id.to_string(),
                ..Default::default()
            };
            let p = Purchases {
                orders: t.orders,
                spend: t.spend,
                first: t.first.map(|d| d.date()),
                last: t.last.map(|d| d.date()),
                first_ever: t.first.map(|d| d.date()),
            };
            c.take_purchases(&p, span, as_of);
            c
        })
        .collect();
    (facts, as_of)
}

/// The least time of several runs, in seconds, and the last result.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut least = f64::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        least = least.min(t.elapsed().as_secs_f64());
        out = Some(v);
    }
    (least, out.expect("at least one run"))
}

/// Times the shared recipe (`python/rfm_recipe.py`, prepended) from the
/// read, through the totals, to the segments.
const PANDAS: &str = r#"
import json, sys, time

def least(runs, fn):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out

read, df = least(1, lambda: read_orders(sys.argv[1]))
full, (r, f, m, segment) = least(7, lambda: score(aggregate(df)))
g = aggregate(df)
scoring, _ = least(7, lambda: score(g))
print(json.dumps({
    'pandas': pd.__version__, 'read': read, 'full': full, 'scoring': scoring,
    'customers': {str(int(c)): [int(r[c]), int(f[c]), int(m[c]), segment[c]] for c in g.index},
}))
"#;

fn pandas(gz: &Path) -> Option<serde_json::Value> {
    let Some(python) = find_python() else {
        println!("pandas 不可用（设置 PANDAS_PYTHON，或建 ~/.cache/bench-py），只测 tierdesk");
        return None;
    };
    let out = Command::new(&python)
        .args(["-c", &format!("{}\n{PANDAS}", python::RFM_RECIPE)])
        .arg(gz)
        .output()
        .ok()?;
    if !out.status.success() {
        println!("pandas 运行失败：{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn ms(s: f64) -> String {
    format!("{:>8.2} ms", s * 1000.0)
}

fn main() {
    let Some(gz) = data() else { return };
    let scheme = rfm10();
    let (read_s, lines) = best(1, || read(&gz));
    let (facts, as_of) = aggregate(&lines);
    let (score_s, eval) = best(21, || {
        evaluate(&scheme, as_of, &facts).expect("rfm10 applies")
    });
    let (full_s, (full_eval, _)) = best(7, || {
        let (facts, as_of) = aggregate(&lines);
        (
            evaluate(&scheme, as_of, &facts).expect("rfm10 applies"),
            facts.len(),
        )
    });
    assert_eq!(
        full_eval, eval,
        "the full path gives what the scoring alone gives"
    );
    println!(
        "RFM (rfm10) over the UCI Online Retail data: {} order lines, {} customers with purchases, as of {as_of}; {} cores",
        lines.len(),
        facts.len(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    let p = pandas(&gz);
    let line = |what: &str, ours: f64, theirs: Option<f64>| match theirs {
        Some(t) => println!(
            "{what:<34} tierdesk {}   pandas {}   {:>6.1}× {}",
            ms(ours),
            ms(t),
            t / ours,
            if t / ours >= 10.0 {
                "(goal ≥ 10×: met)"
            } else {
                "(goal ≥ 10×: NOT met)"
            }
        ),
        None => println!("{what:<34} tierdesk {}", ms(ours)),
    };
    let field = |k: &str| p.as_ref().and_then(|p| p[k].as_f64());
    println!(
        "{:<34} tierdesk {}   pandas {}",
        "read the gzip CSV (not compared)",
        ms(read_s),
        field("read").map(ms).unwrap_or_else(|| "–".into())
    );
    line(
        "scoring: figures → R/F/M → segment",
        score_s,
        field("scoring"),
    );
    line("full: lines → totals → segments", full_s, field("full"));

    let counts: Vec<String> = eval
        .counts
        .iter()
        .map(|c| format!("{} {}", c.name, c.count))
        .collect();
    println!("segments: {}", counts.join(", "));
    if let Some(p) = &p {
        compare(&eval, &facts, p);
    }
}

/// Every customer's R, F, M scores and segment, and the counts, against pandas.
fn compare(eval: &Evaluation, facts: &[CustomerFacts], p: &serde_json::Value) {
    let theirs = p["customers"].as_object().expect("customers by id");
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut differ = Vec::new();
    for (o, c) in eval.outcomes.iter().zip(facts) {
        let code = o.score.unwrap_or(0.0) as u32;
        let ours = [code / 100, code / 10 % 10, code % 10];
        let Some(t) = theirs.get(c.code.as_deref().unwrap_or_default()) else {
            differ.push(format!("{} 不在 pandas 结果中", c.id));
            continue;
        };
        let t_scores = [0, 1, 2].map(|i| t[i].as_u64().unwrap_or(0) as u32);
        let t_segment = t[3].as_str().unwrap_or_default();
        *counts.entry(t_segment.to_owned()).or_default() += 1;
        if ours != t_scores || o.tier != t_segment {
            differ.push(format!(
                "customer {}: ours {:?} {} / pandas {:?} {}",
                c.id, ours, o.tier, t_scores, t_segment
            ));
        }
    }
    let same_counts = eval
        .counts
        .iter()
        .all(|c| counts.get(&c.tier).copied().unwrap_or(0) == c.count)
        && theirs.len() == facts.len();
    println!(
        "pandas {}: segment counts {}; {} of {} customers have the same R, F, M scores and segment",
        p["pandas"].as_str().unwrap_or("?"),
        if same_counts { "agree" } else { "DIFFER" },
        facts.len() - differ.len(),
        facts.len()
    );
    for d in differ.iter().take(10) {
        println!("  {d}");
    }
}
