//! Rows for PostgreSQL's `COPY … FROM STDIN` in its text form: the bulk
//! path of a team database's order import (its lines, and the order-day
//! rows they add up to). Values are written exactly: a number as the
//! shortest digits that read back as the same double, a text with COPY's
//! escapes, none as `\N`.

use std::fmt::Write;

use crate::db::Db;
use crate::Result;

/// Rows gathered for one COPY; [`CopyRows::send`] sends and empties them.
pub(crate) struct CopyRows {
    text: String,
    /// Whether the next value starts a row (no tab before it).
    row_start: bool,
    rows: u64,
}

impl CopyRows {
    pub(crate) fn new() -> CopyRows {
        CopyRows {
            text: String::new(),
            row_start: true,
            rows: 0,
        }
    }

    fn next(&mut self) {
        if !self.row_start {
            self.text.push('\t');
        }
        self.row_start = false;
    }

    pub(crate) fn int(&mut self, v: i64) {
        self.next();
        let _ = write!(self.text, "{v}");
    }

    /// A text; `None` is NULL.
    pub(crate) fn text(&mut self, s: Option<&str>) {
        self.next();
        let Some(s) = s else {
            self.text.push_str("\\N");
            return;
        };
        if !s.contains(['\\', '\t', '\n', '\r']) {
            self.text.push_str(s);
            return;
        }
        for c in s.chars() {
            match c {
                '\\' => self.text.push_str("\\\\"),
                '\t' => self.text.push_str("\\t"),
                '\n' => self.text.push_str("\\n"),
                '\r' => self.text.push_str("\\r"),
                c => self.text.push(c),
            }
        }
    }

    /// A number; `None`, and a number that is not one, are NULL (SQLite
    /// stores not-a-number as NULL).
    pub(crate) fn real(&mut self, v: Option<f64>) {
        self.next();
        match v {
            Some(v) if v.is_nan() => self.text.push_str("\\N"),
            Some(v) if v == f64::INFINITY => self.text.push_str("Infinity"),
            Some(v) if v == f64::NEG_INFINITY => self.text.push_str("-Infinity"),
            Some(v) => {
                let _ = write!(self.text, "{v}");
            }
            None => self.text.push_str("\\N"),
        }
    }

    /// Bytes, in `bytea`'s hex form (`\\x…`: its backslash escaped for COPY).
    pub(crate) fn blob(&mut self, b: &[u8]) {
        self.next();
        self.text.push_str("\\\\x");
        for byte in b {
            let _ = write!(self.text, "{byte:02x}");
        }
    }

    pub(crate) fn end_row(&mut self) {
        self.text.push('\n');
        self.row_start = true;
        self.rows += 1;
    }

    /// Sends the rows with `copy` (a `COPY table (columns) FROM STDIN`)
    /// and empties the buffer for the next batch.
    pub(crate) fn send(&mut self, db: &Db<'_>, copy: &str) -> Result<u64> {
        if self.rows == 0 {
            return Ok(0);
        }
        let n = db.copy_in(copy, self.text.as_bytes())?;
        self.text.clear();
        self.rows = 0;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::CopyRows;

    #[test]
    fn values_are_written_in_copy_text_form() {
        let mut c = CopyRows::new();
        c.int(-7);
        c.text(Some("a\tb\\c\nd\re"));
        c.text(None);
        c.real(Some(0.1));
        c.real(Some(f64::NAN));
        c.real(Some(f64::NEG_INFINITY));
        c.real(Some(1e300));
        c.end_row();
        c.text(Some("订单"));
        c.end_row();
        let line: Vec<&str> = c.text.lines().collect();
        assert_eq!(c.rows, 2);
        assert_eq!(line.len(), 2);
        let cells: Vec<&str> = line[0].split('\t').collect();
        assert_eq!(
            cells[..6],
            ["-7", "a\\tb\\\\c\\nd\\re", "\\N", "0.1", "\\N", "-Infinity"]
        );
        assert_eq!(cells[6].parse::<f64>().unwrap(), 1e300);
        assert_eq!(line[1], "订单");
    }

    #[test]
    fn bytes_are_written_as_escaped_hex() {
        let mut c = CopyRows::new();
        c.blob(&[0, 0xab, 0x7f]);
        c.blob(&[]);
        c.end_row();
        assert_eq!(c.text, "\\\\x00ab7f\t\\\\x\n");
    }
}
