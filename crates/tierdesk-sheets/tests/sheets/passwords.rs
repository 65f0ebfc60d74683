//! Excel 97–2003 workbooks with a password are refused as such, whatever
//! the encryption (XOR or RC4) and wherever the workbook stream lies.

use std::io::{Read, Write};
use std::path::Path;

use tierdesk_sheets::{open, SheetError};

use crate::{data_dir, temp};

/// The workbook stream of a real XOR-obfuscated file (Apache POI's test
/// file): BOF, then FILEPASS with encryption type 0.
fn xor_stream() -> Option<Vec<u8>> {
    let path = data_dir().join("corpus/apache-poi/xor-encryption-abc.xls");
    let mut cfb = cfb::open(&path).ok()?;
    let mut bytes = Vec::new();
    cfb.open_stream("/Workbook")
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    assert_eq!(&bytes[..2], &[0x09, 0x08], "BOF first");
    assert_eq!(&bytes[20..24], &[0x2F, 0x00, 0x06, 0x00], "FILEPASS, XOR");
    Some(bytes)
}

/// A CFB file holding `streams` in that order (so a long first stream puts
/// the next one far into the file).
fn write_cfb(path: &Path, streams: &[(&str, &[u8])]) {
    let mut cfb = cfb::create(path).unwrap();
    for (name, bytes) in streams {
        cfb.create_stream(name).unwrap().write_all(bytes).unwrap();
    }
    cfb.flush().unwrap();
}

fn refused_for_password(path: &Path) {
    match open(path) {
        Err(SheetError::Encrypted { file }) => {
            assert_eq!(file, path.file_name().unwrap().to_string_lossy());
        }
        Err(other) => panic!("{}: {other}", path.display()),
        Ok(_) => panic!("{}: opened", path.display()),
    }
}

#[test]
fn xor_obfuscated_workbooks_are_refused_as_password_protected() {
    let Some(stream) = xor_stream() else {
        eprintln!("跳过：没有找到 xor-encryption-abc.xls");
        return;
    };
    // "Read-only recommended" (WRITEPROT, no content) before FILEPASS, as
    // Excel writes it for a file with both passwords.
    let mut write_protected = stream[..20].to_vec();
    write_protected.extend_from_slice(&[0x86, 0x00, 0x00, 0x00]);
    write_protected.extend_from_slice(&stream[20..]);
    let path = temp("只读推荐加密.xls");
    write_cfb(&path, &[("Workbook", &write_protected)]);
    refused_for_password(&path);

    // The workbook stream after two megabytes of another stream.
    let padding = vec![0x5Au8; 2 << 20];
    let path = temp("加密在后.xls");
    write_cfb(&path, &[("Pictures", &padding), ("Workbook", &stream)]);
    refused_for_password(&path);

    // The same two in BIFF5's stream name, with a BIFF5 BOF (8 bytes).
    let mut biff5 = vec![0x09, 0x08, 0x08, 0x00, 0x00, 0x05, 0x05, 0x00, 0, 0, 0, 0];
    biff5.extend_from_slice(&[0x2F, 0x00, 0x04, 0x00, 0x34, 0x12, 0x78, 0x56]);
    biff5.extend_from_slice(&[0x0A, 0x00, 0x00, 0x00]);
    let path = temp("biff5加密.xls");
    write_cfb(&path, &[("Book", &biff5)]);
    refused_for_password(&path);

    // The originals from Apache POI: XOR and RC4.
    for name in ["xor-encryption-abc.xls", "password.xls"] {
        refused_for_password(&data_dir().join("corpus/apache-poi").join(name));
    }
}

/// A workbook without FILEPASS is not taken for a protected one, however
/// it starts (BOF, WRITEPROT, the sheets).
#[test]
fn a_workbook_without_a_password_is_not_called_protected() {
    let mut stream = vec![0x09, 0x08, 0x10, 0x00];
    stream.extend_from_slice(&[0u8; 16]);
    stream.extend_from_slice(&[0x86, 0x00, 0x00, 0x00]);
    stream.extend_from_slice(&[0x85, 0x00, 0x02, 0x00, 0x2F, 0x00]);
    stream.extend_from_slice(&[0x0A, 0x00, 0x00, 0x00]);
    let path = temp("无密码.xls");
    write_cfb(&path, &[("Workbook", &stream)]);
    let err = open(&path).err();
    assert!(
        !matches!(err, Some(SheetError::Encrypted { .. })),
        "{err:?}"
    );
}
