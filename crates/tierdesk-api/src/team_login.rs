//! The connect form of a team database (文件 → 连接团队数据库…, and 迁移到团队
//! 数据库… reuses it): what a person types, checked, turned into the URL the
//! store opens. The password goes from the form to the store (and the app's
//! keyring), never into a file or a message.

use serde::{Deserialize, Serialize};
use tierdesk_domain::FieldProblem;
use tierdesk_store::{TeamTls, TeamUrl};
use ts_rs::TS;

use crate::{ApiError, Result};

/// The connect form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct TeamLogin {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// Not kept anywhere by the API (the app puts it in the OS keyring).
    pub password: String,
    /// 加密连接: TLS with the server's certificate checked (on by default).
    /// Off is 「不加密（仅限本机或可信内网）」.
    pub encrypt: bool,
    /// 信任此证书颁发机构（CA）文件: a PEM file; else the system's roots.
    #[ts(optional = nullable)]
    pub ca_file: Option<String>,
}

impl TeamLogin {
    /// The team database's address, or every problem of the form at once.
    pub fn team_url(&self) -> Result<TeamUrl> {
        let mut problems = Vec::new();
        let mut need = |field: &str, value: &str, key: &str| {
            if value.trim().is_empty() {
                problems.push(FieldProblem::new(field, tierdesk_domain::Msg::new(key)));
            }
        };
        need("host", &self.host, "team.form_host");
        need("database", &self.database, "team.form_database");
        need("user", &self.user, "team.form_user");
        if self.port == 0 {
            problems.push(FieldProblem::new(
                "port",
                tierdesk_domain::Msg::new("team.form_port"),
            ));
        }
        if !problems.is_empty() {
            // The first problem is the sentence; each field has its own.
            let mut err = ApiError::invalid(problems[0].message.clone());
            err.msg = problems[0].msg.clone();
            err.problems = problems;
            return Err(err);
        }
        let ca = self
            .ca_file
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(Into::into);
        Ok(TeamUrl {
            user: self.user.trim().to_owned(),
            password: Some(self.password.clone()).filter(|p| !p.is_empty()),
            host: self.host.trim().to_owned(),
            port: self.port,
            database: self.database.trim().to_owned(),
            tls: if self.encrypt {
                TeamTls::Verify { ca }
            } else {
                TeamTls::Disable
            },
        })
    }

    /// The form filled from a remembered address (no password).
    pub fn from_url(url: &TeamUrl) -> TeamLogin {
        let (encrypt, ca_file) = match &url.tls {
            TeamTls::Verify { ca } => (true, ca.as_ref().map(|c| c.display().to_string())),
            TeamTls::Disable => (false, None),
        };
        TeamLogin {
            host: url.host.clone(),
            port: url.port,
            database: url.database.clone(),
            user: url.user.clone(),
            password: String::new(),
            encrypt,
            ca_file,
        }
    }
}

/// What connecting gave: the database opened, and why its password could
/// not be kept in the OS keyring, when it could not (the app then asks for
/// it at the next start).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TeamConnected {
    pub info: crate::DbInfo,
    #[ts(optional = nullable)]
    pub keyring_problem: Option<tierdesk_domain::Msg>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TeamLogin {
        TeamLogin {
            host: " 10.0.0.5 ".into(),
            port: 5432,
            database: "tierdesk".into(),
            user: "desk".into(),
            password: "p@ss word".into(),
            encrypt: true,
            ca_file: Some("/etc/tierdesk/ca.pem".into()),
        }
    }

    #[test]
    fn a_form_becomes_the_url_and_back() {
        let url = form().team_url().unwrap();
        assert_eq!(url.host, "10.0.0.5");
        assert_eq!(url.password.as_deref(), Some("p@ss word"));
        assert_eq!(
            url.without_password(),
            "postgres://desk@10.0.0.5:5432/tierdesk?sslmode=verify-full&sslrootcert=%2Fetc%2Ftierdesk%2Fca.pem"
        );
        assert_eq!(TeamUrl::parse(&url.to_url()).unwrap(), url);
        let back = TeamLogin::from_url(&url);
        assert_eq!(
            (back.host.as_str(), back.password.as_str()),
            ("10.0.0.5", "")
        );
        assert_eq!(back.ca_file.as_deref(), Some("/etc/tierdesk/ca.pem"));
        let plain = TeamLogin {
            encrypt: false,
            ..form()
        };
        assert_eq!(plain.team_url().unwrap().tls, TeamTls::Disable);
        assert!(plain
            .team_url()
            .unwrap()
            .to_url()
            .ends_with("?sslmode=disable"));
    }

    #[test]
    fn an_incomplete_form_names_each_missing_field() {
        let empty = TeamLogin {
            host: " ".into(),
            port: 0,
            database: String::new(),
            user: String::new(),
            ..form()
        };
        let err = empty.team_url().unwrap_err();
        let fields: Vec<&str> = err.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["host", "database", "user", "port"]);
        assert!(err.message.contains("服务器"), "{}", err.message);
    }
}
