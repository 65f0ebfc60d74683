//! Connecting to a team database: its URL, TLS, and what went wrong, in
//! words a person can act on.
//!
//! A team database is named by a URL everywhere (CLI `--db`, `TIERDESK_DB`,
//! the app's remembered database):
//! `postgres://user[:password]@host[:port]/database[?sslmode=…&sslrootcert=…]`.
//! `sslmode` is `verify-full` when absent: TLS, the server's certificate
//! checked against the system's trusted roots (or only the CA file
//! `sslrootcert` names) and its name against the host. `disable` (no
//! encryption, for the machine itself or a trusted LAN) is used only when
//! asked for; `require`/`prefer`/`allow`/`verify-ca` are refused, since they
//! would encrypt without checking who answers.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tierdesk_domain::Msg;

use crate::{StoreError, BUSY_TIMEOUT};

/// How long connecting waits for a server that does not answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How the connection is protected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamTls {
    /// TLS, the certificate checked: against the CA file when given, else
    /// against the system's trusted roots.
    Verify { ca: Option<PathBuf> },
    /// No encryption (`sslmode=disable`), only when asked for.
    Disable,
}

/// A team database's address, read from its URL.
#[derive(Clone, PartialEq, Eq)]
pub struct TeamUrl {
    pub user: String,
    pub password: Option<String>,
    pub host: String,
    pub port: u16,
    pub database: String,
    pub tls: TeamTls,
}

impl std::fmt::Debug for TeamUrl {
    // Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.without_password())
    }
}

/// Why a team database could not be connected to. Each carries its message
/// ([`TeamProblem::msg`]); the URL's password never appears in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamProblem {
    /// The URL cannot be used: `key` is the message key (`store.team_url_*`),
    /// `value` the part of the URL at fault.
    Url { key: &'static str, value: String },
    /// No server answers at this address (refused, timed out, unknown host).
    Unreachable { server: String, detail: Msg },
    /// The server refused the user name or password.
    Login { user: String, server: String },
    /// The server has no database of this name.
    NoDatabase { database: String, server: String },
    /// The CA file cannot be read or holds no certificate.
    CaFile { path: String, detail: Msg },
    /// The server's certificate is not signed by a trusted authority.
    Untrusted { server: String },
    /// The server's certificate is expired or not yet valid.
    Expired { server: String },
    /// The server's certificate names another host.
    WrongHost { host: String },
    /// Any other certificate or TLS failure.
    Tls { server: String, detail: Msg },
    /// The server offers no TLS at all.
    NoTls { server: String },
    /// pg_trgm is not installed or may not be created by this user.
    NoTrgm { database: String },
}

impl TeamProblem {
    /// The message, for the UI in either language and the CLI in Chinese.
    pub fn msg(&self) -> Msg {
        match self {
            TeamProblem::Url { key, value } => Msg::new(key).with("value", value),
            TeamProblem::Unreachable { server, detail } => Msg::new("store.team_unreachable")
                .with("server", server)
                .with_msg("detail", detail.clone()),
            TeamProblem::Login { user, server } => Msg::new("store.team_login")
                .with("user", user)
                .with("server", server),
            TeamProblem::NoDatabase { database, server } => Msg::new("store.team_no_database")
                .with("database", database)
                .with("server", server),
            TeamProblem::CaFile { path, detail } => Msg::new("store.team_ca_file")
                .with("path", path)
                .with_msg("detail", detail.clone()),
            TeamProblem::Untrusted { server } => {
                Msg::new("store.team_cert_untrusted").with("server", server)
            }
            TeamProblem::Expired { server } => {
                Msg::new("store.team_cert_expired").with("server", server)
            }
            TeamProblem::WrongHost { host } => Msg::new("store.team_cert_host").with("host", host),
            TeamProblem::Tls { server, detail } => Msg::new("store.team_tls")
                .with("server", server)
                .with_msg("detail", detail.clone()),
            TeamProblem::NoTls { server } => Msg::new("store.team_no_tls").with("server", server),
            TeamProblem::NoTrgm { database } => {
                Msg::new("store.team_trgm").with("database", database)
            }
        }
    }
}

fn url_problem(key: &'static str, value: impl Into<String>) -> StoreError {
    StoreError::TeamConnect(TeamProblem::Url {
        key,
        value: value.into(),
    })
}

