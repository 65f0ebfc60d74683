//! Values bound to a statement's placeholders, for either backend.
//!
//! A [`Val`] is what SQLite stores (NULL, integer, real, text, blob). On
//! SQLite it binds as itself. On PostgreSQL it is converted to the type the
//! server inferred for the placeholder, the way SQLite's column affinity
//! would treat it: an integer bound where text is expected becomes its
//! decimal text, a text of digits bound to a `BIGINT` becomes the number, a
//! real with no fraction fits an integer column. A value SQLite would accept
//! is never a type error on PostgreSQL; a value SQLite would store under a
//! different type than the column's (letters in an integer column) is
//! refused with a clear message instead of being stored.

use std::borrow::Cow;
use std::error::Error;

use bytes::{BufMut, BytesMut};
use chrono::NaiveDate;
use postgres::types::{IsNull, Type};

/// One bound value, borrowed from the caller where it can be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
}

impl Val<'_> {
    /// The same value owning its text, to keep in a `Vec` built in a loop.
    pub(crate) fn into_owned(self) -> Val<'static> {
        match self {
            Val::Null => Val::Null,
            Val::Int(v) => Val::Int(v),
            Val::Real(v) => Val::Real(v),
            Val::Text(t) => Val::Text(Cow::Owned(t.into_owned())),
            Val::Blob(b) => Val::Blob(Cow::Owned(b.into_owned())),
        }
    }
}

/// rusqlite's owned value (what unported code builds its argument lists
/// from), for the statements it shares with ported code.
impl From<rusqlite::types::Value> for Val<'static> {
    fn from(v: rusqlite::types::Value) -> Self {
        use rusqlite::types::Value;
        match v {
            Value::Null => Val::Null,
            Value::Integer(i) => Val::Int(i),
            Value::Real(r) => Val::Real(r),
            Value::Text(t) => Val::Text(Cow::Owned(t)),
            Value::Blob(b) => Val::Blob(Cow::Owned(b)),
        }
    }
}

/// Anything that can be bound: `args![a, b]` calls [`Param::val`] on each.
pub(crate) trait Param {
    fn val(&self) -> Val<'_>;
}

/// The arguments of one statement, like rusqlite's `params!`:
/// `db.execute("UPDATE t SET a = ?1 WHERE id = ?2", args![a, id])`.
/// Temporaries in the list live until the end of the statement that uses it.
#[macro_export]
#[doc(hidden)]
macro_rules! args {
    () => { &[] as &[$crate::db::Val<'_>] };
    ($($x:expr),+ $(,)?) => {
        &[$($crate::db::Param::val(&$x)),+] as &[$crate::db::Val<'_>]
    };
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn val(&self) -> Val<'_> {
                Val::Int(i64::from(*self))
            }
        }
    )*};
}
int_param!(i64, i32, u32, i16, u16, u8);

impl Param for u64 {
    fn val(&self) -> Val<'_> {
        // Counts and ids never come near i64::MAX; one beyond it is kept as
        // a real rather than wrapped into a negative number.
        i64::try_from(*self).map_or(Val::Real(*self as f64), Val::Int)
    }
}

impl Param for usize {
    fn val(&self) -> Val<'_> {
        (*self as u64).val().into_owned()
    }
}

impl Param for f64 {
    fn val(&self) -> Val<'_> {
        Val::Real(*self)
    }
}

impl Param for bool {
    fn val(&self) -> Val<'_> {
        Val::Int(i64::from(*self))
    }
}

impl Param for str {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Borrowed(self))
    }
}

impl Param for String {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Borrowed(self))
    }
}

impl Param for [u8] {
    fn val(&self) -> Val<'_> {
        Val::Blob(Cow::Borrowed(self))
    }
}

impl Param for Vec<u8> {
    fn val(&self) -> Val<'_> {
        Val::Blob(Cow::Borrowed(self))
    }
}

/// A day as SQLite holds it: `YYYY-MM-DD` text.
impl Param for NaiveDate {
    fn val(&self) -> Val<'_> {
        Val::Text(Cow::Owned(self.format("%Y-%m-%d").to_string()))
    }
}

impl<T: Param> Param for Option<T> {
    fn val(&self) -> Val<'_> {
        match self {
            Some(v) => v.val(),
            None => Val::Null,
        }
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn val(&self) -> Val<'_> {
        (**self).val()
    }
}

