//! The canonical checksum of a table's rows, computed by the same code over
//! the file's rows and the team database's.

use rusqlite::types::Value;
use sha2::{Digest, Sha256};

use crate::db::FromCol;

/// The canonical checksum of a table's rows: each value as a kind byte and
/// its exact content — an integer's 8 bytes, a real's bit pattern (0.1 + 0.2
/// is not 0.3), a text's or blob's length and bytes (so "ab","c" is not
/// "a","bc"), NULL apart from an empty text — fed to SHA-256 in row order.
pub struct Checksum {
    hash: Sha256,
    rows: u64,
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum::new()
    }
}

impl Checksum {
    pub fn new() -> Checksum {
        Checksum {
            hash: Sha256::new(),
            rows: 0,
        }
    }

    pub fn row(&mut self, values: &[Value]) {
        for v in values {
            match v {
                Value::Null => self.hash.update(b"N"),
                Value::Integer(i) => {
                    self.hash.update(b"I");
                    self.hash.update(i.to_be_bytes());
                }
                Value::Real(f) => {
                    self.hash.update(b"R");
                    self.hash.update(f.to_bits().to_be_bytes());
                }
                Value::Text(t) => self.bytes(b'T', t.as_bytes()),
                Value::Blob(b) => self.bytes(b'B', b),
            }
        }
        self.rows += 1;
    }

    fn bytes(&mut self, kind: u8, b: &[u8]) {
        self.hash.update([kind]);
        self.hash.update((b.len() as u64).to_be_bytes());
        self.hash.update(b);
    }

    /// How many rows, and the hex digest.
    pub fn finish(self) -> (u64, String) {
        let digest = self.hash.finalize();
        let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
        (self.rows, hex)
    }
}

/// A value of any column, read alike on both backends: SQLite's own storage
/// class; on PostgreSQL by the column's type (the schema maps INTEGER to
/// BIGINT, REAL to DOUBLE PRECISION, TEXT to TEXT, BLOB to BYTEA).
impl FromCol for Value {
    fn from_pg(
        ty: &postgres::types::Type,
        raw: Option<&[u8]>,
    ) -> std::result::Result<Self, String> {
        use postgres::types::Type;
        let Some(raw) = raw else {
            return Ok(Value::Null);
        };
        let fixed = |n: usize| -> std::result::Result<&[u8], String> {
            (raw.len() == n)
                .then_some(raw)
                .ok_or_else(|| format!("长度 {} 不对", raw.len()))
        };
        Ok(match *ty {
            Type::INT8 => {
                Value::Integer(i64::from_be_bytes(fixed(8)?.try_into().unwrap_or_default()))
            }
            Type::INT4 => Value::Integer(i64::from(i32::from_be_bytes(
                fixed(4)?.try_into().unwrap_or_default(),
            ))),
            Type::INT2 => Value::Integer(i64::from(i16::from_be_bytes(
                fixed(2)?.try_into().unwrap_or_default(),
            ))),
            Type::BOOL => Value::Integer(i64::from(fixed(1)?[0] != 0)),
            Type::FLOAT8 => {
                Value::Real(f64::from_be_bytes(fixed(8)?.try_into().unwrap_or_default()))
            }
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => Value::Text(
                String::from_utf8(raw.to_vec()).map_err(|_| "不是 UTF-8 文字".to_owned())?,
            ),
            _ => return Err(format!("{} 类型的列无法核对", ty.name())),
        })
    }
}
