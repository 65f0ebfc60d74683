//! Every TierDesk use case, called the same way by the desktop app and the
//! `tierdesk` CLI.
//!
//! Open a database with [`Api::open`] (or [`Api::open_default`] for the file
//! in the OS app-data directory) and call its methods. They take and return
//! plain domain types and fail with [`ApiError`], whose `code` is stable and
//! whose `message` is the Chinese sentence shown to the person at the desk.
//! Nothing here knows Tauri, the terminal or SQL.

mod analysis;
mod audit;
mod backup;
mod benefits;
mod calibrate;
mod cases;
mod churn;
mod churn_demo;
mod churn_run;
mod conflict;
mod customers;
mod customers_owner;
mod demo;
mod demo_care;
mod error;
mod export;
mod fields;
mod followups;
pub mod import;
pub mod ipc;
#[doc(hidden)]
pub mod list_shapes;
pub mod menu_words;
mod my_name;
mod password;
mod points;
mod points_catalogue;
mod points_list;
mod points_statement;
mod privacy;
mod profiles;
mod rating;
mod rating_plan;
mod record;
mod report;
mod report_churn;
mod report_points;
mod rules;
mod scheme_save;
mod schemes;
mod service;
mod surveys;
mod team_copy;
mod team_login;
#[doc(hidden)]
pub mod testing;
mod todos;
mod users;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tierdesk_store::Store;
use ts_rs::TS;

pub use analysis::{default_periods, AnalysisFigures, MAX_PERIODS};
pub use audit::{audit_actions, AuditAction};
pub use backup::{
    backup_folder, backup_name, parse_backup_name, rotation, BackupInfo, BackupReason,
    RestoreSummary, BACKUP_DIR_ENV, KEEP_DEFAULT, KEEP_SETTING, MONTHS_KEPT,
};
pub use benefits::{
    BenefitCatalogue, BenefitStatus, BenefitUseRequest, CatalogueLine, CatalogueTier,
    CustomerBenefits,
};
pub use calibrate::{Calibration, CutSuggestion, Disagreement, SuggestedCut, UnmappedTier};
pub use cases::{CaseChoices, CaseDetail, CaseLine, CaseRequest};
pub use churn::{ChurnChoices, ChurnDetail, ChurnLine, CustomerChurn, OpenAlerts};
pub use churn_run::ChurnRun;
pub use conflict::CaseState;
pub use error::{ApiError, ErrorCode};
pub use import::{
    FileInspection, ImportCounts, ImportPreview, ImportProgress, ImportRequest, ImportStage,
    ImportSummary, OnDuplicate, PreviewRow, RowFate, RowProblem, SheetSummary,
};
pub use import::{GuessedColumn, PairChoice, PairRow, PossibleDuplicateRow};
pub use import::{SurveyColumnInfo, SurveyImportRequest, SurveyImportSummary};
pub use my_name::{cli_person, MyName, MY_NAME_MAX, MY_NAME_SETTING};
pub use points::{PointsAccount, PointsExpired, EXPIRING_DAYS};
pub use points_catalogue::{PointsItemEdit, PointsItemLine};
pub use points_list::{PointsBrief, PointsPage, POINTS_PAGE_MAX};
pub use points_statement::statement_period;
pub use privacy::{
    person_sheets, EraseSummary, PersonCopy, PersonCopyFile, PersonField, PersonHistory,
    PersonSection, REVEAL_PURPOSES,
};
pub use profiles::{ImportProfileInfo, ProfileColumn};
pub use rating::{BatchDetail, EvaluationPreview, MoveLine, Override, RatingTimes};
pub use rating_plan::{batch_title, ApplyPlan, UndoPlan};
pub use report::{period_label, read_logo, Dashboard, DueCustomer, ReportRequest, COMPANY, LOGO};
pub use schemes::{SchemeSummary, TierRule};
pub use surveys::{survey_channels, survey_span, SurveyAnswerLine, SurveySummary, ANSWER_LIST};
pub use team_copy::{TeamCopyProgress, TeamCopyReport, TeamCopySkipped, TeamCopyTable};
pub use team_login::{TeamConnected, TeamLogin};
pub use tierdesk_churn as churn_model;
pub use tierdesk_domain as domain;
pub use tierdesk_domain::TierLabel;
pub use tierdesk_mapping as mapping;
pub use tierdesk_report as report_model;
pub use tierdesk_store::{TeamProblem, TeamTls, TeamUrl};
pub use tierdesk_tiers as engine;
pub use todos::{parse_due_time, TodayTodos, TodoDone, TodoRequest, TodoRun, TODAY_LIST};
pub use users::{Session, UserChoice, UserDraft, UserLine};

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// The application's use cases over one open database.
pub struct Api {
    store: Store,
}

