use std::path::Path;

/// What can go wrong in the store, in words for the person at the desk.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("无法打开数据库「{path}」：{reason}")]
    Open { path: String, reason: String },
    #[error("无法创建文件夹「{path}」：{reason}")]
    Io { path: String, reason: String },
    #[error("数据库「{path}」由更新版本的 TierDesk 创建（结构版本 {found}，本程序支持到 {supported}），请升级 TierDesk 后再打开")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("客户编号「{code}」已被客户「{holder}」使用，编号不能重复")]
    DuplicateCode { code: String, holder: String },
    #[error("找不到客户 {0}")]
    CustomerNotFound(String),
    #[error("自定义字段「{0}」已存在")]
    DuplicateField(String),
    #[error("找不到自定义字段「{0}」")]
    FieldNotFound(String),
    #[error("找不到导入记录 #{0}")]
    ImportNotFound(i64),
    #[error("导入期间有一位客户（内部编号 {0}）被永久删除了，本次导入没有保存，请重新导入")]
    CustomerGone(i64),
    #[error("导入 #{0} 已经撤销过了")]
    ImportAlreadyUndone(i64),
    #[error("导入 #{later} 在导入 #{id} 之后又修改了其中的客户，请先撤销导入 #{later}")]
    ImportOutOfOrder { id: i64, later: i64 },
    #[error("找不到导入方案「{0}」")]
    ProfileNotFound(String),
    #[error("导入方案的名称不能为空")]
    EmptyProfileName,
    #[error("已有名为「{0}」的导入方案，请换一个名称")]
    DuplicateProfile(String),
    /// Another connection (a second window, the CLI, a script) held the
    /// write lock for longer than the busy timeout. The message asks the
    /// person to try again in a moment; the API gives it the code `busy`.
    #[error("另一个 TierDesk 窗口或其他程序正在写入这个数据库文件，请稍等片刻再试一次")]
    Busy,
    /// The file fails SQLite's quick check, or a read met a damaged page.
    /// Nothing was written to it (the check runs before the first write);
    /// `detail` holds what SQLite said, for the log and for support, never
    /// for the message. `path` is empty where the failing read did not know
    /// the file; the sentence then leaves the name out.
    #[error("{}", damaged_sentence(.path))]
    Damaged { path: String, detail: String },
    /// The file does not start like a SQLite database: another kind of file
    /// chosen by mistake (a spreadsheet), or one damaged from its first page.
    #[error("文件「{path}」不是 TierDesk 数据库文件（或已损坏），TierDesk 没有打开也没有改动它。请打开另一个数据库文件，或从备份恢复这个文件")]
    NotADatabase { path: String, detail: String },
    /// Undoing an import would remove or overwrite customers changed by hand
    /// since the import; `customers` names a few of them (name and code).
    #[error("{}", undo_refusal(*.id, .customers, *.count))]
    UndoWouldLoseEdits {
        id: i64,
        customers: Vec<String>,
        count: usize,
    },
    /// Undoing a rating would put back the tier from before it for
    /// customers whose tier a person changed by hand since.
    #[error("{}", batch_undo_refusal(*.id, .customers, *.count))]
    BatchUndoWouldLoseEdits {
        id: i64,
        customers: Vec<String>,
        count: usize,
    },
    /// The tier changed in another window between reading the customer and
    /// saving the form; saving now would change it without a reason.
    #[error("客户「{0}」的当前等级刚被另一个窗口或程序改过，这次没有保存。请重新打开这位客户，确认等级后再保存")]
    TierChangedMeanwhile(String),
    /// SQLite could not grow the file or its log: the disk is full.
    #[error("磁盘空间不足，这次的修改没有保存，数据库保持原样。请清理磁盘空间后再试")]
    DiskFull,
    /// The file, or its folder, cannot be written (permissions, a read-only
    /// share, a write-protected USB stick).
    #[error("数据库文件是只读的（或所在文件夹不允许写入），这次的修改没有保存。请检查文件的权限，或把它复制到可以写入的文件夹再打开")]
    ReadOnly,
    /// The operating system failed a read or a write (a failing disk, a
    /// network drive that went away).
    #[error("读写数据库文件时出错（磁盘或网络盘可能有问题），这次的修改没有保存。请检查磁盘或网络连接后再试")]
    DiskIo { detail: String },
    #[error("数据库操作失败：{0}")]
    Sqlite(rusqlite::Error),
    #[error("数据库中的数据无法读取：{0}")]
    Corrupt(String),
    /// The file is not plain SQLite and no password was given: it may be
    /// encrypted, or no database at all. The app asks for the password.
    #[error(
        "「{path}」不是普通的 TierDesk 数据库：它可能设了密码（请输入密码），也可能不是数据库文件"
    )]
    PasswordNeeded { path: String },
    /// SQLCipher could not read the first page with the password given.
    /// Nothing was written.
    #[error("密码不对，或者这个文件不是 TierDesk 数据库。文件没有被改动")]
    WrongPassword { path: String },
    /// A password was asked for a database that lives in memory only.
    #[error("没有打开数据库文件，无法设置密码")]
    NoFile,
    /// A backup could not be written where it should go (the folder cannot
    /// be made, the disk is full, the copy failed its check).
    #[error("备份没有写成「{path}」：{reason}")]
    Backup { path: String, reason: String },
    #[error("找不到待办 #{0}")]
    TodoNotFound(i64),
    #[error("找不到联系人 #{0}（可能已被删除）")]
    ContactNotFound(i64),
    #[error("找不到纪念日 #{0}（可能已被删除）")]
    DateNotFound(i64),
    /// A to-do that cannot be added or changed as asked; the message says why.
    #[error("{0}")]
    TodoRefused(String),
    /// A points change that cannot be made as asked; the message says why.
    #[error("{0}")]
    PointsRefused(String),
    /// A team database used before anyone signed in (see db/gate.rs).
    #[error("请先登录团队数据库")]
    SignInNeeded,
    /// A write by a 只读 user on a team database (see db/gate.rs).
    #[error("只读用户不能修改数据")]
    ViewOnly,
    /// A 业务员's write to a customer given to `owner` after the API's check
    /// and before the write (see db/gate.rs); nothing was written.
    #[error("业务员只能修改自己负责的客户和共享客户：这位客户由 {owner} 负责")]
    NotOwner { owner: String },
    /// A sign-in whose login or password is wrong (which of the two is
    /// never said).
    #[error("登录名或密码不正确")]
    WrongSignIn,
    /// A users change or sign-in refused; the message says why (users.rs).
    #[error("{}", .0.zh())]
    UserRefused(tierdesk_domain::Msg),
    /// A save that named the version it was based on found the row at a
    /// newer one (someone saved in between); nothing was written. The API
    /// merges again against the newer row (see `tierdesk_domain::merge`).
    #[error("这条记录刚被别人改过（打开时第 {opened} 版，现在第 {now} 版），这次没有保存。请重新打开再改")]
    VersionMoved { opened: i64, now: i64 },
    /// The scheme a rating computed from was saved (by `who`) before the
    /// rating was written; nothing was written: rating again uses the rules
    /// as saved.
    #[error("评级计算期间，等级方案已被 {who} 修改，这次评级没有保存。请重新预览后再评级")]
    SchemeChangedDuringRating { who: String },
    /// The team database (PostgreSQL) cannot be reached: the connection was
    /// refused, lost or closed by the server. `reason` says in words what to
    /// check; `detail` holds what the client said, for the log. Nothing of
    /// the change under way was written (it was one transaction).
    #[error("与团队数据库的连接中断：{reason}")]
    TeamLost { reason: String, detail: String },
    /// Any other failure the team database reports (what it said).
    #[error("团队数据库操作失败：{detail}")]
    Team { detail: String },
    /// A team database that cannot be connected to: its URL, the server,
    /// the login, the database or the certificate (see `team_conn.rs`).
    #[error("{}", .0.msg().zh())]
    TeamConnect(crate::team_conn::TeamProblem),
    /// 迁移到团队数据库 copies from an open local file into a team database.
    #[error("迁移到团队数据库需要先打开本机数据库文件，再连接一个团队数据库")]
    CopyNeedsFile,
    /// The team database a copy would go into already holds rows.
    #[error("团队数据库不是空的（表 {table} 已有 {} 行），只能迁移到新建的空数据库；没有写入任何内容", tierdesk_domain::text::thousands(*.rows))]
    TeamNotEmpty { table: String, rows: u64 },
    /// The team database's schema is not the file's (another version).
    #[error("团队数据库的结构与本机文件不同（{detail}），没有写入任何内容。请两边使用同一版本的 TierDesk")]
    TeamSchemaDiffers { detail: String },
}

