//! Reading speed of the CSV path: the Online Retail CSV (541,909 data lines)
//! with LF and with CR LF endings, opened and every row read. Prints
//! figures; run with `cargo bench -p tierdesk-sheets --bench read`.

use std::io::Read;
use std::ops::ControlFlow;
use std::time::Instant;

fn main() {
    let gz = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/online_retail/online_retail_uci_541909.csv.gz");
    let Ok(file) = std::fs::File::open(&gz) else {
        eprintln!("跳过：没有找到 {}", gz.display());
        return;
    };
    let mut lf = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut lf)
        .unwrap();
    let mut crlf = Vec::with_capacity(lf.len() + lf.len() / 50);
    for line in lf.split_inclusive(|b| *b == b'\n') {
        match line.strip_suffix(b"\n") {
            Some(l) => {
                crlf.extend_from_slice(l);
                crlf.extend_from_slice(b"\r\n");
            }
            None => crlf.extend_from_slice(line),
        }
    }
    let dir = std::env::temp_dir().join(format!("tierdesk-read-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in [("lf.csv", &lf), ("crlf.csv", &crlf)] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        for pass in 0..3 {
            let started = Instant::now();
            let mut book = tierdesk_sheets::open(&path).unwrap();
            let opened = started.elapsed();
            let sheet = book.sheets()[0].name.clone();
            let (mut rows, mut last) = (0usize, 0usize);
            book.for_each_row(&sheet, |i, _| {
                rows += 1;
                last = i;
                ControlFlow::Continue(())
            })
            .unwrap();
            println!(
                "{name} pass {pass}: open {:>4} ms, all rows {:>5} ms, {rows} rows, last on line {}",
                opened.as_millis(),
                started.elapsed().as_millis(),
                last + 1
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
