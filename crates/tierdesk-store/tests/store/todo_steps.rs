//! The to-do rules run in steps (customer id ranges, then one day's dates a
//! step, then the ratings with the run's one audit entry): a run in steps of
//! any size, one customer included, creates exactly the to-dos a run in one
//! step creates, says the same counts, and a second run creates none.

use chrono::{Days, NaiveDate, NaiveDateTime};
use tierdesk_domain::record::{ContactDraft, DateDraft, DateKind};
use tierdesk_domain::{CustomerDraft, TodoFilter, TodoRefresh};
use tierdesk_store::testing::{backends, each_backend, fresh_postgres};
use tierdesk_store::{Store, TodoRules};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const AS_OF: &str = "2026-02-20";

fn rules() -> TodoRules {
    TodoRules {
        as_of: d(AS_OF),
        visits: vec![("gold".into(), 30), ("silver".into(), 90)],
    }
}

/// Forty customers of every kind the rules look at: tiers with and without
/// visits, contacted recently, long ago or never, birthdays (29 February
/// among them), contacts' birthdays, dates with and without a reminder,
/// rating due dates, and some in the recycle bin.
fn archive(backend: usize) -> Store {
    let mut store = match backend {
        0 => Store::open_in_memory().unwrap(),
        _ => fresh_postgres().expect("a test server"),
    };
    fill(&mut store);
    store
}

/// Puts [`archive`]'s customers in `store`.
fn fill(store: &mut Store) {
    let start = d("2025-06-01");
    let mut gone = Vec::new();
    for i in 0..40u64 {
        let tier = ["gold", "silver", "normal", "gold", "silver"][i as usize % 5];
        let last_contact_on = match i % 4 {
            0 => None,
            n => start.checked_add_days(Days::new(n * 60 + i)),
        };
        let birth_date = match i % 6 {
            0 => Some(d("1992-02-29")),
            1 => d("1980-02-20").checked_add_days(Days::new(i / 2)),
            2 => d("1975-03-01").checked_add_days(Days::new(i)),
            _ => None,
        };
        let next_rating_on = (i % 3 == 0).then(|| d("2026-02-18") + Days::new(i % 9));
        let id = store
            .insert_customer(&CustomerDraft {
                code: Some(format!("C{i:03}")),
                name: format!("客户{i}"),
                tier: Some(tier.into()),
                manager: (i % 2 == 0).then(|| format!("经理{}", i % 3)),
                last_contact_on,
                birth_date,
                next_rating_on,
                ..Default::default()
            })
            .unwrap()
            .id;
        if i % 7 == 3 {
            let contact = ContactDraft {
                name: format!("联系人{i}"),
                birth_date: d("1970-02-22").checked_add_days(Days::new(i % 11)),
                ..Default::default()
            };
            store.add_contact(id, &contact).unwrap();
        }
        if i % 5 == 2 {
            let date = DateDraft {
                kind: DateKind::Cooperation,
                label: String::new(),
                month: 2 + (i as u32 % 2),
                day: 18 + (i as u32 % 11),
                year: Some(2015),
                remind: i % 10 != 7,
                notes: String::new(),
            };
            store.add_customer_date(id, &date).unwrap();
        }
        if i % 9 == 4 {
            gone.push(id);
        }
    }
    store.delete_customers(&gone).unwrap();
}

/// Every to-do as (customer, kind, rule key, due day, title, owner).
fn todos(store: &Store) -> Vec<(Option<i64>, String, String, String, String, String)> {
    let now = NaiveDateTime::parse_from_str("2026-02-20 08:00", "%Y-%m-%d %H:%M").unwrap();
    let filter = TodoFilter {
        include_closed: true,
        ..TodoFilter::default()
    };
    let mut out: Vec<_> = store
        .todos(&filter, now)
        .unwrap()
        .into_iter()
        .map(|t| {
            (
                t.customer_id,
                t.kind.key().to_owned(),
                t.rule_key.unwrap_or_default(),
                t.due_on.to_string(),
                t.title,
                t.owner,
            )
        })
        .collect();
    out.sort();
    out
}

fn refresh_entries(store: &Store) -> u64 {
    store
        .audit_list(&tierdesk_domain::audit::AuditFilter {
            action: Some("todo.refresh".into()),
            ..Default::default()
        })
        .unwrap()
        .total
}