impl TeamUrl {
    /// Reads a `postgres://` (or `postgresql://`) URL.
    pub fn parse(url: &str) -> Result<TeamUrl, StoreError> {
        let url = url.trim();
        let rest = ["postgres://", "postgresql://"]
            .iter()
            .find_map(|p| {
                url.get(..p.len())
                    .filter(|h| h.eq_ignore_ascii_case(p))
                    .map(|_| &url[p.len()..])
            })
            .ok_or_else(|| url_problem("store.team_url_scheme", scheme_of(url)))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((name, pw)) => (decode(name)?, Some(decode(pw)?)),
                None => (decode(u)?, None),
            },
            None => (String::new(), None),
        };
        let (host, port) = split_host_port(hostport)?;
        let database = decode(database)?;
        if user.is_empty() {
            return Err(url_problem("store.team_url_user", ""));
        }
        if database.is_empty() {
            return Err(url_problem("store.team_url_database", ""));
        }
        let mut verify = true;
        let mut ca = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value)?;
            match name {
                "sslmode" => match value.as_str() {
                    "verify-full" => verify = true,
                    "disable" => verify = false,
                    other => return Err(url_problem("store.team_url_sslmode", other)),
                },
                "sslrootcert" if !value.is_empty() => ca = Some(PathBuf::from(value)),
                "sslrootcert" => {}
                other => return Err(url_problem("store.team_url_param", other)),
            }
        }
        let tls = if verify {
            TeamTls::Verify { ca }
        } else {
            TeamTls::Disable
        };
        Ok(TeamUrl {
            user,
            password: password.filter(|p| !p.is_empty()),
            host,
            port,
            database,
            tls,
        })
    }

    /// `host:port` as people see it (`[::1]:5432` for an IPv6 address).
    pub fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// What the status bar shows: 团队数据库 tierdesk @ 10.0.0.5:5432.
    pub fn label(&self) -> String {
        format!("团队数据库 {} @ {}", self.database, self.server())
    }

    /// The key of its password in the OS keyring: `user@host:port/database`.
    pub fn keyring_key(&self) -> String {
        format!("{}@{}/{}", self.user, self.server(), self.database)
    }

    /// The URL without its password: what may be written down (remembered,
    /// shown, logged).
    pub fn without_password(&self) -> String {
        self.url_with(None)
    }

    /// The full URL, password included when it has one.
    pub fn to_url(&self) -> String {
        self.url_with(self.password.as_deref())
    }

    /// The same database with `password`.
    pub fn with_password(&self, password: Option<&str>) -> TeamUrl {
        TeamUrl {
            password: password.filter(|p| !p.is_empty()).map(str::to_owned),
            ..self.clone()
        }
    }

    fn url_with(&self, password: Option<&str>) -> String {
        let mut url = format!("postgres://{}", encode(&self.user));
        if let Some(pw) = password {
            url.push(':');
            url.push_str(&encode(pw));
        }
        url.push('@');
        url.push_str(&self.server());
        url.push('/');
        url.push_str(&encode(&self.database));
        match &self.tls {
            TeamTls::Disable => url.push_str("?sslmode=disable"),
            TeamTls::Verify { ca: Some(ca) } => {
                url.push_str("?sslmode=verify-full&sslrootcert=");
                url.push_str(&encode(&ca.to_string_lossy()));
            }
            TeamTls::Verify { ca: None } => {}
        }
        url
    }

    fn config(&self) -> postgres::Config {
        let mut config = postgres::Config::new();
        config
            .user(&self.user)
            .host(&self.host)
            .port(self.port)
            .dbname(&self.database)
            .application_name("TierDesk")
            .connect_timeout(CONNECT_TIMEOUT)
            .ssl_mode(match self.tls {
                TeamTls::Disable => postgres::config::SslMode::Disable,
                TeamTls::Verify { .. } => postgres::config::SslMode::Require,
            });
        if let Some(pw) = &self.password {
            config.password(pw);
        }
        config
    }
}

/// What stands before `://`, for the message about a wrong scheme.
fn scheme_of(url: &str) -> String {
    url.split_once("://")
        .map_or_else(|| url.chars().take(20).collect(), |(s, _)| s.to_owned())
}

fn split_host_port(hostport: &str) -> Result<(String, u16), StoreError> {
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or_else(|| url_problem("store.team_url_host", hostport))?;
        (host, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let host = decode(host)?;
    if host.is_empty() {
        return Err(url_problem("store.team_url_host", hostport));
    }
    let port = match port {
        None | Some("") => 5432,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|&p| p > 0)
            .ok_or_else(|| url_problem("store.team_url_port", p))?,
    };
    Ok((host, port))
}

