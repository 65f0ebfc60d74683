//! Randomised reader tests: real and generated files, mutated (bytes
//! flipped, inserted, deleted, overwritten, cut off; inside a zip's parts as
//! well as in the zip itself), must give rows or a clear message: no panic,
//! no hang, memory within bounds.
//!
//! The normal run tries 2,000 cases (a few seconds) from a fixed seed, so a
//! failure is the same on every machine. For a long hunt outside CI:
//! `TIERDESK_FUZZ_CASES=100000 TIERDESK_FUZZ_SEED=7 cargo test -p tierdesk-sheets --test sheets fuzz`
//! (with `TIERDESK_FUZZ_TRACE=1` each case is printed before it is read and
//! kept as `fuzz-last` in the test's temporary folder, for a crash that
//! takes the process down; `ulimit -v 3000000` turns running out of memory
//! into such a crash).

use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use rust_xlsxwriter::Workbook;
use tierdesk_sheets::{open, SheetError, MAX_CELLS};

use crate::messages::corpus_files;
use crate::{peak_mb, temp};

/// A file to start from: its extension (readers look at bytes, but the
/// extension still decides a few messages) and its bytes.
struct Seed {
    name: String,
    ext: String,
    bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
enum Change {
    Flip(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Overwrite(Index, Vec<u8>),
    Truncate(Index),
    /// A byte that matters to a CSV or XML reader, somewhere.
    Special(Index, u8),
}

fn change() -> impl Strategy<Value = Change> {
    let bytes = prop::collection::vec(any::<u8>(), 1..16);
    prop_oneof![
        4 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Change::Flip(i, b)),
        2 => (any::<Index>(), bytes.clone()).prop_map(|(i, b)| Change::Insert(i, b)),
        2 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| Change::Delete(i, n)),
        2 => (any::<Index>(), bytes).prop_map(|(i, b)| Change::Overwrite(i, b)),
        1 => any::<Index>().prop_map(Change::Truncate),
        3 => (any::<Index>(), prop::sample::select(b"\r\n\",;\t<>&\0\xA0\xFF\xEF\xBB\xBF".to_vec()))
            .prop_map(|(i, b)| Change::Special(i, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, changes: &[Change]) {
    for c in changes {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
        match c {
            Change::Flip(i, bit) if !bytes.is_empty() => {
                let k = at(i, bytes.len());
                bytes[k] ^= 1 << bit;
            }
            Change::Insert(i, b) => {
                let k = at(i, bytes.len() + 1);
                bytes.splice(k..k, b.iter().copied());
            }
            Change::Delete(i, n) if !bytes.is_empty() => {
                let k = at(i, bytes.len());
                let end = (k + n).min(bytes.len());
                bytes.drain(k..end);
            }
            Change::Overwrite(i, b) if !bytes.is_empty() => {
                let k = at(i, bytes.len());
                for (j, v) in b.iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(k + j) {
                        *slot = *v;
                    }
                }
            }
            Change::Truncate(i) => {
                let k = at(i, bytes.len() + 1);
                bytes.truncate(k);
            }
            Change::Special(i, b) => {
                let k = at(i, bytes.len() + 1);
                bytes.insert(k, *b);
            }
            _ => {}
        }
    }
}

/// The same changes made to one part inside a zip (an .xlsx's sheet XML,
/// its shared strings…), the zip written again whole, so the XML readers
/// are reached rather than stopped at the zip's checksums.
fn apply_inside_zip(bytes: &[u8], part: &Index, changes: &[Change]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let mut content = Vec::new();
        entry.read_to_end(&mut content).ok()?;
        parts.push((entry.name().ok()?.into_owned(), content));
    }
    if parts.is_empty() {
        return None;
    }
    let k = part.index(parts.len());
    apply(&mut parts[k].1, changes);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        out.start_file(name, options).ok()?;
        out.write_all(&content).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

fn generated_seeds() -> Vec<Seed> {
    let table = "客户编号,客户名称,联系方式,消费金额,备注\r\n\
                 P001,张三,13900000001,\"1,000\",\"两行\r\n备注\"\r\n\
                 P002,李四,010-12345678,1.2万,\r\n\
                 \r\n\
                 P003,\"王 \"\"五\"\"\",,¥3000,😀\r\n";
    let mut seeds = vec![
        Seed {
            name: "crlf.csv".into(),
            ext: "csv".into(),
            bytes: table.as_bytes().to_vec(),
        },
        Seed {
            name: "bom-lf.csv".into(),
            ext: "csv".into(),
            bytes: [
                b"\xEF\xBB\xBF".as_slice(),
                table.replace("\r\n", "\n").as_bytes(),
            ]
            .concat(),
        },
        Seed {
            name: "gbk-cr.csv".into(),
            ext: "csv".into(),
            bytes: encoding_rs::GBK
                .encode(&table.replace("\r\n", "\r"))
                .0
                .into_owned(),
        },
        Seed {
            name: "utf16.csv".into(),
            ext: "csv".into(),
            bytes: [0xFF, 0xFE]
                .into_iter()
                .chain(table.encode_utf16().flat_map(|u| u.to_le_bytes()))
                .collect(),
        },
        Seed {
            name: "table.xls".into(),
            ext: "xls".into(),
            bytes: "<html><body><table><tr><td>客户名称</td><td colspan=2>联系方式</td></tr>\
                    <tr><td rowspan=2>张三</td><td>1</td><td>2</td></tr><tr><td>3</td></tr>\
                    </table></body></html>"
                .as_bytes()
                .to_vec(),
        },
    ];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [
        ["客户名称", "联系方式", "消费金额"],
        ["张三", "13900000001", "1000"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    ws.write_number(2, 2, 12.5).unwrap();
    ws.merge_range(3, 0, 3, 2, "合计", &rust_xlsxwriter::Format::new())
        .unwrap();
    seeds.push(Seed {
        name: "generated.xlsx".into(),
        ext: "xlsx".into(),
        bytes: wb.save_to_buffer().unwrap(),
    });
    seeds
}

/// Every generated seed and every corpus file small enough to mutate
/// quickly (larger ones only cost time: the readers are the same).
fn seeds() -> Vec<Seed> {
    let mut seeds = generated_seeds();
    for path in corpus_files() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if bytes.is_empty() || bytes.len() > 160 << 10 {
            continue;
        }
        seeds.push(Seed {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            ext: path
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes,
        });
    }
    seeds
}

/// Reads a file as the import does (open, then every row of every sheet) on
/// a thread of its own: `Err` says it panicked or did not finish in
/// `budget` (a hang: these files take milliseconds; the budget is wide so a
/// slow machine never fails it).
fn read_watched(path: &Path, budget: Duration) -> Result<Result<usize, SheetError>, String> {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_owned();
    let worker = std::thread::spawn(move || {
        let result = (|| {
            let mut book = open(&owned)?;
            let sheets: Vec<String> = book.sheets().iter().map(|s| s.name.clone()).collect();
            let mut cells = 0usize;
            for s in &sheets {
                book.for_each_row(s, |_, row| {
                    cells += row.len();
                    ControlFlow::Continue(())
                })?;
            }
            Ok(cells)
        })();
        let _ = tx.send(result);
    });
    match rx.recv_timeout(budget) {
        Ok(result) => {
            let _ = worker.join();
            Ok(result)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(match worker.join() {
            Err(p) => format!(
                "panicked: {}",
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            ),
            Ok(()) => "the reader thread ended without an answer".into(),
        }),
        // The thread is left running: the test fails anyway.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no answer in {budget:?} (a hang)")),
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

#[test]
fn mutated_files_give_rows_or_a_message_never_a_panic_or_a_hang() {
    let seeds = seeds();
    assert!(seeds.len() > 20, "seeds: {}", seeds.len());
    let cases = env_number("TIERDESK_FUZZ_CASES").unwrap_or(2000) as u32;
    let seed = env_number("TIERDESK_FUZZ_SEED").unwrap_or(12);
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    let counter = AtomicUsize::new(0);
    let refused = AtomicUsize::new(0);
    let strategy = (
        any::<Index>(),
        any::<bool>(),
        any::<Index>(),
        prop::collection::vec(change(), 1..6),
    );
    let result = runner.run(&strategy, |(which, inside, part, changes)| {
        let seed = &seeds[which.index(seeds.len())];
        let mut bytes = seed.bytes.clone();
        let zipped = bytes.starts_with(b"PK\x03\x04");
        match (zipped && inside).then(|| apply_inside_zip(&bytes, &part, &changes)) {
            Some(Some(inner)) => bytes = inner,
            _ => apply(&mut bytes, &changes),
        }
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let path = temp(&format!("fuzz-{n}.{}", seed.ext));
        std::fs::write(&path, &bytes).unwrap();
        if std::env::var_os("TIERDESK_FUZZ_TRACE").is_some() {
            eprintln!("{n}: {} {inside} {changes:?}", seed.name);
            let _ = std::fs::copy(&path, temp("fuzz-last"));
        }
        let outcome = read_watched(&path, Duration::from_secs(60));
        let _ = std::fs::remove_file(&path);
        match outcome {
            Ok(Ok(cells)) => {
                // Memory is bounded by the caps, not by the file's size: a
                // few hundred bytes of ODS may repeat one cell a million
                // times (found by a long run), which the cell cap allows.
                prop_assert!(
                    cells <= (bytes.len() * 256).max(MAX_CELLS as usize),
                    "{} from {} bytes: {cells} cells",
                    seed.name,
                    bytes.len()
                );
            }
            Ok(Err(e)) => {
                refused.fetch_add(1, Ordering::Relaxed);
                let msg = e.to_string();
                prop_assert!(
                    msg.contains("「fuzz-"),
                    "{}: message names no file: {msg}",
                    seed.name
                );
            }
            Err(why) => {
                return Err(TestCaseError::fail(format!(
                    "{} ({changes:?}): {why}",
                    seed.name
                )));
            }
        }
        Ok(())
    });
    println!(
        "{} cases over {} seeds, {} refused, peak {:.0} MB",
        counter.load(Ordering::Relaxed),
        seeds.len(),
        refused.load(Ordering::Relaxed),
        peak_mb().unwrap_or(f64::NAN)
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    // Memory: whatever the mutation, a file of at most 160 KB never made
    // this process hold more than a fraction of the caps.
    if let Some(mb) = peak_mb() {
        assert!(mb < 1500.0, "peak {mb:.0} MB");
    }
}

/// Found by the test above: an .xls whose chain of directory sectors loops
/// back on itself made calamine's CFB reader grow a buffer until memory ran
/// out. Such a container is refused as damaged before calamine sees it.
#[test]
fn an_xls_whose_sectors_loop_is_refused_not_read_until_memory_runs_out() {
    let path = temp("环形扇区.xls");
    let mut cfb = cfb::create(&path).unwrap();
    let mut stream = vec![0x09, 0x08, 0x10, 0x00];
    stream.resize(8192, 0);
    cfb.create_stream("Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    cfb.flush().unwrap();
    drop(cfb);
    let mut bytes = std::fs::read(&path).unwrap();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let sector = 1usize << u16::from_le_bytes([bytes[30], bytes[31]]);
    let dir_start = u32_at(&bytes, 48);
    let first_fat = u32_at(&bytes, 76) as usize;
    // The directory's sector says the next one is itself.
    let entry = sector + first_fat * sector + dir_start as usize * 4;
    bytes[entry..entry + 4].copy_from_slice(&dir_start.to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    match read_watched(&path, Duration::from_secs(60)) {
        Ok(Err(SheetError::Corrupt { file, .. })) => assert_eq!(file, "环形扇区.xls"),
        other => panic!("{other:?}"),
    }
}

/// Found by a long run: one cell record of an .xls claiming row 60,000 and
/// column 60,000 made calamine ask for a 14 GB grid when the file was
/// opened. It is refused as too large instead.
#[test]
fn an_xls_cell_claiming_a_huge_grid_is_refused_before_it_is_allocated() {
    let source = crate::data_dir().join("corpus/apache-poi/1900DateWindowing.xls");
    let Ok(mut cfb) = cfb::open(&source) else {
        eprintln!("跳过：没有找到 {}", source.display());
        return;
    };
    let mut stream = Vec::new();
    cfb.open_stream("/Workbook")
        .unwrap()
        .read_to_end(&mut stream)
        .unwrap();
    // The first cell of the first sheet (the second BOF on).
    let (mut at, mut bofs, mut cell) = (0usize, 0, None);
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        bofs += usize::from(kind == 0x0809);
        if bofs >= 2 && matches!(kind, 0x0203 | 0x027E | 0x00FD | 0x0006) {
            cell = Some(at + 4);
            break;
        }
        at += 4 + len;
    }
    let cell = cell.expect("a cell record");
    stream[cell..cell + 4].copy_from_slice(&[0x60, 0xEA, 0x60, 0xEA]);
    let path = temp("巨大网格.xls");
    let mut out = cfb::create(&path).unwrap();
    out.create_stream("Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    out.flush().unwrap();
    drop(out);
    match read_watched(&path, Duration::from_secs(60)) {
        Ok(Err(SheetError::TooLarge { file, detail })) => {
            assert_eq!(file, "巨大网格.xls");
            assert!(detail.contains("60001 行"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}
