use serde::{Deserialize, Serialize};
use tierdesk_domain::{FieldProblem, ValidationErrors};
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
    Internal,
}

/// The one error type at the boundary: a stable code, a Chinese message
/// and, for invalid input, the problem of each field.
#[derive(Debug, Clone, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub problems: Vec<FieldProblem>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            problems: Vec::new(),
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
        }
    }
}

/// A file that cannot be read or written (missing, damaged, locked,
/// password-protected, a full disk): the same code for imports and exports.
impl From<tierdesk_sheets::SheetError> for ApiError {
    fn from(e: tierdesk_sheets::SheetError) -> Self {
        ApiError::new(ErrorCode::File, e.to_string())
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
        };
        let mut err = ApiError::new(code, e.to_string());
        if let StoreError::DuplicateCode { .. } = e {
            err.problems.push(FieldProblem {
                field: "code".into(),
                message: err.message.clone(),
            });
        }
        if let StoreError::EmptyProfileName | StoreError::DuplicateProfile(_) = e {
            err.problems.push(FieldProblem {
                field: "name".into(),
                message: err.message.clone(),
            });
        }
        err
    }
}
