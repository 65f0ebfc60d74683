//! Who the command line acts as: `--who NAME` (or `TIERDESK_WHO`), else the
//! operating system's user. Every "who" the CLI records — batches, imports,
//! benefit uses, tier changes and the 操作日志 — names this person. (The app
//! uses 我的名字 instead; the CLI does not read it, since a script run by
//! another person at the same file must not sign with the desk's name.)

use std::sync::OnceLock;

static WHO: OnceLock<String> = OnceLock::new();
static GIVEN: OnceLock<Option<String>> = OnceLock::new();
static SIGNED_IN: OnceLock<String> = OnceLock::new();

/// On a team database the person signed in is who acts: every "who" the
/// CLI records (tier history, batches, imports) names them, as the audit
/// log does, not `--who` or the OS user.
pub fn signed_in(name: &str) {
    let _ = SIGNED_IN.set(name.to_owned());
}

/// Keeps `--who` for the run; called once, before any command opens the file.
pub fn remember(who: Option<&str>) {
    let _ = WHO.set(tierdesk_api::cli_person(who));
    let given = who.map(str::trim).filter(|w| !w.is_empty());
    let _ = GIVEN.set(given.map(str::to_owned));
}

/// The name given with `--who`, if one was (a follow-up's contact person
/// defaults to the customer's 客户经理 when none was).
pub fn given() -> Option<String> {
    GIVEN.get().cloned().flatten()
}

/// The person the CLI acts as.
pub fn name() -> String {
    if let Some(name) = SIGNED_IN.get() {
        return name.clone();
    }
    WHO.get()
        .cloned()
        .unwrap_or_else(|| tierdesk_api::cli_person(None))
}
