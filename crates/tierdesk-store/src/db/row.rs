//! Reading a result row the same way on both backends: `r.get::<T>(i)`.
//!
//! On SQLite this is rusqlite's own `get` (same conversions, same errors as
//! before a module was ported). On PostgreSQL the column's bytes are read
//! by its type: INT2/4/8, FLOAT4/8, NUMERIC (what `SUM(bigint)` and `AVG`
//! return), BOOL, the text types and BYTEA; an integer asked of a NUMERIC
//! must have no fraction, as SQLite will not read a real as an integer.

use postgres::types::{FromSql, Type};

use crate::{Result, StoreError};

/// One row of a result, lent to the closure that reads it.
pub(crate) enum Row<'r> {
    Lite(&'r rusqlite::Row<'r>),
    Pg(&'r postgres::Row),
    /// A row of a binary COPY ([`super::Db::copy_out`]), whose column types
    /// the statement's caller names (the stream carries none).
    Copy(&'r postgres::binary_copy::BinaryCopyOutRow, &'r [Type]),
}

impl Row<'_> {
    /// Column `i` (from 0) as `T`.
    pub(crate) fn get<T: FromCol>(&self, i: usize) -> Result<T> {
        match self {
            Row::Lite(r) => Ok(r.get::<usize, T>(i)?),
            Row::Pg(r) => {
                let col = r.columns().get(i).ok_or_else(|| StoreError::Team {
                    detail: format!("结果没有第 {} 列", i + 1),
                })?;
                let raw: Raw<'_> = r.try_get(i)?;
                T::from_pg(col.type_(), raw.0).map_err(|why| StoreError::Team {
                    detail: format!("第 {} 列「{}」：{why}", i + 1, col.name()),
                })
            }
            Row::Copy(r, types) => {
                let ty = types.get(i).ok_or_else(|| StoreError::Team {
                    detail: format!("结果没有第 {} 列", i + 1),
                })?;
                let raw: Raw<'_> = r.try_get(i)?;
                T::from_pg(ty, raw.0).map_err(|why| StoreError::Team {
                    detail: format!("第 {} 列：{why}", i + 1),
                })
            }
        }
    }
}

/// A column's bytes as the server sent them (`None` for NULL).
struct Raw<'a>(Option<&'a [u8]>);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(
        _: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(Some(raw)))
    }

    fn from_sql_null(
        _: &Type,
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A Rust type a column can be read as, on either backend.
pub(crate) trait FromCol: Sized + rusqlite::types::FromSql {
    /// The value from a PostgreSQL column of type `ty` (`None` is NULL).
    fn from_pg(ty: &Type, raw: Option<&[u8]>) -> std::result::Result<Self, String>;
}

fn not_null(raw: Option<&[u8]>) -> std::result::Result<&[u8], String> {
    raw.ok_or_else(|| "值为空（NULL）".to_owned())
}

fn fixed<const N: usize>(raw: &[u8]) -> std::result::Result<[u8; N], String> {
    raw.try_into()
        .map_err(|_| format!("长度 {} 不对", raw.len()))
}

/// An integer column's value (BOOL as 0/1, a NUMERIC without fraction).
fn pg_int(ty: &Type, raw: &[u8]) -> std::result::Result<i64, String> {
    Ok(match *ty {
        Type::INT8 => i64::from_be_bytes(fixed(raw)?),
        Type::INT4 => i64::from(i32::from_be_bytes(fixed(raw)?)),
        Type::INT2 => i64::from(i16::from_be_bytes(fixed(raw)?)),
        Type::OID => i64::from(u32::from_be_bytes(fixed(raw)?)),
        Type::BOOL => i64::from(raw.first().copied().unwrap_or(0) != 0),
        Type::NUMERIC => {
            let text = super::numeric::decode(raw).map_err(|e| e.to_string())?;
            let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
            if !frac.bytes().all(|b| b == b'0') {
                return Err(format!("{text} 不是整数"));
            }
            int.parse().map_err(|_| format!("{text} 超出整数范围"))?
        }
        _ => return Err(format!("{} 类型不能读作整数", ty.name())),
    })
}

fn pg_real(ty: &Type, raw: &[u8]) -> std::result::Result<f64, String> {
    Ok(match *ty {
        Type::FLOAT8 => f64::from_be_bytes(fixed(raw)?),
        Type::FLOAT4 => f64::from(f32::from_be_bytes(fixed(raw)?)),
        Type::NUMERIC => {
            let text = super::numeric::decode(raw).map_err(|e| e.to_string())?;
            text.parse().map_err(|_| format!("{text} 不是数字"))?
        }
        _ => pg_int(ty, raw).map_err(|_| format!("{} 类型不能读作数字", ty.name()))? as f64,
    })
}

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN | Type::JSON
    )
}

