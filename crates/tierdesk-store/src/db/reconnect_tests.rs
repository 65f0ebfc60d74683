//! A team database's connection lost under the store (the server restarted,
//! the network gone; here the server ends the backend with
//! `pg_terminate_backend`): the call under way fails with
//! [`StoreError::TeamLost`] in Chinese, a write in flight leaves nothing, and
//! the next call connects again.

use super::WriteTx;
use crate::testing::fresh_postgres;
use crate::{args, Store, StoreError};

/// The server ends `store`'s connection, as a restart would.
fn end_connection(store: &Store) -> i32 {
    let pid: i32 = store
        .db()
        .query_row("SELECT pg_backend_pid()", args![], |r| r.get(0))
        .unwrap();
    let url = crate::testing::server().unwrap();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let ended: bool = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap()
        .get(0);
    assert!(ended, "backend {pid} not ended");
    // The backend is gone once no row of pg_stat_activity shows it.
    for _ in 0..100 {
        let left: i64 = admin
            .query_one(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = $1",
                &[&pid],
            )
            .unwrap()
            .get(0);
        if left == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    pid
}

fn rows(store: &Store) -> i64 {
    store
        .db()
        .query_row("SELECT COUNT(*) FROM t", args![], |r| r.get(0))
        .unwrap()
}

/// A fresh team database with a table `t`; `None` without a test server.
fn team_with_table() -> Option<Store> {
    let store = fresh_postgres()?;
    let tx = store.write().unwrap();
    tx.execute_batch("CREATE TABLE t (id BIGINT PRIMARY KEY, s TEXT)")
        .unwrap();
    tx.commit().unwrap();
    Some(store)
}

/// Row `id` of `t`, inside `tx`.
fn insert(tx: &WriteTx<'_>, id: i64) -> crate::Result<u64> {
    tx.execute("INSERT INTO t (id, s) VALUES (?1, 'x')", args![id])
}

/// Row `id` of `t` in a write transaction of its own, committed.
fn write_one(store: &Store, id: i64) {
    let tx = store.write().unwrap();
    insert(&tx, id).unwrap();
    tx.commit().unwrap();
}

fn assert_lost(e: &StoreError) {
    assert!(matches!(e, StoreError::TeamLost { .. }), "{e:?}");
    assert!(e.to_string().starts_with("与团队数据库的连接中断："), "{e}");
}

#[test]
fn a_read_after_the_connection_was_lost_connects_again() {
    let Some(store) = team_with_table() else {
        return;
    };
    // A statement prepared on the old connection is prepared again on the new.
    assert_eq!(rows(&store), 0);
    let old = end_connection(&store);
    assert_eq!(rows(&store), 0, "the read was asked again");
    let new: i32 = store
        .db()
        .query_row("SELECT pg_backend_pid()", args![], |r| r.get(0))
        .unwrap();
    assert_ne!(new, old, "a new connection");
    // Writes wait for another desk's as before (the session set up again).
    let timeout: String = store
        .db()
        .query_row("SHOW lock_timeout", args![], |r| r.get(0))
        .unwrap();
    assert_eq!(timeout, "5s");
    write_one(&store, 1);
    assert_eq!(rows(&store), 1);
}

/// A binary COPY read (a rating's read of every customer) is a read like
/// any other: asked on a lost connection it is asked again on a new one,
/// every row seen once.
#[test]
fn a_copy_read_after_the_connection_was_lost_connects_again() {
    use postgres::types::Type;
    let Some(store) = team_with_table() else {
        return;
    };
    for id in 1..=3 {
        write_one(&store, id);
    }
    let old = end_connection(&store);
    let mut seen: Vec<(i64, String)> = Vec::new();
    let n = store
        .db()
        .copy_out(
            "SELECT id, s FROM t ORDER BY id",
            &[Type::INT8, Type::TEXT],
            |r| {
                seen.push((r.get(0)?, r.get(1)?));
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(seen, [(1, "x".into()), (2, "x".into()), (3, "x".into())]);
    let new: i32 = store
        .db()
        .query_row("SELECT pg_backend_pid()", args![], |r| r.get(0))
        .unwrap();
    assert_ne!(new, old, "a new connection");
}

#[test]
fn a_write_under_way_is_rolled_back_and_the_next_one_reconnects() {
    let Some(store) = team_with_table() else {
        return;
    };
    let tx = store.write().unwrap();
    insert(&tx, 1).unwrap();
    end_connection(&store);
    let e = insert(&tx, 2).unwrap_err();
    assert_lost(&e);
    // The rest of the transaction never runs on a new connection.
    let e = insert(&tx, 3).unwrap_err();
    assert_lost(&e);
    assert_lost(&tx.commit().unwrap_err());
    assert_eq!(rows(&store), 0, "nothing of the lost transaction");
    write_one(&store, 4);
    assert_eq!(rows(&store), 1);
}

/// The commit itself is the first to meet the lost connection: it fails.
/// (A commit after a statement has already met it is refused before it is
/// sent: `a_write_under_way_is_rolled_back_and_the_next_one_reconnects`;
/// sending it on a new connection would "succeed" with nothing to commit.)
#[test]
fn a_commit_on_a_lost_connection_fails_and_writes_nothing() {
    let Some(store) = team_with_table() else {
        return;
    };
    let tx = store.write().unwrap();
    insert(&tx, 1).unwrap();
    end_connection(&store);
    assert_lost(&tx.commit().unwrap_err());
    assert_eq!(rows(&store), 0);
}

/// A write begun after the loss (nothing under way) simply goes ahead on a
/// new connection.
#[test]
fn a_write_begun_after_the_loss_goes_ahead() {
    let Some(store) = team_with_table() else {
        return;
    };
    end_connection(&store);
    write_one(&store, 1);
    assert_eq!(rows(&store), 1);
}

/// A statement that writes outside a transaction is not asked twice: it
/// fails, and the next call reconnects.
#[test]
fn a_lone_write_on_a_lost_connection_fails_once() {
    let Some(store) = team_with_table() else {
        return;
    };
    end_connection(&store);
    let e = store
        .db()
        .execute("INSERT INTO t (id, s) VALUES (?1, 'x')", args![1i64])
        .unwrap_err();
    assert_lost(&e);
    assert_eq!(rows(&store), 0);
}

#[test]
fn only_plain_reads_are_asked_twice() {
    let cases = [
        ("SELECT 1", true),
        ("  select * from t", true),
        ("WITH x AS (SELECT 1) SELECT * FROM x", true),
        (
            "WITH x AS (DELETE FROM t RETURNING id) SELECT * FROM x",
            false,
        ),
        ("SELECT nextval('t_id_seq')", false),
        ("INSERT INTO t VALUES (1)", false),
        ("UPDATE t SET s = 'x'", false),
    ];
    for (sql, read) in cases {
        assert_eq!(super::is_read(sql), read, "{sql}");
    }
}
