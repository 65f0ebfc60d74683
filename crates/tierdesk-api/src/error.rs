use serde::{Deserialize, Serialize};
use tierdesk_domain::{FieldProblem, Msg, ValidationErrors};
use tierdesk_store::StoreError;
use ts_rs::TS;

/// What the UI may branch on. Add a code only when a caller needs to tell
/// one failure from another; the message is for people, never for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input failed validation; `problems` says which fields and why.
    Invalid,
    NotFound,
    /// The change clashes with existing data (e.g. a customer code in use).
    Conflict,
    /// The database file cannot be opened or used (damaged, not a database,
    /// newer than this program).
    Database,
    /// Another window or program held the database's write lock for longer
    /// than TierDesk waits; nothing was changed, and the message asks the
    /// person to try again in a moment.
    Busy,
    /// A file cannot be written (or read) where the person asked.
    File,
    /// The person stopped a long task; nothing was changed.
    Cancelled,
    /// A benefit's quota for the period is used up; the UI offers to record
    /// the use anyway with a reason.
    QuotaUsed,
    /// The file may be encrypted and no password was given: the app asks
    /// for one.
    PasswordNeeded,
    /// The password does not open the file; the app keeps asking.
    WrongPassword,
    /// A team database asked before anyone signed in: the app shows the
    /// sign-in dialog.
    SignInNeeded,
    /// The signed-in person's role may not do this; the message names the
    /// role and what it may not do (「只读用户不能修改客户」).
    Forbidden,
    /// The login or the password is wrong (never saying which).
    WrongSignIn,
    /// Someone else saved the same fields of this row since it was opened:
    /// `conflict` holds who, when, and each field's three values; the app
    /// shows the conflict dialog (ui/src/conflict/).
    EditConflict,
    /// A team database cannot be connected to (its address, the server, the
    /// user name and password, the database, the server's certificate);
    /// `msg` says which, and the connect dialog stays open.
    TeamConnect,
    Internal,
}

/// The one error type at the boundary: a stable code, a Chinese message
/// and, for invalid input, the problem of each field. `msg` is the message
/// as a key and parameters (see `tierdesk_domain::msg`): the UI renders it in
/// its language and shows `message` only for an error that has none (in
/// English, a generic sentence naming `code` instead).
#[derive(Debug, Clone, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub problems: Vec<FieldProblem>,
    #[ts(optional = nullable)]
    pub msg: Option<Msg>,
    /// With [`ErrorCode::EditConflict`]: the fields both sides changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub conflict: Option<Box<tierdesk_domain::merge::EditConflict>>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            problems: Vec::new(),
            msg: None,
            conflict: None,
        }
    }

    /// An error whose Chinese `message` is rendered from `msg`, so the UI can
    /// show it in either language.
    pub fn coded(code: ErrorCode, msg: Msg) -> ApiError {
        ApiError {
            code,
            message: msg.zh(),
            problems: Vec::new(),
            msg: Some(msg),
            conflict: None,
        }
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Invalid, message)
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        ApiError {
            code: ErrorCode::Invalid,
            message: e.to_string(),
            problems: e.0,
            msg: None,
            conflict: None,
        }
    }
}

/// A file that cannot be read or written (missing, damaged, locked,
/// password-protected, a full disk): the same code for imports and exports.
impl From<tierdesk_sheets::SheetError> for ApiError {
    fn from(e: tierdesk_sheets::SheetError) -> Self {
        match &e {
            tierdesk_sheets::SheetError::NotFound { path } => ApiError::coded(
                ErrorCode::File,
                Msg::new("import.file_not_found").with("path", path),
            ),
            _ => ApiError::new(ErrorCode::File, e.to_string()),
        }
    }
}

