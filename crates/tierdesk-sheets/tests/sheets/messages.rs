//! Every message a reader gives on the corpus is a Chinese sentence: no
//! library English ("invalid Zip archive: Could not find EOCD").

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use tierdesk_sheets::{open, SheetError};

use crate::data_dir;

/// Words a message may carry: the names of formats and programs a person
/// knows from the screen.
const KNOWN_WORDS: &[&str] = &[
    "excel",
    "wps",
    "csv",
    "xml",
    "html",
    "word",
    "office",
    "xlsx",
    "xls",
    "xlsm",
    "xlsb",
    "ods",
    "opendocument",
    "utf",
    "gbk",
    "zip",
];

/// Latin words of three letters or more in a message, once what it quotes
/// in 「」 (the file's name, a sheet's, words from the file) is taken out,
/// that are not the names of formats and programs.
fn english_words(message: &str) -> Vec<String> {
    let mut rest = String::new();
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '「' => depth += 1,
            '」' => depth = depth.saturating_sub(1),
            c if depth == 0 => rest.push(c),
            _ => {}
        }
    }
    rest.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .filter(|w| !KNOWN_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        .map(str::to_owned)
        .collect()
}

/// What reading a file gives: its error message, if any.
fn message_of(path: &Path) -> Option<SheetError> {
    let mut book = match open(path) {
        Ok(b) => b,
        Err(e) => return Some(e),
    };
    let sheets: Vec<String> = book.sheets().iter().map(|s| s.name.clone()).collect();
    for s in &sheets {
        if let Err(e) = book.for_each_row(s, |_, _| ControlFlow::Continue(())) {
            return Some(e);
        }
    }
    None
}

pub(crate) fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let root = data_dir();
    let mut dirs = vec![root.join("corpus"), root.join("templates")];
    while let Some(dir) = dirs.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in rd.flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e != "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_message_is_a_chinese_sentence_naming_the_file() {
    let files = corpus_files();
    if files.is_empty() {
        eprintln!("跳过：没有找到 {}", data_dir().display());
        return;
    }
    let mut refused = 0;
    let mut english = Vec::new();
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(err) = std::panic::catch_unwind(|| message_of(path))
            .unwrap_or_else(|_| panic!("panicked on {}", path.display()))
        else {
            continue;
        };
        refused += 1;
        let msg = err.to_string();
        println!("{file}: {msg}");
        assert!(
            msg.contains(&format!("「{file}」")),
            "names the file: {msg}"
        );
        let words = english_words(&msg);
        if !words.is_empty() {
            english.push(format!("{file}: {words:?} in {msg}"));
        }
    }
    assert!(refused >= 10, "the corpus has refused files: {refused}");
    assert!(
        english.is_empty(),
        "English in messages:\n{}",
        english.join("\n")
    );
}

#[test]
fn the_word_check_finds_library_english() {
    assert_eq!(
        english_words(
            "文件「a.xlsx」已损坏（压缩结构错误：invalid Zip archive: Could not find EOCD）"
        ),
        ["invalid", "archive", "Could", "not", "find", "EOCD"]
    );
    assert!(english_words("文件「Report 2024.xls」是 Excel 4.0 格式，请另存为 .xlsx").is_empty());
}