/// Facts about the open database, for the title bar and the About box.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DbInfo {
    /// The file's path, or a team database's URL without its password.
    pub path: String,
    pub customers: u64,
    pub schema_version: i64,
    /// Whether it is a team database (PostgreSQL).
    pub team: bool,
    /// What the status bar shows: the file's path, or
    /// 团队数据库 tierdesk @ 10.0.0.5:5432.
    pub label: String,
}

/// Where the database lives unless the user picks another file:
/// `~/.local/share/TierDesk/tierdesk.db` on Linux, the AppData and
/// Application Support folders on Windows and macOS.
pub fn default_db_path() -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    base.join("TierDesk").join("tierdesk.db")
}

impl Api {
    /// Opens (or creates) the database at `path` and migrates it; a file
    /// with customers that needs a migration is backed up first.
    pub fn open(path: &Path) -> Result<Api> {
        Api::open_with_password(path, None)
    }

    /// [`Api::open`] with the file's password. An encrypted file opened
    /// without one fails with code `password_needed`, with a wrong one with
    /// `wrong_password` (the file unchanged); a new file opened with a
    /// password is created encrypted; a plain file opens as it is.
    pub fn open_with_password(path: &Path, password: Option<String>) -> Result<Api> {
        let backup = backup::before_migration(path, password.as_deref())?;
        let api = Api {
            store: Store::open_with(path, password.as_deref())?,
        };
        if let Some(file) = backup {
            api.log_migration_backup(&file)?;
        }
        Ok(api)
    }

    pub fn open_default() -> Result<Api> {
        Api::open(&default_db_path())
    }

    /// Opens a team database on a PostgreSQL server
    /// (`postgres://user:password@host:port/database`) and brings its schema
    /// up to date, as [`Api::open`] does for a file.
    pub fn open_team(url: &str) -> Result<Api> {
        Ok(Api {
            store: Store::open_postgres(url)?,
        })
    }

    /// Whether the open database is a team database (PostgreSQL).
    pub fn is_team(&self) -> bool {
        self.store.is_team()
    }

    pub fn open_in_memory() -> Result<Api> {
        Ok(Api {
            store: Store::open_in_memory()?,
        })
    }

    pub fn db_info(&self) -> Result<DbInfo> {
        Ok(DbInfo {
            path: self.db_path(),
            // Before sign-in on a team database nothing is read (users.rs).
            customers: match self.session() {
                Some(_) => self.store.customer_count()?,
                None => 0,
            },
            schema_version: tierdesk_store::SCHEMA_VERSION,
            team: self.store.is_team(),
            label: match self.store.team_url() {
                Some(url) => url.label(),
                None => self.db_path(),
            },
        })
    }

    /// The file's path, or the team database's URL without its password.
    fn db_path(&self) -> String {
        match (self.store.team_url(), self.store.path()) {
            (Some(url), _) => url.without_password(),
            (None, Some(p)) => p.display().to_string(),
            (None, None) => ":memory:".into(),
        }
    }

    /// The team database's address (without its password), when one is open.
    pub fn team_url(&self) -> Option<&TeamUrl> {
        self.store.team_url()
    }