/// Rules or periods a person wrote that the engine cannot use. (A scheme
/// already stored that no longer reads is an internal fault; those call
/// sites say so themselves.)
impl From<tierdesk_tiers::TierError> for ApiError {
    fn from(e: tierdesk_tiers::TierError) -> Self {
        ApiError::invalid(e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::DuplicateCode { .. } | StoreError::DuplicateField(_) => ErrorCode::Conflict,
            StoreError::CustomerNotFound(_)
            | StoreError::FieldNotFound(_)
            | StoreError::ImportNotFound(_)
            | StoreError::ProfileNotFound(_)
            | StoreError::ContactNotFound(_)
            | StoreError::DateNotFound(_) => ErrorCode::NotFound,
            StoreError::EmptyProfileName | StoreError::DuplicateProfile(_) => ErrorCode::Invalid,
            StoreError::ImportAlreadyUndone(_)
            | StoreError::ImportOutOfOrder { .. }
            | StoreError::CustomerGone(_)
            | StoreError::UndoWouldLoseEdits { .. }
            | StoreError::BatchUndoWouldLoseEdits { .. }
            | StoreError::TierChangedMeanwhile(_) => ErrorCode::Conflict,
            StoreError::Busy => ErrorCode::Busy,
            StoreError::PasswordNeeded { .. } => ErrorCode::PasswordNeeded,
            StoreError::WrongPassword { .. } => ErrorCode::WrongPassword,
            StoreError::NoFile => ErrorCode::Database,
            StoreError::Damaged { .. } | StoreError::NotADatabase { .. } => ErrorCode::Database,
            StoreError::Open { .. } | StoreError::TooNew { .. } | StoreError::Io { .. } => {
                ErrorCode::Database
            }
            StoreError::Sqlite(_)
            | StoreError::Corrupt(_)
            | StoreError::DiskFull
            | StoreError::ReadOnly
            | StoreError::DiskIo { .. } => ErrorCode::Database,
            StoreError::Backup { .. } => ErrorCode::File,
            StoreError::TodoNotFound(_) => ErrorCode::NotFound,
            StoreError::TodoRefused(_) => ErrorCode::Invalid,
            StoreError::PointsRefused(_) => ErrorCode::Invalid,
            StoreError::SignInNeeded => ErrorCode::SignInNeeded,
            StoreError::ViewOnly | StoreError::NotOwner { .. } => ErrorCode::Forbidden,
            StoreError::WrongSignIn => ErrorCode::WrongSignIn,
            StoreError::UserRefused(_) => ErrorCode::Invalid,
            StoreError::TeamLost { .. } | StoreError::Team { .. } => ErrorCode::Database,
            StoreError::VersionMoved { .. } => ErrorCode::EditConflict,
            StoreError::SchemeChangedDuringRating { .. } => ErrorCode::Conflict,
            StoreError::TeamConnect(_) => ErrorCode::TeamConnect,
            StoreError::CopyNeedsFile => ErrorCode::Invalid,
            StoreError::TeamNotEmpty { .. } => ErrorCode::Conflict,
            StoreError::TeamSchemaDiffers { .. } => ErrorCode::Database,
        };
        let mut err = ApiError::new(code, e.to_string());
        err.msg = store_msg(&e);
        if let StoreError::DuplicateCode { .. } = e {
            err.problems.push(FieldProblem {
                field: "code".into(),
                message: err.message.clone(),
                msg: err.msg.clone(),
            });
        }
        if let StoreError::EmptyProfileName | StoreError::DuplicateProfile(_) = e {
            err.problems.push(FieldProblem {
                field: "name".into(),
                message: err.message.clone(),
                msg: err.msg.clone(),
            });
        }
        err
    }
}

