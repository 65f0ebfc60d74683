//! The UI's TypeScript types and command names are generated from Rust and
//! committed; these tests fail when they drift apart.

use std::path::PathBuf;

use tierdesk_api::ipc::{same_commands, COMMANDS};

/// Compares `generated` with the committed `ui/src/ipc/<file>`, or writes it
/// there under `UPDATE_BINDINGS=1`.
fn check_generated(file: &str, generated: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src/ipc")
        .join(file);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, generated).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/ipc/{file} is out of date with the Rust side; run \
         `UPDATE_BINDINGS=1 cargo test -p tierdesk-api bindings` and commit the result"
    );
}

#[test]
fn bindings_match_the_committed_file() {
    check_generated("bindings.ts", &tierdesk_api::typescript_bindings());
}

#[test]
fn command_names_match_the_committed_file() {
    let generated = tierdesk_api::ipc::typescript_commands();
    assert_eq!(generated.matches("\n  \"").count(), COMMANDS.len());
    check_generated("commands.ts", &generated);
}

#[test]
fn menu_needs_match_the_committed_file() {
    let generated = tierdesk_api::menu_words::typescript_menu_needs();
    assert_eq!(
        generated.matches("fileOnly: ").count(),
        tierdesk_api::menu_words::items().count() + 1
    );
    check_generated("menu.ts", &generated);
}

/// The check the shell runs while it compiles: exactly the listed commands,
/// each once, in any order.
#[test]
fn the_shell_must_register_exactly_the_listed_commands() {
    let mut unique = COMMANDS.to_vec();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), COMMANDS.len(), "a command is listed twice");
    assert!(same_commands(COMMANDS));
    let mut reversed = COMMANDS.to_vec();
    reversed.reverse();
    assert!(same_commands(&reversed));

    let missing = &COMMANDS[1..];
    let mut misspelt = COMMANDS.to_vec();
    misspelt[3] = "tier_label";
    let mut twice = COMMANDS.to_vec();
    twice[0] = COMMANDS[1];
    let mut extra = COMMANDS.to_vec();
    extra.push("drop_database");
    for (what, names) in [
        ("missing", missing.to_vec()),
        ("misspelt", misspelt),
        ("twice", twice),
        ("extra", extra),
    ] {
        assert!(!same_commands(&names), "{what} was accepted");
    }
}
