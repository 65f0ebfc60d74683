//! The customer archive's domain: customers, custom fields, list queries,
//! validation and text normalisation. This crate does no IO.
//!
//! Forms and imports build a [`CustomerDraft`]; [`CustomerDraft::validate`]
//! checks it against the custom field definitions and returns every problem
//! at once, each with the field and a Chinese message, so the UI can mark all
//! wrong inputs in one go.

pub mod audit;
pub mod benefit;
pub mod case;
pub mod cell;
pub mod customer;
pub mod followup;
pub mod import;
pub mod merge;
pub mod msg;
pub mod person;
pub mod points;
pub mod points_rules;
pub mod privacy;
pub mod query;
pub mod rating;
pub mod record;
pub mod role;
pub mod search;
pub mod survey;
pub mod text;
pub mod tier_words;
pub mod todo;
pub mod transaction;

pub use benefit::{BenefitUse, NewBenefitUse};
pub use cell::{column_letter, Cell};
pub use customer::{
    manager_or, Customer, CustomerDraft, FieldDef, FieldKind, FieldProblem, Gender,
    ValidationErrors,
};
pub use followup::{
    Channel, CheckedFollowup, Followup, FollowupDraft, FollowupFilter, FollowupLine,
};
pub use import::{
    CustomerKeys, CustomerWrite, ImportKind, ImportProfile, ImportRecord, LineOwner, NewImport,
    OwnedLine,
};
pub use msg::Msg;
pub use person::{ImportTouch, OrderLine};
pub use privacy::Masking;
pub use query::{CustomerQuery, Page, SortKey};
pub use rating::{
    Batch, HistoryEntry, ManualChoice, NewBatch, OverrideEntry, TierChange, TierMove,
};
pub use role::{Perm, Role};
pub use search::pinyin_initials;
pub use tier_words::TierLabel;
pub use todo::{
    NewTodo, Repeat, RepeatUnit, Todo, TodoCounts, TodoDue, TodoFilter, TodoKind, TodoRefresh,
    TodoStatus,
};
pub use transaction::{TransactionDraft, TxKind};
