//! PostgreSQL's binary NUMERIC, which `SUM(bigint)`, `AVG(…)` and integer
//! arithmetic with a numeric constant return: decoded into its exact decimal
//! text (then read as the integer or real the caller asks for), and encoded
//! from decimal text for a placeholder the server typed NUMERIC.
//!
//! The wire form: digit count, weight (of the first base-10000 digit), sign,
//! display scale, then the base-10000 digits, each an i16, all big-endian.

use std::error::Error;

use bytes::{BufMut, BytesMut};

type BoxError = Box<dyn Error + Sync + Send>;

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;

/// The exact decimal text of a binary NUMERIC (`-12.50`, `NaN`).
pub(crate) fn decode(raw: &[u8]) -> Result<String, BoxError> {
    let word = |i: usize| -> Result<u16, BoxError> {
        raw.get(i * 2..i * 2 + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "NUMERIC 数据不完整".into())
    };
    let ndigits = word(0)? as usize;
    let weight = word(1)? as i16 as i32;
    let sign = word(2)?;
    let dscale = word(3)? as usize;
    match sign {
        NAN => return Ok("NaN".to_owned()),
        0xD000 => return Ok("Infinity".to_owned()),
        0xF000 => return Ok("-Infinity".to_owned()),
        POSITIVE | NEGATIVE => {}
        _ => return Err("NUMERIC 的符号无法识别".into()),
    }
    let digits = (0..ndigits)
        .map(|i| word(4 + i).map(|d| d as i16 as i32))
        .collect::<Result<Vec<_>, _>>()?;
    if digits.iter().any(|d| !(0..10_000).contains(d)) {
        return Err("NUMERIC 的数字超出范围".into());
    }
    // Digit i stands for digits[i] × 10000^(weight − i).
    let at = |pos: i32| -> i32 {
        let i = weight - pos;
        if i < 0 || i as usize >= digits.len() {
            0
        } else {
            digits[i as usize]
        }
    };
    let mut text = String::new();
    if sign == NEGATIVE {
        text.push('-');
    }
    if weight < 0 {
        text.push('0');
    } else {
        text.push_str(&at(weight).to_string());
        for pos in (0..weight).rev() {
            text.push_str(&format!("{:04}", at(pos)));
        }
    }
    if dscale > 0 {
        let mut frac = String::new();
        let mut pos = -1;
        while frac.len() < dscale {
            frac.push_str(&format!("{:04}", at(pos)));
            pos -= 1;
        }
        frac.truncate(dscale);
        text.push('.');
        text.push_str(&frac);
    }
    Ok(text)
}

/// Writes decimal text (`-12.5`, `300000`) as a binary NUMERIC.
pub(crate) fn encode(text: &str, out: &mut BytesMut) -> Result<(), BoxError> {
    let bad = || -> BoxError { format!("「{text}」不是数字").into() };
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let dscale = u16::try_from(frac.len()).map_err(|_| bad())?;
    // Groups of four decimal digits around the point.
    let int_pad = (4 - int.len() % 4) % 4;
    let int_text = format!("{}{int}", "0".repeat(int_pad));
    let frac_pad = (4 - frac.len() % 4) % 4;
    let frac_text = format!("{frac}{}", "0".repeat(frac_pad));
    let group = |s: &str| -> Vec<i16> {
        s.as_bytes()
            .chunks(4)
            .map(|c| c.iter().fold(0i16, |n, b| n * 10 + i16::from(b - b'0')))
            .collect()
    };
    let mut digits = group(&int_text);
    let mut weight = digits.len() as i32 - 1;
    digits.extend(group(&frac_text));
    while digits.first() == Some(&0) {
        digits.remove(0);
        weight -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        weight = 0;
    }
    let ndigits = i16::try_from(digits.len()).map_err(|_| bad())?;
    let weight = i16::try_from(weight).map_err(|_| bad())?;
    out.put_i16(ndigits);
    out.put_i16(weight);
    out.put_u16(if negative && !digits.is_empty() {
        NEGATIVE
    } else {
        POSITIVE
    });
    out.put_u16(dscale);
    for d in digits {
        out.put_i16(d);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(ndigits: i16, weight: i16, sign: u16, dscale: u16, digits: &[i16]) -> Vec<u8> {
        let mut v = Vec::new();
        for w in [ndigits as u16, weight as u16, sign, dscale] {
            v.extend(w.to_be_bytes());
        }
        for d in digits {
            v.extend(d.to_be_bytes());
        }
        v
    }

    /// Hand-written wire forms (as PostgreSQL sends them) and their text.
    #[test]
    fn decodes_what_the_server_sends() {
        let cases = [
            (wire(0, 0, POSITIVE, 0, &[]), "0"),
            (wire(1, 0, POSITIVE, 0, &[42]), "42"),
            (wire(2, 1, POSITIVE, 0, &[1, 0]), "10000"),
            (wire(1, 1, POSITIVE, 0, &[12]), "120000"),
            (wire(2, 0, NEGATIVE, 2, &[12, 5000]), "-12.50"),
            (wire(1, -1, POSITIVE, 4, &[5]), "0.0005"),
            (wire(1, -2, POSITIVE, 6, &[2500]), "0.000025"),
            (wire(1, -2, POSITIVE, 8, &[25]), "0.00000025"),
            (wire(3, 2, POSITIVE, 0, &[9, 2233, 7203]), "922337203"),
            (wire(0, 0, NAN, 0, &[]), "NaN"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode(&raw).unwrap(), want);
        }
        assert!(decode(&[0, 1]).is_err());
        assert!(decode(&wire(1, 0, POSITIVE, 0, &[10_000])).is_err());
    }

    #[test]
    fn encodes_and_decodes_back() {
        for text in [
            "0",
            "7",
            "-7",
            "10000",
            "123456789.125",
            "0.0005",
            "-0.5",
            "99999999999999999999",
        ] {
            let mut out = BytesMut::new();
            encode(text, &mut out).unwrap();
            assert_eq!(decode(&out).unwrap(), text, "{text}");
        }
        let mut out = BytesMut::new();
        assert!(encode("1e5", &mut out).is_err());
        assert!(encode("", &mut out).is_err());
        assert!(encode("-", &mut out).is_err());
    }
}
