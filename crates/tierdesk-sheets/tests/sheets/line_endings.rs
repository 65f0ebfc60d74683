//! Line endings × encodings: every row read once, numbered as Excel and WPS
//! number it, and every cell as written.
//!
//! Excel (and LibreOffice) opening a CSV shows one row per record, however
//! many lines a quoted cell spans, and keeps a blank line between records as
//! an empty row. These tests once numbered rows by the line each starts on,
//! which agrees with Excel only until the first cell holding a line break.

use std::ops::ControlFlow;

use tierdesk_domain::Cell;
use tierdesk_sheets::open;

use crate::{rows_of, temp, text};

/// A table as written: `None` is a blank line; a cell may hold a line break
/// (written quoted, with the file's own line ending).
fn table() -> Vec<Option<Vec<&'static str>>> {
    vec![
        Some(vec!["客户编号", "客户名称", "联系方式", "备注"]),
        Some(vec!["P001", "张三", "13900000001", ""]),
        Some(vec!["P002", "李四", "13900000002", "老客户"]),
        None,
        Some(vec!["P003", "王 五", "13900000003", "两行\n备注"]),
        Some(vec!["P004", "Zoë 😀", "", "含,逗号"]),
        None,
        None,
        Some(vec!["P005", "赵六", "13900000005", "\"引号\""]),
    ]
}

