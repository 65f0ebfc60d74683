//! Survey answers: the tier kept with each, the follow-up to-dos of
//! detractors and low CSAT, the rule figures (latest and average as of a
//! day), counts per tier, and a survey import undone to exactly its answers.
//! Each test runs on SQLite and on a fresh PostgreSQL database
//! (`each_backend`) unless it says why not.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::survey::{NewSurveyAnswer, SurveyChannel};
use tierdesk_domain::{CustomerDraft, ImportKind, NewImport};
use tierdesk_store::testing::each_backend;
use tierdesk_store::Store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn answer(customer_id: i64, on: &str, nps: Option<i64>, csat: Option<i64>) -> NewSurveyAnswer {
    NewSurveyAnswer {
        customer_id,
        survey_id: None,
        answered_on: day(on),
        channel: SurveyChannel::Phone,
        nps,
        csat,
        scores: BTreeMap::new(),
        comment: format!("{on} 的评价"),
    }
}

struct Fixture<'s> {
    store: &'s mut Store,
    a: i64,
    b: i64,
}

/// Customers A1 (gold, 赵经理) and B1 (silver, no manager) in `store`.
fn fixture(store: &mut Store) -> Fixture<'_> {
    let mut add = |code: &str, tier: &str, manager: Option<&str>| {
        store
            .insert_customer(&CustomerDraft {
                code: Some(code.into()),
                name: format!("客户{code}"),
                tier: Some(tier.into()),
                manager: manager.map(str::to_owned),
                ..CustomerDraft::default()
            })
            .unwrap()
            .id
    };
    let a = add("A1", "gold", Some("赵经理"));
    let b = add("B1", "silver", None);
    Fixture { store, a, b }
}

/// (source id, status, owner) of every survey to-do, by id.
fn survey_todos(store: &Store) -> Vec<(i64, String, String)> {
    let todos = crate::todos_of_source(store, "survey").into_iter();
    let row =
        |t: tierdesk_domain::Todo| (t.source_id.unwrap_or(0), t.status.key().to_owned(), t.owner);
    todos.map(row).collect()
}

