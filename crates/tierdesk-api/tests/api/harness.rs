//! The test harness itself: each body runs once per backend, each on a new
//! empty database of its own, the team one a team database.

use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::{backends, each_api, each_api_with_dir, team_api};

#[test]
fn each_body_runs_once_per_backend_on_an_empty_database_of_its_own() {
    let mut runs = Vec::new();
    each_api(|api| {
        assert_eq!(api.db_info().unwrap().customers, 0);
        let draft = CustomerDraft {
            name: "上海华联".into(),
            ..CustomerDraft::default()
        };
        api.create_customer(draft).unwrap();
        runs.push(api.is_team());
    });
    let want: Vec<bool> = [false, true][..backends()].to_vec();
    assert_eq!(runs, want);
}

#[test]
fn each_run_has_a_folder_of_its_own_and_the_file_lives_in_it() {
    let mut folders = Vec::new();
    each_api_with_dir(|api, dir| {
        assert!(dir.is_dir());
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".db"))
            .collect();
        let want: &[&str] = if api.is_team() { &[] } else { &["tierdesk.db"] };
        assert_eq!(names, want);
        folders.push(dir.to_path_buf());
    });
    assert_eq!(folders.len(), backends());
    assert!(folders.iter().all(|f| !f.exists()), "{folders:?}");
}

#[test]
fn a_team_api_is_a_team_database() {
    let Some(api) = team_api() else { return };
    assert!(api.is_team());
    assert_eq!(api.db_info().unwrap().customers, 0);
}