/// The text of [`table`] with `eol` ending each line (the last one only
/// when `last_eol`), the rows a reader must give — Excel's row (0 for the
/// first: every record and every blank line is one row) and its cells — and
/// how many lines the text has.
fn written(eol: &str, last_eol: bool) -> (String, Vec<(usize, Vec<Cell>)>, usize) {
    let mut out = String::new();
    let mut want = Vec::new();
    let mut line = 0;
    let rows = table();
    for (k, row) in rows.iter().enumerate() {
        if let Some(cells) = row {
            want.push((
                k,
                cells
                    .iter()
                    .map(|c| match *c {
                        "" => Cell::Empty,
                        c => text(&c.replace('\n', eol)),
                    })
                    .collect::<Vec<_>>(),
            ));
            let fields: Vec<String> = cells
                .iter()
                .map(|c| {
                    if c.contains([',', '"', '\n']) {
                        format!("\"{}\"", c.replace('"', "\"\"").replace('\n', eol))
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            out.push_str(&fields.join(","));
            line += cells.iter().filter(|c| c.contains('\n')).count();
        }
        line += 1;
        if k + 1 < rows.len() || last_eol {
            out.push_str(eol);
        }
    }
    // An empty trailing cell leaves a row shorter in the reader's eyes only
    // if the writer dropped the comma; here every row keeps its four cells.
    (out, want, line)
}

fn encodings(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("utf8", text.as_bytes().to_vec()),
        (
            "utf8bom",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("gbk", encoding_rs::GB18030.encode(text).0.into_owned()),
        (
            "utf16le",
            [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
                .collect(),
        ),
    ]
}

/// Every ending × encoding × last line ended or not: the same rows, under
/// the same row numbers, with the same cells; the line count the wizard
/// shows is the text's (an upper bound of the rows, known before reading).
#[test]
fn every_line_ending_and_encoding_gives_every_row_on_its_line() {
    for (eol_name, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        for last_eol in [true, false] {
            let (content, want, lines) = written(eol, last_eol);
            assert_eq!(want.len(), 6);
            for (enc, bytes) in encodings(&content) {
                let name = format!("endings-{eol_name}-{enc}-{last_eol}.csv");
                let path = temp(&name);
                std::fs::write(&path, &bytes).unwrap();
                let got = rows_of(&path);
                let at: Vec<usize> = got.iter().map(|r| r.0).collect();
                let want_at: Vec<usize> = want.iter().map(|r| r.0).collect();
                assert_eq!(at, want_at, "{name}: rows");
                // The header, P001, P002, a blank row, P003 (whose note
                // spans two lines but is one row), P004, two blank rows, P005.
                assert_eq!(at, [0, 1, 2, 4, 5, 8], "{name}: rows");
                assert_eq!(got, want, "{name}: cells");
                let book = open(&path).unwrap();
                assert_eq!(book.sheets()[0].rows, Some(lines), "{name}: line count");
                assert_eq!(book.undecodable(), 0, "{name}");
            }
        }
    }
}

/// The file from the report: a CR LF file's first data row is row 2, not
/// lost under the header's number; with a byte-order mark and in GBK too.
#[test]
fn a_crlf_file_keeps_its_first_data_row() {
    let content =
        "客户编号,客户名称,联系方式\r\nP001,张三,13900000001\r\nP002,李四,13900000002\r\n";
    for (enc, bytes) in encodings(content) {
        let path = temp(&format!("crlf-{enc}.csv"));
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            rows_of(&path),
            vec![
                (
                    0,
                    vec![text("客户编号"), text("客户名称"), text("联系方式")]
                ),
                (1, vec![text("P001"), text("张三"), text("13900000001")]),
                (2, vec![text("P002"), text("李四"), text("13900000002")]),
            ],
            "{enc}"
        );
    }
}

/// A large file read straight from disk: CR LF pairs cut by the reader's
/// buffer (256 KB) and by the first pass's (1 MB) are still one ending, and
/// row N is on line N all the way down.
#[test]
fn line_endings_cut_between_reads_are_one_ending() {
    for eol in ["\r\n", "\r", "\n"] {
        let mut text = String::from("编号,名称,金额");
        let mut n = 0usize;
        // Lines of changing length, and for each buffer size a line padded
        // so that its ending's first byte is the buffer's last.
        let mut cuts = vec![256usize << 10, 512 << 10, 1 << 20, 5 << 18];
        while text.len() < (3 << 20) / 2 {
            n += 1;
            let mut line = format!("{n},客户{n},{}", n * 7 % 1000);
            let at = text.len() + eol.len();
            if let Some(cut) = cuts.first().copied() {
                if at + line.len() + 64 > cut {
                    // Pad with ASCII so this line ends one byte before the cut.
                    let pad = cut - 1 - at - line.len();
                    line.push_str(&"x".repeat(pad));
                    cuts.remove(0);
                }
            }
            text.push_str(eol);
            text.push_str(&line);
        }
        text.push_str(eol);
        let path = temp(&format!(
            "cut-{}.csv",
            eol.len() * 10 + eol.as_bytes()[0] as usize
        ));
        std::fs::write(&path, &text).unwrap();
        let mut book = open(&path).unwrap();
        assert_eq!(book.sheets()[0].rows, Some(n + 1));
        let sheet = book.sheets()[0].name.clone();
        let mut seen = 0usize;
        book.for_each_row(&sheet, |i, row| {
            assert_eq!(i, seen, "{eol:?}");
            if i > 0 {
                assert_eq!(row[0], text_of(i), "{eol:?} line {i}");
            }
            seen += 1;
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(seen, n + 1, "{eol:?}");
    }
}

fn text_of(i: usize) -> Cell {
    text(&i.to_string())
}

/// A UTF-8 file with one byte that is not UTF-8 stays UTF-8: every row is
/// read, the damaged cell holds U+FFFD where the byte was, and the book
/// says it had one bad sequence. A GBK file of the same table is GBK.
#[test]
fn a_stray_byte_leaves_a_utf8_file_utf8() {
    let mut lines = vec!["客户编号,客户名称,联系方式".to_string()];
    lines.extend((1..=300).map(|i| format!("P{i:03},客户{i}号,1390000{i:04}")));
    for eol in ["\n", "\r\n"] {
        let good = lines.join(eol) + eol;
        // Line 202 (the 201st customer): a 0xA0 byte inside the name.
        let mut bytes = Vec::new();
        for (k, l) in lines.iter().enumerate() {
            if k == 201 {
                bytes.extend_from_slice("P201,客户".as_bytes());
                bytes.push(0xA0);
                bytes.extend_from_slice("201号,13900000201".as_bytes());
            } else {
                bytes.extend_from_slice(l.as_bytes());
            }
            bytes.extend_from_slice(eol.as_bytes());
        }
        let path = temp(&format!("stray-{}.csv", eol.len()));
        std::fs::write(&path, &bytes).unwrap();
        let book = open(&path).unwrap();
        assert_eq!(book.undecodable(), 1);
        assert_eq!(book.sheets()[0].rows, Some(301));
        let got = rows_of(&path);
        assert_eq!(got.len(), 301);
        assert!(got.iter().enumerate().all(|(k, r)| r.0 == k));
        assert_eq!(got[201].1[1], text("客户\u{FFFD}201号"));
        assert_eq!(got[201].1[2], text("13900000201"));
        assert_eq!(got[202].1[1], text("客户202号"));
        let damaged: Vec<usize> = got
            .iter()
            .filter(|r| r.1.iter().any(|c| c.display().contains('\u{FFFD}')))
            .map(|r| r.0)
            .collect();
        assert_eq!(damaged, [201]);

        let gbk = temp(&format!("gbk-{}.csv", eol.len()));
        std::fs::write(&gbk, encoding_rs::GBK.encode(&good).0.as_ref()).unwrap();
        let book = open(&gbk).unwrap();
        assert_eq!(book.undecodable(), 0);
        let got = rows_of(&gbk);
        assert_eq!(got.len(), 301);
        assert_eq!(got[201].1[1], text("客户201号"));
    }
}

/// The reproduction from the report: after a note written on two lines, the
/// next customer is row 3 as Excel shows it, not row 4 (the line it starts
/// on). Under every line ending and encoding.
#[test]
fn a_cell_on_two_lines_leaves_the_next_record_on_the_next_row() {
    for eol in ["\r\n", "\n", "\r"] {
        let content = format!(
            "客户编号,客户名称,消费金额,备注{eol}P001,张三,100,\"第一行{eol}第二行\"{eol}P002,李四,十万,{eol}"
        );
        for (enc, bytes) in encodings(&content) {
            let path = temp(&format!(
                "two-lines-{}-{enc}.csv",
                eol.len() * 10 + eol.as_bytes()[0] as usize
            ));
            std::fs::write(&path, &bytes).unwrap();
            let got = rows_of(&path);
            let at: Vec<usize> = got.iter().map(|r| r.0).collect();
            assert_eq!(at, [0, 1, 2], "{eol:?} {enc}");
            assert_eq!(
                got[1].1[3],
                text(&format!("第一行{eol}第二行")),
                "{eol:?} {enc}"
            );
            assert_eq!(got[2].1[1], text("李四"), "{eol:?} {enc}");
        }
    }
}

/// The preview sees records, not lines: a note of 80 lines on the first
/// customer leaves the other 59 customers in a 60-row preview, so header
/// detection and type guessing have rows to look at.
#[test]
fn the_preview_counts_records_not_lines() {
    let note = (1..=80)
        .map(|k| format!("第{k}行"))
        .collect::<Vec<_>>()
        .join("\r\n");
    let mut content = format!("客户名称,消费金额,备注\r\n张一,100,\"{note}\"\r\n");
    for k in 2..=100 {
        content.push_str(&format!("客户{k},{},\r\n", k * 10));
    }
    let path = temp("long-note.csv");
    std::fs::write(&path, &content).unwrap();
    let mut book = open(&path).unwrap();
    let sheet = book.sheets()[0].name.clone();
    let head = book.preview(&sheet, 60).unwrap();
    assert_eq!(head.len(), 60);
    assert_eq!(head[1][0], text("张一"));
    assert_eq!(head[59][0], text("客户59"));
    assert_eq!(head[59][1], text("590"));
    let all = rows_of(&path);
    assert_eq!(all.len(), 101);
    assert!(all.iter().enumerate().all(|(k, r)| r.0 == k));
}
