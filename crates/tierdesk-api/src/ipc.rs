//! The desktop app's IPC contract besides the types: the names of the
//! commands the shell registers and the UI calls, and the progress messages
//! that long commands send through a channel.
//!
//! The shell (`src-tauri/src/lib.rs`) registers its handlers through a macro
//! that refuses to compile unless they are exactly [`COMMANDS`]; the UI's
//! `ipc/commands.ts` is generated from the same list
//! ([`typescript_commands`]), so a misspelt name fails the type check, not a
//! click.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every command of the desktop app, in the order the shell registers them.
pub const COMMANDS: &[&str] = &[
    "db_info",
    "startup_error",
    "open_database",
    "connect_team",
    "last_team",
    "verify_database",
    "set_menu_language",
    "menu_state",
    "launch_mark",
    "list_customers",
    "get_customer",
    "create_customer",
    "update_customer",
    "delete_customers",
    "restore_customers",
    "empty_recycle_bin",
    "set_customer_owner",
    "session",
    "needs_first_admin",
    "create_first_admin",
    "sign_in",
    "sign_out",
    "users",
    "add_user",
    "edit_user",
    "set_user_password",
    "change_my_password",
    "user_choices",
    "field_defs",
    "add_field_def",
    "remove_field_def",
    "get_setting",
    "set_setting",
    "fill_demo",
    "tier_labels",
    "schemes",
    "activate_scheme",
    "import_scheme_file",
    "preview_evaluation",
    "apply_evaluation",
    "apply_plan",
    "undo_plan",
    "undo_last_batch",
    "my_name",
    "set_my_name",
    "batches",
    "batch_detail",
    "tier_history",
    "explain",
    "inspect_import_file",
    "preview_import",
    "commit_import",
    "cancel_import",
    "write_import_errors",
    "imports",
    "undo_import",
    "import_targets",
    "import_profiles",
    "rename_import_profile",
    "delete_import_profile",
    "dashboard",
    "tier_report",
    "report_html",
    "save_report",
    "export_template",
    "export_customers",
    "copy_to_team",
    "preview_scheme_draft",
    "save_scheme_text",
    "create_scheme_text",
    "check_rule",
    "rule_from_tree",
    "rule_figures",
    "scheme_text_problem",
    "calibrate",
    "import_scheme_text",
    "customer_benefits",
    "record_benefit_use",
    "undo_benefit_use",
    "benefit_statement_html",
    "benefit_catalogue",
    "points_account",
    "points_page",
    "points_adjust",
    "points_redeem",
    "points_undo",
    "points_catalogue",
    "points_catalogue_add",
    "points_catalogue_edit",
    "points_statement_html",
    "save_points_statement",
    "todo_today",
    "todo_list",
    "todo_add",
    "todo_done",
    "todo_cancel",
    "todo_postpone",
    "todo_edit",
    "todo_refresh",
    "todo_notice",
    "followup_add",
    "followup_edit",
    "followup_delete",
    "customer_followups",
    "followup_list",
    "case_open",
    "case_step",
    "case_detail",
    "case_list",
    "case_choices",
    "churn_refresh",
    "churn_list",
    "churn_get",
    "churn_for_customer",
    "churn_set_status",
    "churn_choices",
    "churn_open_counts",
    "survey_add",
    "survey_delete",
    "customer_surveys",
    "survey_summary",
    "survey_answers",
    "survey_import_preview",
    "survey_import",
    "analysis_all",
    "record_timeline",
    "record_timeline_counts",
    "record_lines",
    "record_purchases",
    "record_contacts",
    "contact_add",
    "contact_edit",
    "contact_delete",
    "contact_reveal",
    "record_dates",
    "date_add",
    "date_edit",
    "date_delete",
    "reveal_customer",
    "save_person_copy",
    "erase_customer",
    "masking",
    "set_masking",
    "audit_list",
    "audit_verify",
    "customer_log",
    "audit_actors",
    "audit_actions",
    "backups",
    "backup_now",
    "restore_backup",
    "backup_folder",
    "open_database_with_password",
    "has_password",
    "set_password",
    "change_password",
    "remove_password",
];

/// Whether `registered` names exactly the commands of [`COMMANDS`], each
/// once, in any order. A `const fn` so the shell can check it while it
/// compiles.
pub const fn same_commands(registered: &[&str]) -> bool {
    registered.len() == COMMANDS.len()
        && each_once_in(registered, COMMANDS)
        && each_once_in(COMMANDS, registered)
}

/// Whether every name of `names` occurs exactly once in `list`.
const fn each_once_in(names: &[&str], list: &[&str]) -> bool {
    let mut i = 0;
    while i < names.len() {
        let mut found = 0;
        let mut j = 0;
        while j < list.len() {
            if same_text(names[i], list[j]) {
                found += 1;
            }
            j += 1;
        }
        if found != 1 {
            return false;
        }
        i += 1;
    }
    true
}

const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// How far a customer export has come, sent through the export command's
/// channel for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportProgress {
    pub done: u64,
    pub total: u64,
}

/// `ui/src/ipc/commands.ts`: the command names as a TypeScript tuple and
/// the `Command` type the UI's `call` accepts.
pub fn typescript_commands() -> String {
    let mut out = String::from(
        "// Generated from `tierdesk_api::ipc::COMMANDS` (typescript_commands). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p tierdesk-api bindings` after changing them.\n\n\
         export const COMMANDS = [\n",
    );
    for name in COMMANDS {
        out.push_str(&format!("  \"{name}\",\n"));
    }
    out.push_str("] as const;\n\nexport type Command = (typeof COMMANDS)[number];\n");
    out
}
