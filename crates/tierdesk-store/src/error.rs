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
    #[error("数据库操作失败：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("数据库中的数据无法读取：{0}")]
    Corrupt(String),
}

impl StoreError {
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