/// Percent-decoding (`%40` → `@`), as URLs carry passwords with signs.
fn decode(text: &str) -> Result<String, StoreError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| url_problem("store.team_url_encoding", &text[i..]))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| url_problem("store.team_url_encoding", text))
}

/// Percent-encoding of everything but unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Connects to the team database: TLS as the URL says, the session set up
/// as the store expects (writes wait `BUSY_TIMEOUT` for another desk's).
pub(crate) fn connect(team: &TeamUrl) -> Result<postgres::Client, StoreError> {
    let config = team.config();
    let connected = match &team.tls {
        TeamTls::Disable => config.connect(postgres::NoTls),
        TeamTls::Verify { ca } => {
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(ca.as_ref())?);
            config.connect(tls)
        }
    };
    let mut client = connected.map_err(|e| connect_problem(team, e))?;
    client
        .batch_execute(&format!(
            "SET lock_timeout = '{}ms'",
            BUSY_TIMEOUT.as_millis()
        ))
        .map_err(|e| connect_problem(team, e))?;
    Ok(client)
}

/// rustls with the CA file's certificates, else the system's roots.
fn tls_config(ca: Option<&PathBuf>) -> Result<rustls::ClientConfig, StoreError> {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let mut roots = rustls::RootCertStore::empty();
    match ca {
        Some(path) => {
            let ca_problem = |detail: Msg| {
                StoreError::TeamConnect(TeamProblem::CaFile {
                    path: path.display().to_string(),
                    detail,
                })
            };
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| ca_problem(pem_words(&e)))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| ca_problem(pem_words(&e)))?;
            for cert in certs {
                roots.add(cert).map_err(|e| ca_problem(Msg::text(e)))?;
            }
            if roots.is_empty() {
                return Err(ca_problem(Msg::new("store.team_ca_empty")));
            }
        }
        None => {
            // Certificates the system lists but rustls cannot read are skipped,
            // as browsers do.
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            StoreError::TeamConnect(TeamProblem::Tls {
                server: String::new(),
                detail: Msg::text(e),
            })
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

fn pem_words(e: &rustls::pki_types::pem::Error) -> Msg {
    match e {
        rustls::pki_types::pem::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            Msg::new("store.team_ca_missing")
        }
        rustls::pki_types::pem::Error::Io(io) => Msg::text(io),
        _ => Msg::new("store.team_ca_empty"),
    }
}

/// A failure to connect, in words: which of the things a person can check.
fn connect_problem(team: &TeamUrl, e: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    let server = team.server();
    let problem = match e.code() {
        Some(c)
            if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            TeamProblem::Login {
                user: team.user.clone(),
                server,
            }
        }
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => TeamProblem::NoDatabase {
            database: team.database.clone(),
            server,
        },
        Some(_) => return StoreError::from(e),
        None => match tls_failure(&e) {
            Some(rustls::Error::InvalidCertificate(cert)) => cert_problem(team, cert, server),
            Some(other) => TeamProblem::Tls {
                server,
                detail: Msg::text(other),
            },
            None if e.to_string().contains("server does not support TLS") => {
                TeamProblem::NoTls { server }
            }
            None => match io_failure(&e) {
                Some(io) => TeamProblem::Unreachable {
                    server,
                    detail: io_words(io),
                },
                None if e.to_string().contains("password missing") => TeamProblem::Login {
                    user: team.user.clone(),
                    server,
                },
                None => return StoreError::from(e),
            },
        },
    };
    StoreError::TeamConnect(problem)
}

fn cert_problem(team: &TeamUrl, cert: &rustls::CertificateError, server: String) -> TeamProblem {
    use rustls::CertificateError as C;
    match cert {
        C::UnknownIssuer | C::BadSignature => TeamProblem::Untrusted { server },
        C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. } => {
            TeamProblem::Expired { server }
        }
        C::NotValidForName | C::NotValidForNameContext { .. } => TeamProblem::WrongHost {
            host: team.host.clone(),
        },
        other => TeamProblem::Tls {
            server,
            detail: Msg::text(format!("{other:?}")),
        },
    }
}

/// The rustls error somewhere in the chain of `e`'s sources.
fn tls_failure(e: &postgres::Error) -> Option<&rustls::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if let Some(r) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                return Some(r);
            }
        }
        source = s.source();
    }
    None
}

fn io_failure(e: &postgres::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = s.source();
    }
    None
}

/// A network failure in words (the system's own text for the rare ones).
fn io_words(io: &std::io::Error) -> Msg {
    use std::io::ErrorKind as K;
    match io.kind() {
        K::ConnectionRefused => Msg::new("store.team_refused"),
        K::TimedOut => Msg::new("store.team_timeout"),
        _ if io.to_string().contains("lookup address") => Msg::new("store.team_no_host"),
        _ => Msg::text(io),
    }
}

