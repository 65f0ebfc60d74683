/// Why a file cannot be read, in words for the person who picked it. Every
/// message names the file (by its name only) and says what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SheetError {
    /// Named by its whole path, so a typo in a folder can be seen.
    #[error("找不到文件：{path}。请确认路径写对了，文件没有被移动、改名或删除")]
    NotFound { path: String },
    #[error("文件「{file}」无法打开：{reason}")]
    Io { file: String, reason: String },
    #[error("文件「{file}」是空的（0 字节），里面没有表格")]
    Empty { file: String },
    #[error(
        "「{file}」是 Excel 正在编辑时留下的临时锁定文件，不是表格本身；请选择不带「~$」的那个文件"
    )]
    LockFile { file: String },
    #[error(
        "文件「{file}」设置了打开密码（已加密），无法读取；请在 Excel 中取消密码后另存一份再导入"
    )]
    Encrypted { file: String },
    #[error("文件「{file}」不是可以导入的表格：{what}")]
    NotASheet { file: String, what: String },
    /// `detail` says in words what is wrong; `cause` keeps the reading
    /// library's own (English) text for a log or a bug report, and is not
    /// part of the message.
    #[error("文件「{file}」已损坏或不完整，无法读取（{detail}）；请在 Excel 中打开后另存为 .xlsx 再导入")]
    Corrupt {
        file: String,
        detail: String,
        cause: String,
    },
    #[error("文件「{file}」过大或结构异常（{detail}），为保护电脑已拒绝读取")]
    TooLarge { file: String, detail: String },
    #[error("文件「{file}」里没有名为「{sheet}」的工作表")]
    NoSuchSheet { file: String, sheet: String },
    #[error("无法写入文件「{file}」：{reason}")]
    Write { file: String, reason: String },
}