#[test]
fn an_answer_keeps_the_tier_and_a_detractor_opens_a_to_do_for_the_manager() {
    each_backend(|store| {
        let f = fixture(store);
        let today = day("2026-11-30");
        let sad = f
            .store
            .add_survey_answer(&answer(f.a, "2026-11-02", Some(3), None), "王五", today)
            .unwrap();
        let happy = f
            .store
            .add_survey_answer(&answer(f.b, "2026-11-03", Some(10), Some(5)), "王五", today)
            .unwrap();
        let low_csat = f
            .store
            .add_survey_answer(&answer(f.b, "2026-11-04", Some(8), Some(2)), "王五", today)
            .unwrap();
        assert_eq!(
            (sad.tier_at.as_deref(), happy.tier_at.as_deref()),
            (Some("gold"), Some("silver"))
        );
        assert_eq!(
            (sad.who.as_str(), sad.nps, sad.csat),
            ("王五", Some(3), None)
        );
        assert_eq!(
            survey_todos(f.store),
            vec![
                (sad.id, "open".to_owned(), "赵经理".to_owned()),
                // No manager: the person who recorded it.
                (low_csat.id, "open".to_owned(), "王五".to_owned()),
            ]
        );
        let ids: Vec<i64> = f
            .store
            .survey_answers(f.b)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(ids, vec![low_csat.id, happy.id], "newest first");
        // Deleting an answer cancels its open to-do, and only its.
        assert_eq!(
            f.store.delete_survey_answer(sad.id).unwrap().map(|a| a.id),
            Some(sad.id)
        );
        assert_eq!(f.store.delete_survey_answer(sad.id).unwrap(), None);
        let statuses: Vec<String> = survey_todos(f.store).into_iter().map(|t| t.1).collect();
        assert_eq!(statuses, vec!["cancelled", "open"]);
        let log = f
            .store
            .audit_list(&AuditFilter {
                action: Some("survey.add".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(log.total, 3);
        assert!(
            log.items.iter().all(|e| !e.summary.contains("评价")),
            "comments stay out of summaries"
        );
    });
}

#[test]
fn rule_figures_are_the_latest_answer_and_the_averages_as_of_a_day() {
    each_backend(|store| {
        let f = fixture(store);
        let today = day("2026-11-30");
        for a in [
            answer(f.a, "2026-11-01", Some(3), Some(2)),
            answer(f.a, "2026-11-10", Some(9), None),
            answer(f.a, "2026-11-20", None, Some(5)),
            // Entered last but answered earlier: not the latest answer.
            answer(f.a, "2026-11-05", Some(1), None),
        ] {
            f.store.add_survey_answer(&a, "王五", today).unwrap();
        }
        let facts = f.store.survey_facts(today).unwrap();
        assert_eq!(facts.len(), 1, "B has no answers: absent");
        let (id, s) = facts[0];
        assert_eq!(id, f.a);
        assert_eq!(
            (s.nps, s.csat, s.nps_avg, s.csat_avg),
            (Some(9.0), Some(5.0), Some(13.0 / 3.0), Some(3.5))
        );
        let early = f.store.survey_facts(day("2026-11-05")).unwrap();
        assert_eq!(
            (early[0].1.nps, early[0].1.csat, early[0].1.nps_avg),
            (Some(1.0), Some(2.0), Some(2.0))
        );
        assert!(f.store.survey_facts(day("2026-10-31")).unwrap().is_empty());
        let counts = f
            .store
            .survey_counts_by_tier(day("2026-11-01"), day("2026-11-30"))
            .unwrap();
        assert_eq!(counts.len(), 1);
        let c = &counts[0];
        assert_eq!(
            (
                c.tier.as_deref(),
                c.responses,
                c.nps_answers,
                c.promoters,
                c.detractors
            ),
            (Some("gold"), 4, 3, 1, 2)
        );
        assert_eq!((c.csat_answers, c.csat_satisfied), (2, 1));
    });
}

#[test]
fn undoing_a_survey_import_removes_exactly_its_answers_and_cancels_their_to_dos() {
    each_backend(|store| {
        let f = fixture(store);
        let today = day("2026-11-30");
        let by_hand = f
            .store
            .add_survey_answer(&answer(f.a, "2026-10-01", Some(2), None), "王五", today)
            .unwrap();
        let new = NewImport {
            kind: ImportKind::Surveys,
            file: "满意度.xlsx".into(),
            sheet: "Sheet1".into(),
            mapping: "{}".into(),
            rows_read: 4,
            unchanged: 0,
            skipped: 0,
            rejected: 1,
            who: "王五".into(),
        };
        let answers = [
            answer(f.a, "2026-11-01", Some(9), Some(5)),
            answer(f.b, "2026-11-02", Some(0), None),
            answer(f.b, "2026-11-03", None, Some(4)),
        ];
        let (record, todos) = f
            .store
            .apply_survey_import(
                &new,
                Some(("回访 · Sheet1", &["服务".to_owned()])),
                &answers,
                today,
            )
            .unwrap();
        assert_eq!(
            (record.kind, record.inserted, record.rejected, todos),
            (ImportKind::Surveys, 3, 1, 1)
        );
        let imported: Vec<Option<i64>> = f
            .store
            .survey_answers(f.b)
            .unwrap()
            .iter()
            .map(|a| a.import_id)
            .collect();
        assert_eq!(imported, vec![Some(record.id), Some(record.id)]);
        let survey_ids: Vec<Option<i64>> = f
            .store
            .survey_answers(f.b)
            .unwrap()
            .iter()
            .map(|a| a.survey_id)
            .collect();
        assert!(
            survey_ids[0].is_some() && survey_ids[0] == survey_ids[1],
            "{survey_ids:?}"
        );
        assert_eq!(f.store.imports().unwrap()[0].kind, ImportKind::Surveys);
        // Another answer by hand after the import stays through its undo.
        let later = f
            .store
            .add_survey_answer(&answer(f.b, "2026-11-05", Some(6), None), "王五", today)
            .unwrap();
        let undone = f.store.undo_import(record.id).unwrap();
        assert!(undone.undone_at.is_some());
        let left: Vec<i64> = [f.a, f.b]
            .iter()
            .flat_map(|c| f.store.survey_answers(*c).unwrap())
            .map(|a| a.id)
            .collect();
        assert_eq!(left, vec![by_hand.id, later.id]);
        let statuses: Vec<(i64, String)> = survey_todos(f.store)
            .into_iter()
            .map(|t| (t.0, t.1))
            .collect();
        assert_eq!(statuses.len(), 3);
        assert_eq!(statuses[0], (by_hand.id, "open".to_owned()));
        assert_eq!(statuses[1].1, "cancelled", "the imported detractor's to-do");
        assert_eq!(statuses[2], (later.id, "open".to_owned()));
        let log = f
            .store
            .audit_list(&AuditFilter {
                action: Some("import.undo".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        assert!(
            log.items[0].summary.contains("满意度调查表"),
            "{}",
            log.items[0].summary
        );
    });
}

#[test]
fn an_erase_wipes_the_comments_and_keeps_the_scores() {
    each_backend(|store| {
        let f = fixture(store);
        let today = day("2026-11-30");
        let a = f
            .store
            .add_survey_answer(&answer(f.a, "2026-11-02", Some(9), Some(4)), "王五", today)
            .unwrap();
        let other = f
            .store
            .add_survey_answer(&answer(f.b, "2026-11-02", Some(8), None), "王五", today)
            .unwrap();
        let erased = f.store.erase_customer(f.a, "本人要求").unwrap();
        assert_eq!(erased.survey_comments, 1);
        let after = f.store.survey_answer(a.id).unwrap().unwrap();
        assert_eq!(
            (
                after.comment.as_str(),
                after.nps,
                after.csat,
                after.answered_on
            ),
            ("", Some(9), Some(4), day("2026-11-02"))
        );
        let kept = f.store.survey_answer(other.id).unwrap().unwrap();
        assert_eq!(
            kept.comment, "2026-11-02 的评价",
            "another customer's comment stays"
        );
    });
}

#[test]
fn answers_appear_in_the_customers_timeline() {
    each_backend(|store| {
        let f = fixture(store);
        let today = day("2026-11-30");
        let a = f
            .store
            .add_survey_answer(&answer(f.a, "2026-11-02", Some(3), Some(2)), "王五", today)
            .unwrap();
        f.store
            .add_survey_answer(&answer(f.b, "2026-11-03", Some(9), None), "王五", today)
            .unwrap();
        let got: Vec<(String, i64, String)> = crate::timeline_of(f.store, f.a, "survey")
            .iter()
            .map(|e| (e.at.clone(), e.ref_id, e.title.clone()))
            .collect();
        assert_eq!(
            got,
            vec![(
                "2026-11-02 00:00:00".to_owned(),
                a.id,
                "满意度答卷（电话）：推荐意愿 3，满意度 2".to_owned()
            )]
        );
    });
}

#[test]
fn the_same_sheet_imported_again_adds_no_answer_and_no_to_do() {
    each_backend(|store| {
        let f = fixture(store);
        let today = day("2026-11-30");
        let new = NewImport {
            kind: ImportKind::Surveys,
            file: "满意度.xlsx".into(),
            sheet: "Sheet1".into(),
            mapping: "{}".into(),
            rows_read: 3,
            unchanged: 0,
            skipped: 0,
            rejected: 0,
            who: "王五".into(),
        };
        let mut scored = answer(f.a, "2026-11-01", Some(9), Some(5));
        scored.scores.insert("服务".into(), 4.0);
        let answers = [
            scored,
            answer(f.b, "2026-11-02", Some(0), None),
            answer(f.b, "2026-11-03", None, Some(4)),
        ];
        let survey = Some(("回访 · Sheet1", &["服务".to_owned()][..]));
        let (first, todos) = f
            .store
            .apply_survey_import(&new, survey, &answers, today)
            .unwrap();
        assert_eq!((first.inserted, first.unchanged, todos), (3, 0, 1));
        let ids = |store: &Store| -> Vec<(i64, Option<i64>)> {
            [f.a, f.b]
                .iter()
                .flat_map(|c| store.survey_answers(*c).unwrap())
                .map(|a| (a.id, a.import_id))
                .collect()
        };
        let after_first = ids(f.store);
        assert_eq!(after_first.len(), 3);

        // The same rows again, and one new answer among them.
        let mut again = answers.to_vec();
        again.push(answer(f.a, "2026-11-20", Some(10), None));
        assert_eq!(
            f.store
                .stored_survey_answers(Some("回访 · Sheet1"), &again)
                .unwrap(),
            vec![true, true, true, false],
            "what a preview finds"
        );
        assert_eq!(
            f.store
                .stored_survey_answers(Some("另一份问卷"), &again)
                .unwrap(),
            vec![false; 4]
        );
        let (second, todos) = f
            .store
            .apply_survey_import(&new, survey, &again, today)
            .unwrap();
        assert_eq!((second.inserted, second.unchanged, todos), (1, 3, 0));
        let after_second = ids(f.store);
        assert_eq!(after_second.len(), 4, "{after_second:?}");
        assert!(after_first.iter().all(|x| after_second.contains(x)));
        assert_eq!(
            after_second
                .iter()
                .filter(|(_, i)| *i == Some(second.id))
                .count(),
            1
        );
        assert_eq!(survey_todos(f.store).len(), 1, "one detractor, one to-do");

        // Undoing the second import takes only its one answer; the first's stay.
        f.store.undo_import(second.id).unwrap();
        assert_eq!(ids(f.store), after_first);
        assert_eq!(survey_todos(f.store)[0].1, "open");
    });
}

#[test]
fn an_unhappy_answer_older_than_ninety_days_opens_no_to_do() {
    each_backend(|store| {
        let f = fixture(store);
        let today = day("2026-11-30");
        // 90 days before today still asks for a call back; 91 and a year do not.
        let mut ids = Vec::new();
        let mut told = Vec::new();
        for on in ["2026-09-01", "2026-08-31", "2025-11-30"] {
            let a = f
                .store
                .add_survey_answer(&answer(f.a, on, Some(2), Some(1)), "王五", today)
                .unwrap();
            ids.push(a.id);
            told.push(a.follow_up_todo.is_some());
        }
        assert_eq!(
            told,
            [true, false, false],
            "the answer says whether it opened a to-do"
        );
        let todos = survey_todos(f.store);
        assert_eq!(
            todos.iter().map(|t| t.0).collect::<Vec<_>>(),
            vec![ids[0]],
            "only the answer of 2026-09-01 (90 days old) opens a to-do"
        );
    });
}