/// The store's message as a key and parameters; `None` for the refusals
/// whose sentence another module wrote (to-dos, points), which the UI shows
/// as they are in Chinese and as a sentence naming the code in English.
fn store_msg(e: &StoreError) -> Option<Msg> {
    let m = |key: &str| Msg::new(key);
    Some(match e {
        StoreError::Open { path, reason } => {
            m("store.open").with("path", path).with("reason", reason)
        }
        StoreError::Io { path, reason } => m("store.io").with("path", path).with("reason", reason),
        StoreError::TooNew {
            path,
            found,
            supported,
        } => m("store.too_new")
            .with("path", path)
            .with("found", found)
            .with("supported", supported),
        StoreError::DuplicateCode { code, holder } => m("store.duplicate_code")
            .with("code", code)
            .with("holder", holder),
        StoreError::CustomerNotFound(id) => m("store.customer_not_found").with("id", id),
        StoreError::DuplicateField(name) => m("store.duplicate_field").with("name", name),
        StoreError::FieldNotFound(name) => m("store.field_not_found").with("name", name),
        StoreError::ImportNotFound(id) => m("store.import_not_found").with("id", id),
        StoreError::CustomerGone(id) => m("store.customer_gone").with("id", id),
        StoreError::ImportAlreadyUndone(id) => m("store.import_already_undone").with("id", id),
        StoreError::ImportOutOfOrder { id, later } => m("store.import_out_of_order")
            .with("id", id)
            .with("later", later),
        StoreError::ProfileNotFound(name) => m("store.profile_not_found").with("name", name),
        StoreError::EmptyProfileName => m("store.empty_profile_name"),
        StoreError::DuplicateProfile(name) => m("store.duplicate_profile").with("name", name),
        StoreError::Busy => m("store.busy"),
        StoreError::Damaged { path, .. } if path.is_empty() => m("store.damaged_unnamed"),
        StoreError::Damaged { path, .. } => m("store.damaged").with("path", path),
        StoreError::NotADatabase { path, .. } => m("store.not_a_database").with("path", path),
        StoreError::UndoWouldLoseEdits {
            id,
            customers,
            count,
        } => refusal("store.undo_import_refused", *id, customers, *count),
        StoreError::BatchUndoWouldLoseEdits {
            id,
            customers,
            count,
        } => refusal("store.undo_batch_refused", *id, customers, *count),
        StoreError::TierChangedMeanwhile(name) => {
            m("store.tier_changed_meanwhile").with("name", name)
        }
        StoreError::DiskFull => m("store.disk_full"),
        StoreError::ReadOnly => m("store.read_only"),
        StoreError::DiskIo { .. } => m("store.disk_io"),
        StoreError::Sqlite(e) => m("store.sqlite").with("detail", e),
        StoreError::Corrupt(detail) => m("store.corrupt").with("detail", detail),
        StoreError::PasswordNeeded { path } => m("store.password_needed").with("path", path),
        StoreError::WrongPassword { .. } => m("store.wrong_password"),
        StoreError::NoFile => m("store.no_file"),
        StoreError::Backup { path, reason } => {
            m("store.backup").with("path", path).with("reason", reason)
        }
        StoreError::TodoNotFound(id) => m("store.todo_not_found").with("id", id),
        StoreError::ContactNotFound(id) => m("store.contact_not_found").with("id", id),
        StoreError::DateNotFound(id) => m("store.date_not_found").with("id", id),
        StoreError::SignInNeeded => m("auth.sign_in_needed"),
        StoreError::ViewOnly => m("auth.view_only"),
        StoreError::NotOwner { owner } => m("auth.not_owner").with("owner", owner),
        StoreError::WrongSignIn => m("auth.wrong_sign_in"),
        StoreError::UserRefused(msg) => msg.clone(),
        StoreError::TeamLost { reason, .. } => m("store.team_lost").with("reason", reason),
        StoreError::Team { detail } => m("store.team").with("detail", detail),
        StoreError::VersionMoved { opened, now } => m("store.version_moved")
            .with("opened", opened)
            .with("now", now),
        StoreError::SchemeChangedDuringRating { who } => {
            m("store.scheme_changed_during_rating").with("who", who)
        }
        StoreError::TeamConnect(problem) => problem.msg(),
        StoreError::CopyNeedsFile => m("store.copy_needs_file"),
        StoreError::TeamNotEmpty { table, rows } => m("store.team_not_empty")
            .with("table", table)
            .with("rows", tierdesk_domain::text::thousands(*rows)),
        StoreError::TeamSchemaDiffers { detail } => {
            m("store.team_schema_differs").with("detail", detail)
        }
        StoreError::TodoRefused(_) | StoreError::PointsRefused(_) => return None,
    })
}

/// An undo refused for the customers it would hurt: the few named, and how
/// many in all when there are more (the `_more` key).
fn refusal(key: &str, id: i64, customers: &[String], count: usize) -> Msg {
    let key = if count > customers.len() {
        format!("{key}_more")
    } else {
        key.to_owned()
    };
    Msg::new(&key)
        .with("id", id)
        .with("customers", customers.join("、"))
        .with("count", count)
}