/// The customers an undo would hurt, as a message names them: the first
/// few (客户「甲」（编号 P1）、客户「乙」) and, when there are more, how many in all.
fn named_customers(customers: &[String], count: usize) -> String {
    let all = if count > customers.len() {
        format!("等 {count} 位客户")
    } else {
        String::new()
    };
    format!("{}{all}", customers.join("、"))
}

/// How many customers an undo refusal names before it only counts them.
pub(crate) const NAMED_IN_REFUSAL: usize = 5;

/// Names a customer in a refusal: 客户「甲」（编号 P1）, or without a code.
pub(crate) fn customer_label(name: &str, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("客户「{name}」（编号 {code}）"),
        None => format!("客户「{name}」"),
    }
}

/// The sentence for a damaged file, naming it when the path is known.
fn damaged_sentence(path: &str) -> String {
    let file = if path.is_empty() {
        "数据库文件".to_owned()
    } else {
        format!("数据库文件「{path}」")
    };
    format!("{file}已损坏，TierDesk 没有改动它。请从备份恢复这个文件，或打开另一个数据库文件")
}

/// Why undoing an import was refused.
fn undo_refusal(id: i64, customers: &[String], count: usize) -> String {
    format!(
        "导入 #{id} 没有撤销：{}在这次导入之后又被修改过（手工编辑、评级，或是同一编号后来给了别的客户），撤销会删除或覆盖这些修改。\
         请先查看这些客户，需要时手工改回或删除",
        named_customers(customers, count)
    )
}