/// A migration that failed for want of pg_trgm, in words: the owner must
/// install PostgreSQL's contrib package or create the extension.
pub(crate) fn trgm_problem(team: &TeamUrl, e: &StoreError) -> Option<StoreError> {
    let text = e.to_string();
    (text.contains("pg_trgm") || text.contains("gin_trgm_ops") || text.contains("similarity")).then(
        || {
            StoreError::TeamConnect(TeamProblem::NoTrgm {
                database: team.database.clone(),
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_key(url: &str) -> String {
        match TeamUrl::parse(url) {
            Err(StoreError::TeamConnect(p)) => p.msg().key.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn urls_are_read_with_verify_full_by_default() {
        let u = TeamUrl::parse("postgres://zhang:p%40ss%3Aword@10.0.0.5:6543/客户").unwrap();
        assert_eq!(u.user, "zhang");
        assert_eq!(u.password.as_deref(), Some("p@ss:word"));
        assert_eq!((u.host.as_str(), u.port), ("10.0.0.5", 6543));
        assert_eq!(u.database, "客户");
        assert_eq!(u.tls, TeamTls::Verify { ca: None });
        assert_eq!(u.label(), "团队数据库 客户 @ 10.0.0.5:6543");
        assert_eq!(u.keyring_key(), "zhang@10.0.0.5:6543/客户");
        assert!(
            !u.without_password().contains("ss"),
            "{}",
            u.without_password()
        );
        assert!(!format!("{u:?}").contains("word"));

        let u = TeamUrl::parse("POSTGRESQL://li@db.example/tierdesk?sslmode=disable").unwrap();
        assert_eq!((u.port, u.tls.clone()), (5432, TeamTls::Disable));
        assert_eq!(u.password, None);

        let u = TeamUrl::parse(
            "postgres://li@[::1]:5433/t?sslmode=verify-full&sslrootcert=%2Fetc%2Fca%20x.pem",
        )
        .unwrap();
        assert_eq!(u.host, "::1");
        assert_eq!(u.server(), "[::1]:5433");
        assert_eq!(
            u.tls,
            TeamTls::Verify {
                ca: Some(PathBuf::from("/etc/ca x.pem"))
            }
        );
    }

    #[test]
    fn a_url_written_down_reads_back_the_same() {
        for url in [
            "postgres://zhang:p%40ss%20w@10.0.0.5:6543/%E5%AE%A2%E6%88%B7",
            "postgres://li@db.example:5432/tierdesk?sslmode=disable",
            "postgres://li@[::1]:5433/t?sslmode=verify-full&sslrootcert=%2Fetc%2Fca%20x.pem",
        ] {
            let u = TeamUrl::parse(url).unwrap();
            assert_eq!(TeamUrl::parse(&u.to_url()).unwrap(), u, "{url}");
            let bare = TeamUrl::parse(&u.without_password()).unwrap();
            assert_eq!(bare, u.with_password(None), "{url}");
            assert_eq!(bare.with_password(u.password.as_deref()), u);
        }
    }

    #[test]
    fn urls_that_cannot_be_used_say_why() {
        let cases = [
            ("mysql://a@b/c", "store.team_url_scheme"),
            ("/home/me/tierdesk.db", "store.team_url_scheme"),
            ("postgres://a@/c", "store.team_url_host"),
            ("postgres://a@h:99999/c", "store.team_url_port"),
            ("postgres://a@h:0/c", "store.team_url_port"),
            ("postgres://a@h:x/c", "store.team_url_port"),
            ("postgres://a@h", "store.team_url_database"),
            ("postgres://h/c", "store.team_url_user"),
            ("postgres://a@h/c?sslmode=require", "store.team_url_sslmode"),
            ("postgres://a@h/c?sslmode=prefer", "store.team_url_sslmode"),
            (
                "postgres://a@h/c?sslmode=verify-ca",
                "store.team_url_sslmode",
            ),
            ("postgres://a@h/c?options=-c%20x", "store.team_url_param"),
            ("postgres://a:%zz@h/c", "store.team_url_encoding"),
        ];
        for (url, key) in cases {
            assert_eq!(problem_key(url), key, "{url}");
            let e = TeamUrl::parse(url).unwrap_err();
            assert!(
                !e.to_string().is_empty() && !e.to_string().contains("{"),
                "{url}: {e}"
            );
        }
    }
}
