//! Connecting to a team database on the test cluster (scripts/pg-test.sh):
//! TLS with the server's certificate checked (verify-full, the default),
//! against the cluster's own CA (`TIERDESK_TEST_PG_CA`, a certificate for
//! `localhost` only), refused without it or on another host name, and plain
//! only when `sslmode=disable` asks; and what each failure says.

use postgres::{Client, NoTls};
use tierdesk_store::{testing, Store, StoreError, TeamProblem, TeamTls, TeamUrl};

/// The test cluster, a database of its own on it, and the CA.
struct Cluster {
    admin: String,
    base: TeamUrl,
    ca: String,
    name: String,
}

impl Cluster {
    /// `None` without a server (the harness fails instead under
    /// `TIERDESK_REQUIRE_PG=1`, and so does a server without TLS then).
    fn new(test: &str) -> Option<Cluster> {
        let admin = testing::server()?;
        let Some(ca) = std::env::var("TIERDESK_TEST_PG_CA")
            .ok()
            .filter(|c| !c.is_empty())
        else {
            assert!(
                std::env::var("TIERDESK_REQUIRE_PG").ok().as_deref() != Some("1"),
                "TIERDESK_TEST_PG_CA is not set: the test cluster has no TLS"
            );
            eprintln!("{test}: skipped, the test cluster has no TLS");
            return None;
        };
        let name = format!("tierdesk_conn_{test}_{}", std::process::id());
        let mut client = Client::connect(&admin, NoTls).unwrap();
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let mut base = TeamUrl::parse(&admin).unwrap();
        base.database = name.clone();
        Some(Cluster {
            admin,
            base,
            ca,
            name,
        })
    }

    /// The database's URL on `host` with `tls`.
    fn url(&self, host: &str, tls: TeamTls) -> String {
        let mut u = self.base.clone();
        u.host = host.to_owned();
        u.tls = tls;
        u.to_url()
    }

    fn with_ca(&self) -> TeamTls {
        TeamTls::Verify {
            ca: Some(self.ca.clone().into()),
        }
    }

    /// How many migrations the database has recorded (read as the server's
    /// superuser: the store reads nothing before sign-in).
    fn migrations(&self) -> i64 {
        let mut db = Client::connect(&testing::url_for(&self.admin, &self.name), NoTls).unwrap();
        db.query_one("SELECT COUNT(*) FROM schema_migrations", &[])
            .unwrap()
            .get(0)
    }

    /// The recorded migrations, or `None` before the table exists.
    fn migrations_or_none(&self) -> Option<i64> {
        let mut db = Client::connect(&testing::url_for(&self.admin, &self.name), NoTls).unwrap();
        db.query_one("SELECT COUNT(*) FROM schema_migrations", &[])
            .ok()
            .map(|r| r.get(0))
    }