/// Why undoing a rating was refused.
fn batch_undo_refusal(id: i64, customers: &[String], count: usize) -> String {
    format!(
        "评级批次 #{id} 没有撤销：{}的等级在这次评级之后被手工调整过，撤销会覆盖这些调整。\
         请先在客户详情里把这些客户的等级改回（或保留这次评级）",
        named_customers(customers, count)
    )
}

/// Every SQLite error reaches the caller through this conversion, so a
/// lock held too long by another connection becomes [`StoreError::Busy`]
/// wherever it happens, and a damaged page met by any read becomes
/// [`StoreError::Damaged`] (in Chinese, without SQLite's English).
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Damaged {
                    path: String::new(),
                    detail: e.to_string(),
                }
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(rusqlite::ErrorCode::SystemIoFailure) => StoreError::DiskIo {
                detail: e.to_string(),
            },
            _ => StoreError::Sqlite(e),
        }
    }
}

/// A SQLite value of the wrong kind read through `get_ref` (the zero-copy
/// readers of the scans), as `Row::get` would have reported it.
impl From<rusqlite::types::FromSqlError> for StoreError {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        StoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Null,
            Box::new(e),
        ))
    }
}

/// Every PostgreSQL error reaches the caller through this conversion, into
/// the same kinds SQLite's errors become: a constraint broken is the
/// `Sqlite` error of that constraint (so a caller that tells a duplicate
/// from other failures does the same on both backends), waiting too long
/// for the write lock is [`StoreError::Busy`], a full disk
/// [`StoreError::DiskFull`], and a connection refused or lost
/// [`StoreError::TeamLost`].
impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        use rusqlite::ffi;
        let constraint = |code: std::ffi::c_int| {
            let message = e
                .as_db_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_owned());
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                ffi::Error::new(code),
                Some(message),
            ))
        };
        let lost = |reason: &str| StoreError::TeamLost {
            reason: reason.to_owned(),
            detail: e.to_string(),
        };
        let Some(code) = e.code() else {
            return if e.is_closed() {
                lost("连接已断开，这次的修改没有保存。请检查网络和服务器，稍后再试")
            } else if std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) {
                lost("无法连接到服务器，请检查服务器地址、端口和网络")
            } else {
                StoreError::Team {
                    detail: e.to_string(),
                }
            };
        };
        match code {
            c if *c == SqlState::UNIQUE_VIOLATION => constraint(ffi::SQLITE_CONSTRAINT_UNIQUE),
            c if *c == SqlState::FOREIGN_KEY_VIOLATION => {
                constraint(ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
            }
            c if *c == SqlState::NOT_NULL_VIOLATION => constraint(ffi::SQLITE_CONSTRAINT_NOTNULL),
            c if *c == SqlState::CHECK_VIOLATION => constraint(ffi::SQLITE_CONSTRAINT_CHECK),
            c if *c == SqlState::LOCK_NOT_AVAILABLE
                || *c == SqlState::T_R_DEADLOCK_DETECTED
                || *c == SqlState::T_R_SERIALIZATION_FAILURE =>
            {
                StoreError::Busy
            }
            c if *c == SqlState::DISK_FULL => StoreError::DiskFull,
            c if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                lost("服务器不接受这个用户名或密码")
            }
            c if *c == SqlState::INVALID_CATALOG_NAME => lost("服务器上没有这个数据库"),
            c if c.code().starts_with("08")
                || *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW
                || *c == SqlState::TOO_MANY_CONNECTIONS =>
            {
                lost("服务器断开了连接或暂时不接受连接，这次的修改没有保存。请稍后再试")
            }
            _ => StoreError::Team {
                detail: e
                    .as_db_error()
                    .map_or_else(|| e.to_string(), |d| d.message().to_owned()),
            },
        }
    }
}

