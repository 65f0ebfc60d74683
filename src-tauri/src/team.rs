//! Which database the app opens: a local file or a team database named by a
//! `postgres://` URL (from `TIERDESK_DB`, the remembered database, or 文件 →
//! 连接团队数据库…). The password of a team database never goes into a file:
//! the remembered URL has none, and the app keeps it in the OS keyring.

use std::path::PathBuf;

use tauri::State;
use tierdesk_api::domain::Msg;
use tierdesk_api::{Api, ApiError, TeamConnected, TeamLogin, TeamUrl};

use crate::AppState;

/// The keyring's service name for team databases' passwords; each one's key
/// is `user@host:port/database` ([`TeamUrl::keyring_key`]).
const KEYRING_SERVICE: &str = "TierDesk";

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

    /// Opens it: a file as 打开 does, a team database on its server (with
    /// the password from the URL, else the one kept in the keyring).
    pub fn open(&self) -> Result<Api, ApiError> {
        match self {
            DbTarget::File(path) => Api::open(path),
            DbTarget::Team(url) => {
                let mut team = TeamUrl::parse(url)?;
                if team.password.is_none() {
                    team.password = kept_password(&team);
                }
                Api::open_team(&team.to_url())
            }
        }
    }
}

/// 文件 → 连接团队数据库…: opens the team database of the form in place of
/// the open database (as 打开 does), remembers it for the next start (its
/// URL without the password) and keeps the password in the OS keyring. The
/// UI then asks the person to sign in (the API refuses everything else
/// until then).
#[tauri::command]
pub async fn connect_team(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    login: TeamLogin,
) -> Result<TeamConnected, ApiError> {
    let url = login.team_url()?;
    // On a thread of its own, as `AppState::with_api` runs a team database's
    // calls: the synchronous client (here opening the new database, and
    // closing the one it replaces) blocks on a runtime of its own, which
    // tokio refuses inside the command's worker.
    let state = &*state;
    let info = std::thread::scope(|s| {
        s.spawn(|| -> Result<_, ApiError> {
            let api = Api::open_team(&url.to_url())?;
            let info = api.db_info()?;
            state.replace(api);
            Ok(info)
        })
        .join()
        .unwrap_or_else(|_| {
            Err(ApiError::new(
                tierdesk_api::ErrorCode::Internal,
                "连接团队数据库时意外中断",
            ))
        })
    })?;
    crate::remember_text(&app, &url.without_password());
    let keyring_problem = url.password.as_deref().and_then(|pw| {
        keep_password(&url, pw)
            .err()
            .map(|detail| Msg::new("team.keyring_failed").with("detail", detail))
    });
    Ok(TeamConnected {
        info,
        keyring_problem,
    })
}

/// The team database to offer in the connect form: the one open or the one
/// remembered (never its password).
#[tauri::command]
pub fn last_team(app: tauri::AppHandle, state: State<'_, AppState>) -> Option<TeamLogin> {
    let open = state
        .with_api(|api| Ok(api.team_url().cloned()))
        .ok()
        .flatten();
    let url = open.or_else(|| match crate::startup_target(&app) {
        DbTarget::Team(url) => TeamUrl::parse(&url).ok(),
        DbTarget::File(_) => None,
    })?;
    Some(TeamLogin::from_url(&url))
}

/// The password kept for `url`, if the keyring has one and can be read.
fn kept_password(url: &TeamUrl) -> Option<String> {
    keyring::Entry::new(KEYRING_SERVICE, &url.keyring_key())
        .and_then(|e| e.get_password())
        .ok()
}

/// Keeps `password` for `url` in the keyring; why not, when it cannot (no
/// keyring service running, access refused).
fn keep_password(url: &TeamUrl, password: &str) -> Result<(), String> {
    keyring::Entry::new(KEYRING_SERVICE, &url.keyring_key())
        .and_then(|e| e.set_password(password))
        .map_err(|e| e.to_string())
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