macro_rules! int_col {
    ($($t:ty),*) => {$(
        impl FromCol for $t {
            fn from_pg(ty: &Type, raw: Option<&[u8]>) -> std::result::Result<Self, String> {
                let v = pg_int(ty, not_null(raw)?)?;
                <$t>::try_from(v).map_err(|_| format!("{v} 超出范围"))
            }
        }
    )*};
}
int_col!(i64, i32, u32, i16, u16, u8);

impl FromCol for f64 {
    fn from_pg(ty: &Type, raw: Option<&[u8]>) -> std::result::Result<Self, String> {
        pg_real(ty, not_null(raw)?)
    }
}

impl FromCol for bool {
    fn from_pg(ty: &Type, raw: Option<&[u8]>) -> std::result::Result<Self, String> {
        Ok(pg_int(ty, not_null(raw)?)? != 0)
    }
}

impl FromCol for String {
    fn from_pg(ty: &Type, raw: Option<&[u8]>) -> std::result::Result<Self, String> {
        let raw = not_null(raw)?;
        if !is_text(ty) {
            return Err(format!("{} 类型不能读作文字", ty.name()));
        }
        String::from_utf8(raw.to_vec()).map_err(|_| "不是 UTF-8 文字".to_owned())
    }
}

impl FromCol for Vec<u8> {
    fn from_pg(ty: &Type, raw: Option<&[u8]>) -> std::result::Result<Self, String> {
        let raw = not_null(raw)?;
        if *ty == Type::BYTEA || is_text(ty) {
            Ok(raw.to_vec())
        } else {
            Err(format!("{} 类型不能读作字节", ty.name()))
        }
    }
}

impl<T: FromCol> FromCol for Option<T> {
    fn from_pg(ty: &Type, raw: Option<&[u8]>) -> std::result::Result<Self, String> {
        raw.map(|r| T::from_pg(ty, Some(r))).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_read_by_their_type() {
        let n = |v: i64| v.to_be_bytes().to_vec();
        assert_eq!(i64::from_pg(&Type::INT8, Some(&n(-5))), Ok(-5));
        assert_eq!(i64::from_pg(&Type::INT4, Some(&7i32.to_be_bytes())), Ok(7));
        assert_eq!(i64::from_pg(&Type::INT2, Some(&3i16.to_be_bytes())), Ok(3));
        assert_eq!(bool::from_pg(&Type::BOOL, Some(&[1])), Ok(true));
        assert_eq!(i64::from_pg(&Type::BOOL, Some(&[0])), Ok(0));
        assert_eq!(f64::from_pg(&Type::INT8, Some(&n(2))), Ok(2.0));
        assert_eq!(
            f64::from_pg(&Type::FLOAT8, Some(&1.5f64.to_be_bytes())),
            Ok(1.5)
        );
        assert_eq!(
            String::from_pg(&Type::TEXT, Some("张".as_bytes())),
            Ok("张".into())
        );
        assert_eq!(Option::<i64>::from_pg(&Type::INT8, None), Ok(None));
        assert!(i64::from_pg(&Type::INT8, None).is_err());
        assert!(String::from_pg(&Type::INT8, Some(&n(1))).is_err());
        assert!(i64::from_pg(&Type::TEXT, Some(b"1")).is_err());
        assert!(u32::from_pg(&Type::INT8, Some(&n(-1))).is_err());
        // SUM(bigint) = 12 and AVG = 2.5 arrive as NUMERIC.
        let mut twelve = bytes::BytesMut::new();
        super::super::numeric::encode("12", &mut twelve).unwrap();
        assert_eq!(i64::from_pg(&Type::NUMERIC, Some(&twelve)), Ok(12));
        let mut half = bytes::BytesMut::new();
        super::super::numeric::encode("2.5000", &mut half).unwrap();
        assert_eq!(f64::from_pg(&Type::NUMERIC, Some(&half)), Ok(2.5));
        assert!(i64::from_pg(&Type::NUMERIC, Some(&half)).is_err());
    }
}
