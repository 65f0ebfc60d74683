//! Which database the app opens: a local file or a team database named by a
//! `postgres://` URL (from `TIERDESK_DB`, the remembered database, or 文件 →
//! 连接团队数据库…). The password of a team database never goes into a file:
//! the remembered URL has none, and the app keeps it in the OS keyring.

use std::path::PathBuf;

use tierdesk_api::{Api, ApiError};

/// A database the app can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    File(PathBuf),
    /// A `postgres://` URL, perhaps with its password.
    Team(String),
}

impl DbTarget {
    /// A path, or a team database's URL (`postgres://` or `postgresql://`).
    pub fn from_text(text: &str) -> DbTarget {
        let text = text.trim();
        if is_team_url(text) {
            DbTarget::Team(text.to_owned())
        } else {
            DbTarget::File(PathBuf::from(text))
        }
    }

    /// Opens it: a file as 打开 does, a team database on its server.
    pub fn open(&self) -> Result<Api, ApiError> {
        match self {
            DbTarget::File(path) => Api::open(path),
            DbTarget::Team(url) => Api::open_team(url),
        }
    }
}

/// Whether `text` names a team database rather than a file.
pub fn is_team_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_a_team_database_and_anything_else_a_file() {
        let cases = [
            ("postgres://u@h:5432/db", true),
            ("POSTGRESQL://u@h/db", true),
            ("  postgres://u@h/db ", true),
            ("/home/me/tierdesk.db", false),
            ("postgres.db", false),
            ("C:\\数据\\客户.db", false),
        ];
        for (text, team) in cases {
            let target = DbTarget::from_text(text);
            assert_eq!(matches!(target, DbTarget::Team(_)), team, "{text}");
            if let DbTarget::File(p) = target {
                assert_eq!(p, PathBuf::from(text.trim()));
            }
        }
    }
}