impl Param for Val<'_> {
    fn val(&self) -> Val<'_> {
        match self {
            Val::Null => Val::Null,
            Val::Int(v) => Val::Int(*v),
            Val::Real(v) => Val::Real(*v),
            Val::Text(t) => Val::Text(Cow::Borrowed(t)),
            Val::Blob(b) => Val::Blob(Cow::Borrowed(b)),
        }
    }
}

impl rusqlite::ToSql for Val<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Val::Null => ValueRef::Null,
            Val::Int(v) => ValueRef::Integer(*v),
            Val::Real(v) => ValueRef::Real(*v),
            Val::Text(t) => ValueRef::Text(t.as_bytes()),
            Val::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

type BoxError = Box<dyn Error + Sync + Send>;

/// Why a value does not fit the placeholder's type, in words for the log
/// and the message (the statement's text is not included: it may be long).
fn mismatch(what: &str, ty: &Type) -> BoxError {
    format!("值 {what} 不能用作 {} 类型的参数", ty.name()).into()
}

impl postgres::types::ToSql for Val<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(v) => int_to_sql(*v, ty, out),
            Val::Real(v) => real_to_sql(*v, ty, out),
            Val::Text(t) => text_to_sql(t, ty, out),
            Val::Blob(b) => match *ty {
                Type::BYTEA => {
                    out.put_slice(b);
                    Ok(IsNull::No)
                }
                _ => match std::str::from_utf8(b) {
                    Ok(t) if is_text(ty) => text_to_sql(t, ty, out),
                    _ => Err(mismatch(&format!("({} 字节)", b.len()), ty)),
                },
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        // Every type is tried; `to_sql` refuses what does not fit.
        true
    }

    postgres::types::to_sql_checked!();
}

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

fn int_to_sql(v: i64, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::INT8 => out.put_i64(v),
        Type::INT4 => out.put_i32(i32::try_from(v).map_err(|_| mismatch(&v.to_string(), ty))?),
        Type::INT2 => out.put_i16(i16::try_from(v).map_err(|_| mismatch(&v.to_string(), ty))?),
        Type::FLOAT8 => out.put_f64(v as f64),
        Type::FLOAT4 => out.put_f32(v as f32),
        Type::BOOL => out.put_u8(u8::from(v != 0)),
        Type::NUMERIC => super::numeric::encode(&v.to_string(), out)?,
        _ if is_text(ty) => out.put_slice(v.to_string().as_bytes()),
        _ => return Err(mismatch(&v.to_string(), ty)),
    }
    Ok(IsNull::No)
}

fn real_to_sql(v: f64, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    // SQLite stores a real without fraction in an INTEGER column as an integer.
    let whole = || {
        (v.fract() == 0.0 && v.abs() < 9.0e15)
            .then_some(v as i64)
            .ok_or_else(|| mismatch(&v.to_string(), ty))
    };
    match *ty {
        Type::FLOAT8 => out.put_f64(v),
        Type::FLOAT4 => out.put_f32(v as f32),
        Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL => return int_to_sql(whole()?, ty, out),
        Type::NUMERIC if v.is_finite() => super::numeric::encode(&format!("{v}"), out)?,
        _ if is_text(ty) => out.put_slice(real_text(v).as_bytes()),
        _ => return Err(mismatch(&v.to_string(), ty)),
    }
    Ok(IsNull::No)
}

/// A real bound where PostgreSQL expects text, written as SQLite's affinity
/// would store it for the values TierDesk binds: a whole number below 10^15
/// as `1.0`, anything else in Rust's shortest form (`2.5`, `0.1`). Beyond
/// that range the two differ: SQLite writes at most 15 significant digits
/// and an exponent (`1.0e+20`, `0.3` for 0.1 + 0.2), Rust every digit
/// needed to read the value back (`100000000000000000000`,
/// `0.30000000000000004`). No TierDesk column keeps such a real as text
/// (amounts are REAL columns, texts come as text), so none differs.
fn real_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