impl StoreError {
    /// Names the file in a [`StoreError::Damaged`] that does not yet.
    pub(crate) fn at(self, path: &Path) -> StoreError {
        self.at_text(path.display().to_string())
    }

    pub(crate) fn at_text(self, path: String) -> StoreError {
        match self {
            StoreError::Damaged { path: p, detail } if p.is_empty() => {
                StoreError::Damaged { path, detail }
            }
            other => other,
        }
    }

    pub(crate) fn open(path: &Path, e: rusqlite::Error) -> StoreError {
        let reason = match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                "这不是 TierDesk 数据库文件（或文件已损坏）".to_owned()
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
                "文件无法打开，请检查路径和权限".to_owned()
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
                "文件是只读的".to_owned()
            }
            other => other.to_string(),
        };
        StoreError::Open {
            path: path.display().to_string(),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StoreError;

    /// SQLite's own English never reaches a person for the failures an
    /// office PC meets: a full disk, a read-only file, a failing drive, a
    /// lock held by another program.
    #[test]
    fn disk_and_lock_failures_speak_chinese() {
        use rusqlite::ffi;
        for (code, expect) in [
            (ffi::SQLITE_FULL, "磁盘空间不足"),
            (ffi::SQLITE_READONLY, "只读"),
            (ffi::SQLITE_IOERR, "读写数据库文件时出错"),
            (ffi::SQLITE_BUSY, "正在写入"),
            (ffi::SQLITE_CORRUPT, "已损坏，TierDesk 没有改动它"),
            (ffi::SQLITE_NOTADB, "已损坏，TierDesk 没有改动它"),
        ] {
            let e = StoreError::from(rusqlite::Error::SqliteFailure(
                ffi::Error::new(code),
                Some("english text".into()),
            ));
            let message = e.to_string();
            assert!(message.contains(expect), "{code}: {message}");
            assert!(!message.contains("english"), "{code}: {message}");
        }
    }
}