#[test]
fn a_run_in_steps_of_any_size_creates_what_one_whole_run_creates() {
    // SQLite (0), then PostgreSQL (1) when a test server is given.
    // The same to-dos on both: PostgreSQL's own spelling of the visits'
    // statement makes what SQLite's makes.
    let made: Vec<_> = (0..backends()).map(steps_of_any_size).collect();
    assert!(made.windows(2).all(|w| w[0] == w[1]), "the backends differ");
}

/// Runs the checks on a store of `backend`; the to-dos a whole run made.
fn steps_of_any_size(backend: usize) -> Vec<(Option<i64>, String, String, String, String, String)> {
    let mut whole = archive(backend);
    let all = whole.refresh_todos_by(&rules(), i64::MAX).unwrap();
    let want = todos(&whole);
    // The archive makes to-dos of every rule.
    assert!(
        all.visits >= 5 && all.dates >= 3 && all.ratings >= 2,
        "{all:?}"
    );
    assert_eq!(want.len() as u64, all.added());
    for kind in ["followup", "date", "rating"] {
        assert!(want.iter().any(|t| t.1 == kind), "no {kind} to-do");
    }
    for key in [
        "visit:",
        "birthday:",
        "contact-birthday:",
        "date:",
        "rating:",
    ] {
        assert!(want.iter().any(|t| t.2.starts_with(key)), "no {key} to-do");
    }
    assert_eq!(refresh_entries(&whole), 1);

    for chunk in [1, 2, 7, 39, 40, 20_000] {
        let mut store = archive(backend);
        let done = store.refresh_todos_by(&rules(), chunk).unwrap();
        assert_eq!(done, all, "counts in steps of {chunk}");
        assert_eq!(todos(&store), want, "to-dos in steps of {chunk}");
        assert_eq!(refresh_entries(&store), 1, "one entry per run ({chunk})");
        let again = store.refresh_todos_by(&rules(), chunk).unwrap();
        assert_eq!(again, TodoRefresh::default(), "a second run ({chunk})");
        assert_eq!(todos(&store), want);
        assert_eq!(
            refresh_entries(&store),
            1,
            "a run adding nothing logs nothing"
        );
    }
    want
}

#[test]
fn each_step_is_one_range_of_customers_or_one_day_and_the_entry_comes_last() {
    each_backend(|store| {
        fill(store);
        let mut run = store.start_todo_refresh(&rules(), 10).unwrap();
        let mut steps = 0;
        let mut visits_seen = Vec::new();
        while !store.refresh_todos_step(&mut run).unwrap() {
            steps += 1;
            visits_seen.push(run.done().visits);
            assert_eq!(refresh_entries(store), 0, "no entry before the last step");
            assert!(!run.finished());
        }
        // 40 customers in ranges of 10, 15 days ahead (0 to 14), then the ratings.
        assert_eq!(steps, 4 + 15);
        assert!(run.finished());
        assert_eq!(refresh_entries(store), 1);
        // Visits come one range at a time: more than one range added some.
        let grew = visits_seen[..4].windows(2).filter(|w| w[1] > w[0]).count()
            + usize::from(visits_seen[0] > 0);
        assert!(grew >= 2, "{visits_seen:?}");
        assert_eq!(run.done().added(), todos(store).len() as u64);
        // A finished run stays finished and adds nothing.
        assert!(store.refresh_todos_step(&mut run).unwrap());
        assert_eq!(refresh_entries(store), 1);
    });
}

/// SQLite only: about files (a team database has no file to change).
#[test]
fn a_run_started_on_one_file_is_refused_on_another() {
    let dir = tempfile::tempdir().unwrap();
    let one = Store::open(&dir.path().join("one.db")).unwrap();
    let mut other = Store::open(&dir.path().join("other.db")).unwrap();
    other
        .insert_customer(&CustomerDraft {
            name: "从未联系".into(),
            tier: Some("gold".into()),
            ..Default::default()
        })
        .unwrap();
    let mut run = one.start_todo_refresh(&rules(), 10).unwrap();
    let e = other.refresh_todos_step(&mut run).unwrap_err();
    assert!(e.to_string().contains("数据库已经换了"), "{e}");
    assert!(todos(&other).is_empty());
    assert!(!run.finished());
    // The file's own run adds its visit.
    assert_eq!(other.refresh_todos(&rules()).unwrap().visits, 1);
}