fn text_to_sql(t: &str, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let bad = || mismatch(&format!("「{t}」"), ty);
    match *ty {
        _ if is_text(ty) => out.put_slice(t.as_bytes()),
        Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL => {
            let v: i64 = t.trim().parse().map_err(|_| bad())?;
            return int_to_sql(v, ty, out);
        }
        Type::FLOAT8 | Type::FLOAT4 => {
            let v: f64 = t.trim().parse().map_err(|_| bad())?;
            return real_to_sql(v, ty, out);
        }
        Type::NUMERIC => super::numeric::encode(t.trim(), out).map_err(|_| bad())?,
        Type::BYTEA => out.put_slice(t.as_bytes()),
        Type::JSON => out.put_slice(t.as_bytes()),
        Type::JSONB => {
            out.put_u8(1);
            out.put_slice(t.as_bytes());
        }
        _ => return Err(bad()),
    }
    Ok(IsNull::No)
}

#[cfg(test)]
mod tests {
    use super::*;
    use postgres::types::ToSql;

    fn bound(v: Val<'_>, ty: &Type) -> Result<Vec<u8>, String> {
        let mut out = BytesMut::new();
        v.to_sql(ty, &mut out).map_err(|e| e.to_string())?;
        Ok(out.to_vec())
    }

    /// What SQLite's affinity accepts converts; what it would store under
    /// another type is refused, never silently changed.
    #[test]
    fn values_convert_to_the_inferred_type() {
        let cases: Vec<(Val<'_>, Type, Result<Vec<u8>, ()>)> = vec![
            (Val::Int(7), Type::INT8, Ok(7i64.to_be_bytes().to_vec())),
            (Val::Int(7), Type::INT4, Ok(7i32.to_be_bytes().to_vec())),
            (Val::Int(1 << 40), Type::INT4, Err(())),
            (Val::Int(7), Type::TEXT, Ok(b"7".to_vec())),
            (Val::Int(2), Type::FLOAT8, Ok(2f64.to_be_bytes().to_vec())),
            (Val::Int(5), Type::BOOL, Ok(vec![1])),
            (Val::Real(3.0), Type::INT8, Ok(3i64.to_be_bytes().to_vec())),
            (Val::Real(3.5), Type::INT8, Err(())),
            (Val::Real(3.0), Type::TEXT, Ok(b"3.0".to_vec())),
            (
                Val::Text("42".into()),
                Type::INT8,
                Ok(42i64.to_be_bytes().to_vec()),
            ),
            (Val::Text("4x".into()), Type::INT8, Err(())),
            (
                Val::Text("2.5".into()),
                Type::FLOAT8,
                Ok(2.5f64.to_be_bytes().to_vec()),
            ),
            (
                Val::Text("张三".into()),
                Type::TEXT,
                Ok("张三".as_bytes().to_vec()),
            ),
            (Val::Text("{}".into()), Type::JSONB, Ok(b"\x01{}".to_vec())),
            (Val::Blob(vec![0, 1].into()), Type::BYTEA, Ok(vec![0, 1])),
            (Val::Blob(vec![0xff].into()), Type::TEXT, Err(())),
            (Val::Text("x".into()), Type::DATE, Err(())),
        ];
        for (v, ty, want) in cases {
            let got = bound(v.clone(), &ty);
            match want {
                Ok(bytes) => assert_eq!(got.as_deref(), Ok(&bytes[..]), "{v:?} as {ty}"),
                Err(()) => assert!(got.is_err(), "{v:?} as {ty} should be refused: {got:?}"),
            }
        }
        let mut out = BytesMut::new();
        assert!(matches!(
            Val::Null.to_sql(&Type::INT8, &mut out),
            Ok(IsNull::Yes)
        ));
    }

    #[test]
    fn params_become_the_values_sqlite_stores() {
        let day = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let name = String::from("李四");
        let none: Option<i64> = None;
        let blob = vec![1u8];
        let got: Vec<Val<'_>> = crate::args![
            1i64,
            2u32,
            3usize,
            1.5,
            true,
            "a",
            name,
            day,
            none,
            Some(9i32),
            blob
        ]
        .to_vec();
        assert_eq!(
            got,
            vec![
                Val::Int(1),
                Val::Int(2),
                Val::Int(3),
                Val::Real(1.5),
                Val::Int(1),
                Val::Text("a".into()),
                Val::Text("李四".into()),
                Val::Text("2024-02-29".into()),
                Val::Null,
                Val::Int(9),
                Val::Blob(vec![1u8].into()),
            ]
        );
    }
}