    /// Checks every page of the database file without changing it. Opening
    /// skips this check (it costs 0.1–0.6 s on a large file) and the first
    /// write runs it; the app calls this in the background once its first
    /// screen is drawn, so a damaged file is reported before the person
    /// starts working. Fails with code `database` and the plain sentence
    /// when the file is damaged; cheap once the file has been found sound.
    pub fn verify_database(&self) -> Result<()> {
        Ok(self.store.verify()?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.allow(domain::Perm::View)?;
        Ok(self.store.setting(key)?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.allow(domain::Perm::Settings)?;
        Ok(self.store.set_setting(key, value)?)
    }
}

/// The person at the desk, as history, import records and the audit log
/// name them: the operating system's user, or `fallback` where none is known.
pub fn os_user(fallback: &str) -> String {
    tierdesk_store::os_user().unwrap_or_else(|| fallback.to_owned())
}

/// Today's date on this computer's clock. The one place the clock is read:
/// the app's commands and the CLI call it and hand the day to the use cases,
/// which take it as a parameter (tests pass a fixed day).
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The time on this computer's clock, for what is logged as happening now
/// (a follow-up without a time). Read only by the shells, like [`today`].
pub fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// Writes a file a person asked for (a statement, a scheme, a report) so that
/// it appears complete or not at all: the bytes go to a temporary file in the
/// same folder, which replaces `path` only once everything is written. A
/// failure leaves an earlier file at `path` as it was.
pub fn save_file(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(tierdesk_sheets::save_output(path, bytes)?)
}

/// The TypeScript declarations of every type that crosses into the UI, in a
/// stable order. `ui/src/ipc/bindings.ts` is this text; a test fails when
/// the committed file drifts from the Rust types.
pub fn typescript_bindings() -> String {
    use ts_rs::{Config, TS};
    let cfg = Config::new().with_large_int("number");
    let decls = [
        domain::Customer::decl(&cfg),
        domain::CustomerDraft::decl(&cfg),
        domain::Gender::decl(&cfg),
        domain::FieldDef::decl(&cfg),
        domain::FieldKind::decl(&cfg),
        domain::FieldProblem::decl(&cfg),
        domain::CustomerQuery::decl(&cfg),
        domain::Masking::decl(&cfg),
        EraseSummary::decl(&cfg),
        PersonCopyFile::decl(&cfg),
        domain::SortKey::decl(&cfg),
        domain::Page::<()>::decl(&cfg),
        // No silent overwrite (CONFLICT).
        domain::merge::EditBase::<()>::decl(&cfg),
        domain::merge::Resolution::decl(&cfg),
        domain::merge::Saved::<()>::decl(&cfg),
        domain::merge::FieldName::decl(&cfg),
        domain::merge::FieldClash::decl(&cfg),
        domain::merge::RowKind::decl(&cfg),
        domain::merge::EditConflict::decl(&cfg),
        CaseState::decl(&cfg),
        DbInfo::decl(&cfg),
        TeamLogin::decl(&cfg),
        TeamConnected::decl(&cfg),
        domain::TierLabel::decl(&cfg),
        SchemeSummary::decl(&cfg),
        TierRule::decl(&cfg),
        tierdesk_tiers::RuleCheck::decl(&cfg),
        tierdesk_tiers::RuleNode::decl(&cfg),
        tierdesk_tiers::rule::CmpOp::decl(&cfg),
        tierdesk_tiers::rule::ArithOp::decl(&cfg),
        tierdesk_tiers::RuleProblem::decl(&cfg),
        tierdesk_tiers::RuleFigure::decl(&cfg),
        tierdesk_tiers::TomlProblem::decl(&cfg),
        EvaluationPreview::decl(&cfg),
        MoveLine::decl(&cfg),
        Override::decl(&cfg),
        BatchDetail::decl(&cfg),
        ApplyPlan::decl(&cfg),
        UndoPlan::decl(&cfg),
        MyName::decl(&cfg),
        domain::OverrideEntry::decl(&cfg),
        engine::TierCount::decl(&cfg),
        engine::Explanation::decl(&cfg),
        engine::FigureLine::decl(&cfg),
        engine::ConditionLine::decl(&cfg),
        engine::ConditionPart::decl(&cfg),
        domain::Batch::decl(&cfg),
        domain::HistoryEntry::decl(&cfg),
        FileInspection::decl(&cfg),
        SheetSummary::decl(&cfg),
        ImportRequest::decl(&cfg),
        OnDuplicate::decl(&cfg),
        domain::ImportKind::decl(&cfg),
        mapping::Mapping::decl(&cfg),
        mapping::ColumnMapping::decl(&cfg),
        mapping::Target::decl(&cfg),
        mapping::CustomerField::decl(&cfg),
        mapping::TxField::decl(&cfg),
        mapping::Unit::decl(&cfg),
        mapping::Confidence::decl(&cfg),
        GuessedColumn::decl(&cfg),
        PairChoice::decl(&cfg),
        PairRow::decl(&cfg),
        PossibleDuplicateRow::decl(&cfg),
        ImportPreview::decl(&cfg),
        PreviewRow::decl(&cfg),
        RowFate::decl(&cfg),
        ImportCounts::decl(&cfg),
        RowProblem::decl(&cfg),
        ImportSummary::decl(&cfg),
        domain::points_rules::OpeningCounts::decl(&cfg),
        ImportProgress::decl(&cfg),
        ImportStage::decl(&cfg),
        ipc::ExportProgress::decl(&cfg),
        domain::ImportRecord::decl(&cfg),
        import::TargetOption::decl(&cfg),
        ImportProfileInfo::decl(&cfg),
        ProfileColumn::decl(&cfg),
        ReportRequest::decl(&cfg),
        Dashboard::decl(&cfg),
        TodoRequest::decl(&cfg),
        TodoDone::decl(&cfg),
        TodayTodos::decl(&cfg),
        domain::Todo::decl(&cfg),
        domain::TodoKind::decl(&cfg),
        domain::TodoStatus::decl(&cfg),
        domain::Repeat::decl(&cfg),
        domain::RepeatUnit::decl(&cfg),
        domain::TodoDue::decl(&cfg),
        domain::TodoFilter::decl(&cfg),
        domain::TodoCounts::decl(&cfg),
        domain::TodoRefresh::decl(&cfg),
        engine::TierCare::decl(&cfg),
        engine::TierChurn::decl(&cfg),
        DueCustomer::decl(&cfg),
        report_model::TierReport::decl(&cfg),
        report_model::TierFigures::decl(&cfg),
        report_model::ServiceLine::decl(&cfg),
        report_model::ParetoPoint::decl(&cfg),
        report_model::Movement::decl(&cfg),
        report_model::Mover::decl(&cfg),
        report_model::RiskLine::decl(&cfg),
        report_model::BenefitLine::decl(&cfg),
        report_model::HistoryPoint::decl(&cfg),
        domain::Channel::decl(&cfg),
        domain::Followup::decl(&cfg),
        domain::FollowupDraft::decl(&cfg),
        domain::FollowupFilter::decl(&cfg),
        domain::FollowupLine::decl(&cfg),
        CaseRequest::decl(&cfg),
        CaseLine::decl(&cfg),
        CaseDetail::decl(&cfg),
        CaseChoices::decl(&cfg),
        ChurnLine::decl(&cfg),
        ChurnDetail::decl(&cfg),
        CustomerChurn::decl(&cfg),
        ChurnChoices::decl(&cfg),
        OpenAlerts::decl(&cfg),
        tierdesk_churn::alert::ChurnAlert::decl(&cfg),
        tierdesk_churn::alert::AlertLevel::decl(&cfg),
        tierdesk_churn::alert::AlertStatus::decl(&cfg),
        tierdesk_churn::alert::AlertMove::decl(&cfg),
        tierdesk_churn::alert::AlertStep::decl(&cfg),
        tierdesk_churn::alert::AlertFilter::decl(&cfg),
        tierdesk_churn::alert::Reason::decl(&cfg),
        tierdesk_churn::alert::ChurnScore::decl(&cfg),
        tierdesk_churn::alert::ScoreFigures::decl(&cfg),
        tierdesk_churn::alert::FitRecord::decl(&cfg),
        tierdesk_churn::alert::RefreshCounts::decl(&cfg),
        domain::case::Case::decl(&cfg),
        domain::case::CaseStep::decl(&cfg),
        domain::case::CaseChannel::decl(&cfg),
        domain::case::CaseType::decl(&cfg),
        domain::case::CaseSeverity::decl(&cfg),
        domain::case::CaseStatus::decl(&cfg),
        domain::case::CaseMove::decl(&cfg),
        domain::case::CaseFilter::decl(&cfg),
        domain::case::CaseTierCounts::decl(&cfg),
        domain::record::TimelineEvent::decl(&cfg),
        domain::record::TimelineCursor::decl(&cfg),
        domain::record::TimelineQuery::decl(&cfg),
        domain::record::TimelinePage::decl(&cfg),
        domain::record::TimelineCount::decl(&cfg),
        domain::record::Contact::decl(&cfg),
        domain::record::ContactDraft::decl(&cfg),
        domain::record::DateKind::decl(&cfg),
        domain::record::CustomerDate::decl(&cfg),
        domain::record::DateDraft::decl(&cfg),
        domain::record::PurchaseSummary::decl(&cfg),
        domain::record::MonthTotal::decl(&cfg),
        domain::OrderLine::decl(&cfg),
        domain::TxKind::decl(&cfg),
        domain::survey::SurveyAnswer::decl(&cfg),
        domain::survey::NewSurveyAnswer::decl(&cfg),
        domain::survey::SurveyChannel::decl(&cfg),
        domain::survey::SurveyFigures::decl(&cfg),
        domain::survey::ScoreAverage::decl(&cfg),
        domain::survey::SurveyRow::decl(&cfg),
        domain::survey::PeriodKind::decl(&cfg),
        SurveySummary::decl(&cfg),
        SurveyAnswerLine::decl(&cfg),
        SurveyImportRequest::decl(&cfg),
        SurveyImportSummary::decl(&cfg),
        SurveyColumnInfo::decl(&cfg),
        domain::BenefitUse::decl(&cfg),
        BenefitStatus::decl(&cfg),
        CustomerBenefits::decl(&cfg),
        BenefitUseRequest::decl(&cfg),
        BenefitCatalogue::decl(&cfg),
        CatalogueTier::decl(&cfg),
        CatalogueLine::decl(&cfg),
        Calibration::decl(&cfg),
        Disagreement::decl(&cfg),
        UnmappedTier::decl(&cfg),
        SuggestedCut::decl(&cfg),
        CutSuggestion::decl(&cfg),
        ApiError::decl(&cfg),
        domain::Msg::decl(&cfg),
        ErrorCode::decl(&cfg),
        BackupInfo::decl(&cfg),
        BackupReason::decl(&cfg),
        RestoreSummary::decl(&cfg),
        domain::audit::Source::decl(&cfg),
        domain::audit::FieldChange::decl(&cfg),
        domain::audit::Fact::decl(&cfg),
        domain::audit::AuditDetails::decl(&cfg),
        domain::audit::AuditEntry::decl(&cfg),
        domain::audit::AuditFilter::decl(&cfg),
        domain::audit::AuditBreak::decl(&cfg),
        domain::audit::AuditCheck::decl(&cfg),
        AuditAction::decl(&cfg),
        tierdesk_churn::retention::Period::decl(&cfg),
        tierdesk_churn::retention::RetentionRow::decl(&cfg),
        tierdesk_churn::retention::RetentionFigures::decl(&cfg),
        tierdesk_churn::cohorts::CohortRow::decl(&cfg),
        tierdesk_churn::cohorts::Cohorts::decl(&cfg),
        tierdesk_churn::managers::ManagerRow::decl(&cfg),
        tierdesk_churn::managers::ManagerFigures::decl(&cfg),
        tierdesk_churn::movement::BatchTierCount::decl(&cfg),
        tierdesk_churn::movement::TierFlow::decl(&cfg),
        tierdesk_churn::movement::BatchTiers::decl(&cfg),
        tierdesk_churn::movement::TierMovement::decl(&cfg),
        AnalysisFigures::decl(&cfg),
        PointsAccount::decl(&cfg),
        domain::points::PointsEntry::decl(&cfg),
        domain::points::EntryKind::decl(&cfg),
        domain::points::SourceKind::decl(&cfg),
        domain::points::CatalogueItem::decl(&cfg),
        domain::points::ItemKind::decl(&cfg),
        PointsItemLine::decl(&cfg),
        PointsItemEdit::decl(&cfg),
        PointsBrief::decl(&cfg),
        PointsPage::decl(&cfg),
        domain::Role::decl(&cfg),
        domain::Perm::decl(&cfg),
        Session::decl(&cfg),
        UserLine::decl(&cfg),
        UserDraft::decl(&cfg),
        UserChoice::decl(&cfg),
        TeamCopyTable::decl(&cfg),
        TeamCopySkipped::decl(&cfg),
        TeamCopyReport::decl(&cfg),
        TeamCopyProgress::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `tierdesk-api` (typescript_bindings). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p tierdesk-api bindings` after changing them.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.trim_end().to_owned() + "\n"
}
