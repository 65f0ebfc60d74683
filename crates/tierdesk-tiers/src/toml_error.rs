//! The toml crate's errors in Chinese, with the line and column and the
//! line's text: 「第 7 行第 3 列：缺少“=”：每一行应写成 名称 = 值」.

use serde::{Deserialize, Serialize};
use tierdesk_domain::Msg;
use ts_rs::TS;

/// A scheme file that cannot be read as TOML: where and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TomlProblem {
    /// Counted from 1; 0 when the toml crate gave no place.
    pub line: u32,
    pub column: u32,
    /// The reason in Chinese, without the place.
    pub reason: String,
    /// `reason` as a key and values, for the English app.
    pub reason_msg: Msg,
    /// The text of that line.
    pub line_text: String,
}

impl TomlProblem {
    /// The problem of a text that does not read as TOML at all, if any.
    pub fn find(text: &str) -> Option<TomlProblem> {
        text.parse::<toml::Table>()
            .err()
            .map(|e| TomlProblem::of(text, &e))
    }

    pub fn of(text: &str, e: &toml::de::Error) -> TomlProblem {
        let (line, column, line_text) = match e.span() {
            Some(span) => {
                let start = span.start.min(text.len());
                let before = text.get(..start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
                let column = before[line_start..].chars().count() + 1;
                let line_text = text[line_start..].lines().next().unwrap_or("").to_owned();
                (line as u32, column as u32, line_text)
            }
            None => (0, 0, String::new()),
        };
        let reason_msg = reason(e.message());
        TomlProblem {
            line,
            column,
            reason: reason_msg.zh(),
            reason_msg,
            line_text,
        }
    }
}

impl std::fmt::Display for TomlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            return write!(f, "{}", self.reason);
        }
        write!(
            f,
            "第 {} 行第 {} 列：{}（这一行是：{}）",
            self.line,
            self.column,
            self.reason,
            self.line_text.trim()
        )
    }
}

/// What a type in the toml crate's message is, in Chinese.
fn kind(t: &str) -> String {
    let t = t.trim();
    let value = |t: &str| {
        t.split_once(' ')
            .map(|(_, v)| v.trim_matches('`').to_owned())
    };
    if t.starts_with("a string") || t == "string" || t.starts_with("a borrowed string") {
        "用引号括起来的文字".into()
    } else if t.starts_with("string ") {
        format!("文字 {}", value(t).unwrap_or_default())
    } else if matches!(
        t,
        "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "usize" | "an integer"
    ) {
        "整数".into()
    } else if t.starts_with("integer") {
        format!(
            "整数 {}",
            value(t).unwrap_or_default().trim_start_matches("`")
        )
    } else if matches!(t, "f64" | "f32" | "a floating point" | "a number") {
        "数".into()
    } else if t.starts_with("floating point") {
        format!(
            "小数 {}",
            t.trim_start_matches("floating point")
                .trim()
                .trim_matches('`')
        )
    } else if t.starts_with("a sequence") || t == "sequence" || t.starts_with("an array") {
        "列表 [ … ]".into()
    } else if t.starts_with("a boolean") {
        "true 或 false".into()
    } else if t.starts_with("boolean") {
        t.trim_start_matches("boolean")
            .trim()
            .trim_matches('`')
            .to_owned()
    } else if t == "map" || t.starts_with("struct") || t.starts_with("a map") || t.contains("table")
    {
        "表（[ … ] 下的一组设置）".into()
    } else {
        t.to_owned()
    }
}

fn quoted(list: &str) -> String {
    list.split(',')
        .map(|x| x.trim().trim_matches('`').to_owned())
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join("、")
}

/// The common kinds of toml error in Chinese; others keep the crate's words.
fn reason(message: &str) -> Msg {
    let m = message.trim();
    let starts = |p: &str| m.starts_with(p);
    let key = if starts("key with no value") {
        "toml.missing_equals"
    } else if starts("invalid basic string") || starts("invalid literal string") {
        "toml.unclosed_string"
    } else if starts("invalid multiline") {
        "toml.unclosed_multiline"
    } else if starts("unclosed array") {
        "toml.unclosed_array"
    } else if starts("unclosed table") {
        "toml.unclosed_table"
    } else if starts("unclosed inline table") {
        "toml.unclosed_inline_table"
    } else if starts("duplicate key") {
        "toml.duplicate_key"
    } else if starts("string values must be quoted") {
        "toml.unquoted"
    } else if starts("unexpected key or value") {
        "toml.extra"
    } else {
        ""
    };
    if !key.is_empty() {
        return Msg::new(key);
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        return match rest.split_once(", expected ") {
            Some((found, want)) => Msg::new("toml.wrong_type")
                .with("want", kind(want))
                .with("found", kind(found)),
            None => Msg::new("toml.wrong_type_other").with("text", rest),
        };
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return Msg::new("toml.missing_field").with("name", rest.trim_matches('`'));
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected one of ") {
            Some((v, list)) => Msg::new("toml.unknown_variant")
                .with("value", v.trim_matches('`'))
                .with("choices", quoted(list)),
            None => Msg::new("toml.unknown_variant_only").with("value", rest.trim_matches('`')),
        };
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        return Msg::new("toml.unknown_field").with("name", name);
    }
    Msg::new("toml.other").with("text", m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Probe {
        key: String,
        n: Option<u32>,
        list: Option<Vec<String>>,
    }

    #[test]
    fn common_kinds_in_chinese_with_line_column_and_text() {
        // (file, line, column, the reason begins, the line's text)
        let cases = [
            ("key = \"a\"\nname \"x\"\n", 2, 6, "缺少“=”", "name \"x\""),
            ("key = \"abc\n", 1, 11, "文字没有结束", "key = \"abc"),
            ("key = 'a", 1, 9, "文字没有结束", "key = 'a"),
            ("key = [1, 2\n", 1, 12, "“[”没有配对的“]”", "key = [1, 2"),
            ("[x\nkey=\"a\"", 1, 3, "表名的“[”没有配对", "[x"),
            (
                "key = \"a\"\nkey = \"b\"\n",
                2,
                1,
                "名称重复",
                "key = \"b\"",
            ),
            (
                "key = 5\n",
                1,
                7,
                "类型不对：这里应是用引号括起来的文字，却是整数 5",
                "key = 5",
            ),
            (
                "key = \"a\"\nn = \"x\"\n",
                2,
                5,
                "类型不对：这里应是整数，却是文字 \"x\"",
                "n = \"x\"",
            ),
            (
                "key = \"a\"\nlist = 3",
                2,
                8,
                "类型不对：这里应是列表",
                "list = 3",
            ),
            ("key = abc\n", 1, 7, "文字要用引号括起来", "key = abc"),
            ("key = \"a\" b\n", 1, 11, "这一行多了内容", "key = \"a\" b"),
            ("名称 = \"a\"\n  k y = 1", 2, 5, "缺少“=”", "  k y = 1"),
        ];
        for (text, line, column, reason, line_text) in cases {
            let e = toml::from_str::<Probe>(text).expect_err(text);
            let p = TomlProblem::of(text, &e);
            assert_eq!((p.line, p.column), (line, column), "{text:?}: {p}");
            assert!(p.reason.starts_with(reason), "{text:?}: {p}");
            assert_eq!(p.line_text, line_text, "{text:?}");
            assert!(
                p.to_string()
                    .starts_with(&format!("第 {line} 行第 {column} 列：")),
                "{p}"
            );
        }
        let e = toml::from_str::<Probe>("n = 1\n").unwrap_err();
        assert_eq!(TomlProblem::of("n = 1\n", &e).reason, "缺少必填项“key”");
    }
}