    /// Whether the connections to this database use TLS, as the server
    /// sees them (`pg_stat_ssl`).
    fn encrypted(&self) -> Vec<bool> {
        let mut admin = Client::connect(&self.admin, NoTls).unwrap();
        admin
            .query(
                "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
                 WHERE a.datname = $1",
                &[&self.name],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Ok(mut client) = Client::connect(&self.admin, NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn problem(result: Result<Store, StoreError>) -> TeamProblem {
    match result {
        Err(StoreError::TeamConnect(p)) => p,
        Err(other) => panic!("another error: {other:?}"),
        Ok(_) => panic!("connected"),
    }
}

#[test]
fn verify_full_with_the_ca_connects_over_tls() {
    let Some(c) = Cluster::new("tls") else {
        return;
    };
    let store = Store::open_postgres(&c.url("localhost", c.with_ca())).unwrap();
    assert!(store.is_team());
    assert_eq!(c.encrypted(), vec![true]);
    assert!(c.migrations() > 0, "migrated");
    let team = store.team_url().unwrap();
    assert_eq!(
        team.label(),
        format!("团队数据库 {} @ {}", c.name, team.server())
    );
    assert!(team.server().starts_with("localhost:"));
}

#[test]
fn disable_connects_unencrypted_only_when_asked() {
    let Some(c) = Cluster::new("plain") else {
        return;
    };
    let store = Store::open_postgres(&c.url("127.0.0.1", TeamTls::Disable)).unwrap();
    assert!(store.is_team());
    assert_eq!(c.encrypted(), vec![false]);
    assert!(c.migrations() > 0, "migrated");
}

#[test]
fn without_the_ca_the_certificate_cannot_be_verified() {
    let Some(c) = Cluster::new("noca") else {
        return;
    };
    // The system's roots do not know the test CA.
    let p = problem(Store::open_postgres(
        &c.url("localhost", TeamTls::Verify { ca: None }),
    ));
    assert!(matches!(p, TeamProblem::Untrusted { .. }), "{p:?}");
    let text = p.msg().zh();
    assert!(text.starts_with("服务器证书无法验证"), "{text}");
    assert!(text.contains("信任此证书颁发机构（CA）文件"), "{text}");
    assert!(c.encrypted().is_empty(), "no connection left open");
}

#[test]
fn a_certificate_for_another_host_name_is_refused() {
    let Some(c) = Cluster::new("host") else {
        return;
    };
    // The certificate names localhost; 127.0.0.1 is the same server by
    // another name, which verify-full does not accept.
    let p = problem(Store::open_postgres(&c.url("127.0.0.1", c.with_ca())));
    assert_eq!(
        p,
        TeamProblem::WrongHost {
            host: "127.0.0.1".into()
        }
    );
    assert!(p.msg().zh().contains("证书上的名称与「127.0.0.1」不符"));
}

#[test]
fn login_database_server_and_ca_file_problems_say_which() {
    let Some(c) = Cluster::new("words") else {
        return;
    };
    let server = |host: &str| format!("{host}:{}", c.base.port);

    let mut wrong = TeamUrl::parse(&c.url("localhost", c.with_ca())).unwrap();
    wrong.password = Some("not-the-password".into());
    let p = problem(Store::open_postgres(&wrong.to_url()));
    assert_eq!(
        p,
        TeamProblem::Login {
            user: "tierdesk".into(),
            server: server("localhost")
        }
    );
    assert!(!p.msg().zh().contains("not-the-password"));

    let mut missing = TeamUrl::parse(&c.url("localhost", c.with_ca())).unwrap();
    missing.database = "no_such_database".into();
    let p = problem(Store::open_postgres(&missing.to_url()));
    assert_eq!(
        p,
        TeamProblem::NoDatabase {
            database: "no_such_database".into(),
            server: server("localhost")
        }
    );

    // A port nothing listens on (the cluster's port is taken, so one below
    // the unprivileged range's start is used: 1).
    let mut closed = TeamUrl::parse(&c.url("127.0.0.1", TeamTls::Disable)).unwrap();
    closed.port = 1;
    let p = problem(Store::open_postgres(&closed.to_url()));
    match &p {
        TeamProblem::Unreachable { server, detail } => {
            assert_eq!(server, "127.0.0.1:1");
            assert_eq!(detail.key, "store.team_refused");
        }
        other => panic!("{other:?}"),
    }
    assert!(p
        .msg()
        .zh()
        .starts_with("无法连接团队数据库服务器 127.0.0.1:1：服务器拒绝连接"));

    let p = problem(Store::open_postgres(&c.url(
        "localhost",
        TeamTls::Verify {
            ca: Some("/nonexistent/ca.pem".into()),
        },
    )));
    match &p {
        TeamProblem::CaFile { path, detail } => {
            assert_eq!(path, "/nonexistent/ca.pem");
            assert_eq!(detail.key, "store.team_ca_missing");
        }
        other => panic!("{other:?}"),
    }
}

/// A login that may not create pg_trgm (only a database's owner or a user
/// with CREATE on it may) gets the sentence telling the owner what to do.
#[test]
fn a_missing_pg_trgm_names_what_the_owner_must_do() {
    let Some(c) = Cluster::new("trgm") else {
        return;
    };
    let user = format!("plain_{}", std::process::id());
    let mut admin = Client::connect(&c.admin, NoTls).unwrap();
    let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {user}"));
    admin
        .batch_execute(&format!("CREATE ROLE {user} LOGIN PASSWORD 'pw'"))
        .unwrap();
    let mut db = Client::connect(&testing::url_for(&c.admin, &c.name), NoTls).unwrap();
    db.batch_execute(&format!("GRANT CREATE ON SCHEMA public TO {user}"))
        .unwrap();
    let mut u = TeamUrl::parse(&c.url("127.0.0.1", TeamTls::Disable)).unwrap();
    u.user = user.clone();
    u.password = Some("pw".into());
    let p = problem(Store::open_postgres(&u.to_url()));
    assert_eq!(
        p,
        TeamProblem::NoTrgm {
            database: c.name.clone()
        }
    );
    assert!(p.msg().zh().contains("CREATE EXTENSION pg_trgm"));
    // Once the owner has created it, the same login migrates the database.
    assert_eq!(c.migrations_or_none(), None, "nothing migrated");
    db.batch_execute("CREATE EXTENSION pg_trgm").unwrap();
    let store = Store::open_postgres(&u.to_url()).unwrap();
    assert!(c.migrations() > 0, "migrated");
    drop(store);
    drop(db);
    drop(c);
    let _ = admin.batch_execute(&format!("DROP OWNED BY {user}; DROP ROLE IF EXISTS {user}"));
}
