//! Messages people read, as a key and named parameters.
//!
//! Rust writes Chinese for the CLI, but the app can be in English: a message
//! that reaches the UI travels as a [`Msg`] (`key` + `params`), and the UI
//! renders it from its catalogue (`ui/src/i18n/rust-messages.json`, generated
//! from [`MESSAGES`], for Chinese; `ui/src/i18n/rustEn.ts` for English).
//! [`Msg::zh`] renders the same template here, so the CLI's Chinese and the
//! app's Chinese are one text.
//!
//! To add a message: one row in [`MESSAGES`] (key, Chinese template with
//! `{name}` holes), build it with `Msg::new(key).with("name", value)`, then
//! regenerate the catalogue (`UPDATE_BINDINGS=1 cargo test -p tierdesk-api
//! --test api messages`) and add the English to `ui/src/i18n/rustEn.ts`.
//! Parameters are data (names, numbers already formatted, paths), never
//! program words: a program word is a key of its own.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Holes made of messages, by name (see [`Msg::lists`]).
pub type Lists = BTreeMap<String, Vec<Msg>>;

/// A message for a person: a key of [`MESSAGES`] and the values of its holes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Msg {
    pub key: String,
    pub params: BTreeMap<String, String>,
    /// Holes whose value is itself made of messages (a figure's name, the
    /// gaps to the next tier): each shown in the same language, joined by
    /// 、 (in English ", "). A hole in `params` wins over one here. Boxed
    /// and absent when empty: every error carries a `Msg`, and most have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lists: Option<Box<Lists>>,
}

impl Msg {
    pub fn new(key: &str) -> Msg {
        debug_assert!(
            template(key).is_some(),
            "message key {key} is not in MESSAGES"
        );
        Msg {
            key: key.to_owned(),
            params: BTreeMap::new(),
            lists: None,
        }
    }

    /// Data shown as written in every language (a person's words, a name).
    pub fn text(value: impl std::fmt::Display) -> Msg {
        Msg::new("data.text").with("text", value)
    }

    /// Sets the hole `name` to the messages `parts` (see [`Msg::lists`]).
    pub fn with_list(mut self, name: &str, parts: Vec<Msg>) -> Msg {
        self.lists
            .get_or_insert_with(Box::default)
            .insert(name.to_owned(), parts);
        self
    }

    /// The messages of the hole `name` (none when it has no list).
    pub fn list(&self, name: &str) -> &[Msg] {
        self.lists
            .as_ref()
            .and_then(|l| l.get(name))
            .map_or(&[], Vec::as_slice)
    }

    /// Sets the hole `name` to one message.
    pub fn with_msg(self, name: &str, part: Msg) -> Msg {
        self.with_list(name, vec![part])
    }

    /// Sets the hole `name` to `value`.
    pub fn with(mut self, name: &str, value: impl std::fmt::Display) -> Msg {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// The message in Chinese, as the CLI prints it and the app shows it in
    /// Chinese. An unknown key (a bug) shows the key rather than nothing.
    pub fn zh(&self) -> String {
        let Some(t) = template(&self.key) else {
            return self.key.clone();
        };
        let Some(lists) = &self.lists else {
            return fill(t, &self.params);
        };
        let mut params = self.params.clone();
        for (name, parts) in lists.iter() {
            let words: Vec<String> = parts.iter().map(Msg::zh).collect();
            params
                .entry(name.clone())
                .or_insert_with(|| words.join("、"));
        }
        fill(t, &params)
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.zh())
    }
}

/// The Chinese template of `key`.
pub fn template(key: &str) -> Option<&'static str> {
    MESSAGES.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// Fills `{name}` holes from `params`; an unknown hole stays visible, as in
/// the UI's `format`.
pub fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && close > 0 =>
            {
                let name = &after[..close];
                match params.get(name) {
                    Some(v) if name == "period" => out.push_str(&period_zh(v)),
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads a text the program stored in Chinese back into the message that
/// wrote it: the first of `keys` whose template the whole text matches,
/// each hole taking the shortest text up to the template's next words (the
/// last hole takes the rest). `None` when no template matches (a person's
/// own words). Holes come back as plain parameters.
pub fn read_back(text: &str, keys: &[&str]) -> Option<Msg> {
    keys.iter().find_map(|key| {
        let params = match_template(template(key)?, text)?;
        let mut m = Msg::new(key);
        m.params = params;
        Some(m)
    })
}

/// The holes of `template` as filled in `text`, when `text` is that template filled.
fn match_template(template: &str, text: &str) -> Option<BTreeMap<String, String>> {
    // The template as words and holes: words[0] hole[0] words[1] … words[n].
    let mut words = vec![String::new()];
    let mut holes = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        words.last_mut()?.push_str(&rest[..open]);
        holes.push(rest[open + 1..close].to_owned());
        words.push(String::new());
        rest = &rest[close + 1..];
    }
    words.last_mut()?.push_str(rest);
    let mut left = text.strip_prefix(words[0].as_str())?;
    let mut params = BTreeMap::new();
    for (i, hole) in holes.iter().enumerate() {
        let next = &words[i + 1];
        let end = if i + 1 == holes.len() {
            left.len().checked_sub(next.len())?
        } else if next.is_empty() {
            return None; // two holes side by side: no way to tell them apart
        } else {
            left.find(next.as_str())?
        };
        if !left.is_char_boundary(end) {
            return None;
        }
        params.insert(hole.clone(), left[..end].to_owned());
        left = left[end..].strip_prefix(next.as_str())?;
    }
    left.is_empty().then_some(params)
}

/// A hole named `period` holds a rating period's key (`2024`, `2024H1`,
/// `2024Q3`), shown as its words in each language (the UI's `periodText`):
/// here 2024年度, 2024年上半年, 2024年第三季度. Any other text is shown as
/// written (trimmed). The one reader of period keys' words: tierdesk-tiers'
/// `Period::label` comes here.
pub fn period_zh(key: &str) -> String {
    const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];
    let k = key.trim().to_ascii_uppercase();
    let (year, rest) = match (k.get(..4), k.get(4..)) {
        (Some(y), Some(r)) if y.bytes().all(|b| b.is_ascii_digit()) => (y, r),
        _ => return key.trim().to_owned(),
    };
    match rest.as_bytes() {
        [] => format!("{year}年度"),
        [b'H', b'1'] => format!("{year}年上半年"),
        [b'H', b'2'] => format!("{year}年下半年"),
        [b'Q', n @ b'1'..=b'4'] => format!("{year}年第{}季度", QUARTERS[usize::from(n - b'1')]),
        _ => key.trim().to_owned(),
    }
}

/// Every message key Rust can send to the UI with its Chinese template, one
/// block per area. The UI's catalogue is generated from this table.
pub const MESSAGES: &[(&str, &str)] = &[
    // The store's refusals and failures (tierdesk-store StoreError).
    ("store.open", "无法打开数据库「{path}」：{reason}"),
    ("store.io", "无法创建文件夹「{path}」：{reason}"),
    ("store.too_new", "数据库「{path}」由更新版本的 TierDesk 创建（结构版本 {found}，本程序支持到 {supported}），请升级 TierDesk 后再打开"),
    ("store.duplicate_code", "客户编号「{code}」已被客户「{holder}」使用，编号不能重复"),
    ("store.customer_not_found", "找不到客户 {id}"),
    ("store.duplicate_field", "自定义字段「{name}」已存在"),
    ("store.field_not_found", "找不到自定义字段「{name}」"),
    ("store.import_not_found", "找不到导入记录 #{id}"),
    ("store.customer_gone", "导入期间有一位客户（内部编号 {id}）被永久删除了，本次导入没有保存，请重新导入"),
    ("store.import_already_undone", "导入 #{id} 已经撤销过了"),
    ("store.import_out_of_order", "导入 #{later} 在导入 #{id} 之后又修改了其中的客户，请先撤销导入 #{later}"),
    ("store.profile_not_found", "找不到导入方案「{name}」"),
    ("store.empty_profile_name", "导入方案的名称不能为空"),
    ("store.duplicate_profile", "已有名为「{name}」的导入方案，请换一个名称"),
    ("store.busy", "另一个 TierDesk 窗口或其他程序正在写入这个数据库文件，请稍等片刻再试一次"),
    ("store.damaged", "数据库文件「{path}」已损坏，TierDesk 没有改动它。请从备份恢复这个文件，或打开另一个数据库文件"),
    ("store.damaged_unnamed", "数据库文件已损坏，TierDesk 没有改动它。请从备份恢复这个文件，或打开另一个数据库文件"),
    ("store.not_a_database", "文件「{path}」不是 TierDesk 数据库文件（或已损坏），TierDesk 没有打开也没有改动它。请打开另一个数据库文件，或从备份恢复这个文件"),
    ("store.undo_import_refused", "导入 #{id} 没有撤销：{customers}在这次导入之后又被修改过（手工编辑、评级，或是同一编号后来给了别的客户），撤销会删除或覆盖这些修改。请先查看这些客户，需要时手工改回或删除"),
    ("store.undo_import_refused_more", "导入 #{id} 没有撤销：{customers}等 {count} 位客户在这次导入之后又被修改过（手工编辑、评级，或是同一编号后来给了别的客户），撤销会删除或覆盖这些修改。请先查看这些客户，需要时手工改回或删除"),
    ("store.undo_batch_refused", "评级批次 #{id} 没有撤销：{customers}的等级在这次评级之后被手工调整过，撤销会覆盖这些调整。请先在客户详情里把这些客户的等级改回（或保留这次评级）"),
    ("store.undo_batch_refused_more", "评级批次 #{id} 没有撤销：{customers}等 {count} 位客户的等级在这次评级之后被手工调整过，撤销会覆盖这些调整。请先在客户详情里把这些客户的等级改回（或保留这次评级）"),
    ("store.tier_changed_meanwhile", "客户「{name}」的当前等级刚被另一个窗口或程序改过，这次没有保存。请重新打开这位客户，确认等级后再保存"),
    ("store.disk_full", "磁盘空间不足，这次的修改没有保存，数据库保持原样。请清理磁盘空间后再试"),
    ("store.read_only", "数据库文件是只读的（或所在文件夹不允许写入），这次的修改没有保存。请检查文件的权限，或把它复制到可以写入的文件夹再打开"),
    ("store.disk_io", "读写数据库文件时出错（磁盘或网络盘可能有问题），这次的修改没有保存。请检查磁盘或网络连接后再试"),
    ("store.sqlite", "数据库操作失败：{detail}"),
    ("store.corrupt", "数据库中的数据无法读取：{detail}"),
    ("store.password_needed", "「{path}」不是普通的 TierDesk 数据库：它可能设了密码（请输入密码），也可能不是数据库文件"),
    ("store.wrong_password", "密码不对，或者这个文件不是 TierDesk 数据库。文件没有被改动"),
    ("store.no_file", "没有打开数据库文件，无法设置密码"),
    ("store.backup", "备份没有写成「{path}」：{reason}"),
    ("store.todo_not_found", "找不到待办 #{id}"),
    ("store.contact_not_found", "找不到联系人 #{id}（可能已被删除）"),
    ("store.date_not_found", "找不到纪念日 #{id}（可能已被删除）"),
    // Team database (issue 19): DBL.
    ("store.team_lost", "与团队数据库的连接中断：{reason}"),
    ("store.team", "团队数据库操作失败：{detail}"),
    // Connecting to a team database (CONN: tierdesk-store team_conn.rs).
    ("store.team_url_scheme", "团队数据库的地址应以 postgres:// 开头（例如 postgres://用户名@服务器:5432/数据库），而不是「{value}」"),
    ("store.team_url_host", "团队数据库的地址缺少服务器名称"),
    ("store.team_url_port", "团队数据库地址中的端口「{value}」不是 1 到 65535 之间的数字"),
    ("store.team_url_database", "团队数据库的地址缺少数据库名称（…/数据库名）"),
    ("store.team_url_user", "团队数据库的地址缺少用户名（postgres://用户名@服务器/数据库）"),
    ("store.team_url_sslmode", "不支持 sslmode={value}：它不检查服务器证书。请用 verify-full（加密并检查证书，默认）或 disable（不加密，仅限本机或可信内网）"),
    ("store.team_url_param", "团队数据库的地址中有不认识的参数「{value}」"),
    ("store.team_url_encoding", "团队数据库的地址中「{value}」的 % 转义写法不对"),
    ("store.team_unreachable", "无法连接团队数据库服务器 {server}：{detail}。请确认服务器地址和端口、服务器已启动、网络畅通"),
    ("store.team_refused", "服务器拒绝连接，这个端口上没有数据库服务在运行"),
    ("store.team_timeout", "服务器没有应答"),
    ("store.team_no_host", "找不到这个服务器名称"),
    ("store.team_login", "团队数据库服务器 {server} 不接受用户名「{user}」和这个密码，请检查后再试"),
    ("store.team_no_database", "服务器 {server} 上没有名为「{database}」的数据库，请确认名称，或请服务器管理员先创建它"),
    ("store.team_ca_file", "无法使用证书颁发机构（CA）文件「{path}」：{detail}"),
    ("store.team_ca_missing", "文件不存在"),
    ("store.team_ca_empty", "文件中没有 PEM 格式的证书"),
    ("store.team_cert_untrusted", "服务器证书无法验证：{server} 的证书不是由受信任的证书颁发机构签发的，连接已中止。若服务器使用单位自己的证书颁发机构，请选择「信任此证书颁发机构（CA）文件…」"),
    ("store.team_cert_expired", "服务器证书无法验证：{server} 的证书已过期或尚未生效，连接已中止。请服务器管理员更换证书"),
    ("store.team_cert_host", "服务器证书无法验证：证书上的名称与「{host}」不符，连接已中止。请使用证书上写的服务器名称"),
    ("store.team_tls", "与服务器 {server} 建立加密连接失败：{detail}"),
    ("store.team_no_tls", "服务器 {server} 没有开启加密连接（SSL）：请服务器管理员开启；仅在本机或可信内网中才可选择「不加密」"),
    ("team.keyring_failed", "已连接，但密码没能保存到系统钥匙串（{detail}）：下次启动时需要再输入一次密码"),
    ("team.form_host", "请填写服务器地址"),
    ("team.form_port", "请填写端口（1 到 65535，通常是 5432）"),
    ("team.form_database", "请填写数据库名称"),
    ("team.form_user", "请填写用户名"),
    ("store.team_trgm", "团队数据库「{database}」缺少 pg_trgm 扩展（客户搜索要用它）：请服务器管理员安装 PostgreSQL 的 contrib 组件，并在该数据库中执行 CREATE EXTENSION pg_trgm;"),
    // 迁移到团队数据库 (the store's refusals).
    ("store.copy_needs_file", "迁移到团队数据库需要先打开本机数据库文件，再连接一个团队数据库"),
    ("store.team_not_empty", "团队数据库不是空的（表 {table} 已有 {rows} 行），只能迁移到新建的空数据库；没有写入任何内容"),
    ("store.team_schema_differs", "团队数据库的结构与本机文件不同（{detail}），没有写入任何内容。请两边使用同一版本的 TierDesk"),
    // The API's own refusals.
    ("customers.owner_inactive", "用户「{name}」已停用，不能设为负责人"),
    ("customers.tier_reason_needed", "请填写调整等级的原因：客户「{name}」的当前等级由「{from}」改为「{to}」"),
    ("privacy.purpose_needed", "请选择或填写查看完整信息的用途（例如 客户来电核实）"),
    ("privacy.purpose_too_long", "用途太长：最多 200 个字"),
    // Imports that ask instead of guessing wrong (IMPORT).
    ("import.file_not_found", "找不到文件：{path}。请确认路径写对了，文件没有被移动、改名或删除"),
    ("import.identity_guessed", "{message}。需要确认的猜测：{columns}；请在导入向导中确认，或在命令行加 --accept-guesses"),
    // Rules in Chinese and scheme file errors (RULES: tierdesk-tiers rule/error.rs, toml_error.rs).
    ("rules.empty", "第 {at} 个字处：条件是空的，请写成 消费金额 ≥ 30万 这样的比较"),
    ("rules.symbol", "第 {at} 个字处：不认识的符号“{symbol}”"),
    ("rules.number", "第 {at} 个字处：数“{text}”的写法有误"),
    ("rules.unknown_near", "第 {at} 个字处：不认识“{word}”，是否想写 {near}？"),
    ("rules.unknown", "第 {at} 个字处：不认识“{word}”。可用的指标：{names}"),
    ("rules.missing_operand", "第 {at} 个字处：条件没写完，这里还缺少指标或数值"),
    ("rules.expected_operand", "第 {at} 个字处：这里应是指标或数值，却是“{found}”"),
    ("rules.expected_join", "第 {at} 个字处：这里应是“且”或“或”，却是“{found}”"),
    ("rules.unclosed", "第 {at} 个字处：这个“（”没有配对的“）”"),
    ("rules.extra_close", "第 {at} 个字处：多了一个“）”"),
    ("rules.not_condition", "第 {at} 个字处：“{text}”是一个数，不是条件：请写成 {text} ≥ 某个数 这样的比较"),
    ("rules.not_number", "第 {at} 个字处：“{text}”是一个条件，不能拿来比较大小或计算"),
    ("rules.chained", "第 {at} 个字处：一次只能比较两样：请写成 消费金额 ≥ 1万 且 消费金额 < 5万"),
    ("rules.call", "第 {at} 个字处：不能调用函数“{name}”：只能用数、指标、比较和 且/或/非"),
    ("rules.missing_join", "第 {at} 个字处：“{word}”前面缺少“且”或“或”"),
    ("rules.after_alone", "第 {at} 个字处：“{word}”前面要有指标和数值，如 消费金额 30万{word}"),
    ("rules.after_twice", "第 {at} 个字处：前面已经写了比较，“{word}”是多余的：请写成 消费金额 ≥ 30万 或 消费金额 30万以上"),
    ("rules.tree_not_condition", "规则应是一个条件，如 消费金额 ≥ 30万"),
    ("rules.tree_join", "“且”“或”“非”连接的应是条件"),
    ("rules.tree_operand", "比较和计算的两边应是指标或数值"),
    ("rules.tree_empty_group", "条件组是空的：请添加条件"),
    ("rules.tree_unknown_figure", "不认识的指标“{key}”"),
    ("rules.tree_bad_number", "数值无效"),
    ("toml.missing_equals", "缺少“=”：每一行应写成 名称 = 值"),
    ("toml.unclosed_string", "文字没有结束：缺少配对的引号"),
    ("toml.unclosed_multiline", "多行文字没有结束：缺少配对的三个引号"),
    ("toml.unclosed_array", "“[”没有配对的“]”"),
    ("toml.unclosed_table", "表名的“[”没有配对的“]”"),
    ("toml.unclosed_inline_table", "“{”没有配对的“}”"),
    ("toml.duplicate_key", "名称重复：同一个表里不能写两次"),
    ("toml.unquoted", "文字要用引号括起来，如 name = \"钻石\""),
    ("toml.extra", "这一行多了内容：一行只能写一个 名称 = 值"),
    ("toml.wrong_type", "类型不对：这里应是{want}，却是{found}"),
    ("toml.wrong_type_other", "类型不对（{text}）"),
    ("toml.missing_field", "缺少必填项“{name}”"),
    ("toml.unknown_variant", "“{value}”不是可选的值，可选：{choices}"),
    ("toml.unknown_variant_only", "“{value}”不是可选的值"),
    ("toml.unknown_field", "不认识的名称“{name}”"),
    ("toml.other", "格式有误（{text}）"),
    // The 积分对账单 (PTSPRINT).
    ("points.statement_period", "对账期间的开始日期 {from} 晚于结束日期 {to}，请重新选择"),
    ("points.statement_format", "积分对账单只能保存为 .pdf 或 .html，「{path}」的扩展名不是这两种"),
    // Import problems (EN2): a cell's value that cannot be read (tierdesk-mapping values, points, digits).
    ("value.money", "不是金额：'{value}'"),
    ("value.money_hint", "不是金额：'{value}'（请写成数字，如 10000、1.2万、¥10,000）"),
    ("value.count", "不是购买次数：'{value}'（如 12、10次、5次/年、每月2次）"),
    ("value.years", "不是年限：'{value}'（如 2、2年、3年6个月、18个月）"),
    ("value.score", "不是评分：'{value}'（如 4、4.5、3分、★★★）"),
    ("value.number", "不是数字：'{value}'"),
    ("value.date", "不是日期：'{value}'（如 2023-03-01、2023/3/1、2023年3月1日）"),
    ("value.phone", "不是有效的电话号码：'{value}'（手机号如 13812345678，座机如 010-12345678、0755-1234567 转 123，本地号码如 12345678，或 400-123-4567、+852 91234567）"),
    ("value.gender", "性别只能是「男」或「女」：'{value}'"),
    ("value.digits_lost", "这一格是数字格式，Excel 只保留 15 位数字，后面几位已经丢失（读到 {number}），无法恢复；请在 Excel 中把这一列设为文本、重新填写后再导入"),
    ("value.postcode_zero", "这一格是数字格式，邮编开头的 0 已经丢失（读到 {number}），无法恢复；请在 Excel 中把这一列设为文本、补上开头的 0 后再导入"),
    ("value.points_not_number", "积分不是数字：'{value}'，积分须为 0 或正整数"),
    ("value.points_negative", "积分不能为负数：'{value}'"),
    ("value.points_fraction", "积分须为整数，不能有小数：'{value}'"),
    ("value.points_too_many", "积分 '{value}' 超过上限 {max}，多半是填错了"),
    // Import problems (EN2): rows refused or kept (tierdesk-mapping rows, tierdesk-import, tierdesk-api import).
    ("import.row_kept", "本行其余内容照常导入，「{header}」留空"),
    ("import.name_missing", "客户名称为空"),
    ("import.order_missing", "订单编号为空"),
    ("import.date_missing", "下单日期为空"),
    ("import.no_customer", "这一行没有客户编号也没有客户名称，无法归到客户名下"),
    ("import.no_customer_skipped", "这一行没有客户编号也没有客户名称，无法归到客户名下，未导入"),
    ("import.no_amount", "没有金额，也没有单价可以算出金额"),
    ("import.undecodable", "含有无法识别的字符（显示为“\u{FFFD}”）：'{value}'。文件里这几个字节不是有效的文字编码（多半是复制粘贴或转存时损坏），这一行未导入；请在原文件中改正这个单元格后重新导入"),
    ("import.oversized", "这个单元格超过 {limit} 个字符（Excel 一个单元格最多能放 {limit} 个字符），不像是填写的内容，多半是导出或转存时出错；这一行未导入，请在原文件中改正后重新导入"),
    ("import.surveys_elsewhere", "满意度调查表请在导入时选择「满意度调查」（命令行：tierdesk import surveys 文件）"),
    ("import.same_code", "与第 {row} 行是同一位客户（客户编号相同），本行未导入"),
    ("import.same_phone", "与第 {row} 行是同一位客户（联系方式相同），本行未导入"),
    ("import.same_name", "与第 {row} 行是同一位客户（客户名称相同），本行未导入"),
    ("import.merged_pair", "与第 {row} 行「{name}」联系方式相同，合并为一位客户，本行未导入"),
    ("import.code_taken", "客户编号「{code}」已属于客户「{holder}」，不能再新建一位同编号的客户"),
    ("import.opening_differs", "表中积分 {points} 与账上余额 {balance} 不同：这位客户已有期初积分，积分不作改动；如需更正，请在客户的积分页调整"),
    ("import.refused", "有 {rejected} 行无法导入，按设置整批拒绝，数据库没有改动。第一处：第 {row} 行：{message}"),
    ("import.refused_at", "有 {rejected} 行无法导入，按设置整批拒绝，数据库没有改动。第一处：第 {row} 行「{header}」：{message}"),
    // Survey import problems and answer checks (EN2: tierdesk-mapping survey, tierdesk-import survey, domain survey).
    ("survey.nps_not_whole", "推荐意愿（NPS）不是 {low} 到 {high} 的整数"),
    ("survey.nps_fraction", "推荐意愿（NPS）应是 {low} 到 {high} 的整数，填的是 {value}"),
    ("survey.nps_range", "推荐意愿（NPS）应在 {low} 到 {high} 之间，填的是 {value}"),
    ("survey.csat_not_whole", "满意度（CSAT）不是 {low} 到 {high} 的整数"),
    ("survey.csat_fraction", "满意度（CSAT）应是 {low} 到 {high} 的整数，填的是 {value}"),
    ("survey.csat_range", "满意度（CSAT）应在 {low} 到 {high} 之间，填的是 {value}"),
    ("survey.no_customer", "这一行没有客户编号、客户名称或手机，无法归到客户名下，未导入"),
    ("survey.no_score", "这一行没有推荐意愿、满意度或任何得分，未导入"),
    ("survey.date_missing", "日期为空：请填写答卷日期"),
    ("survey.unknown_customer", "档案里找不到这位客户（{who}），答卷未导入：请先导入或新增客户"),
    ("survey.question_missing", "题目得分缺少题目名称"),
    ("survey.question_not_number", "「{question}」的得分不是数字"),
    ("survey.nothing_answered", "答卷至少要有推荐意愿（NPS）、满意度（CSAT）或一题得分"),
    ("survey.comment_too_long", "评价不能超过 {max} 个字"),
    ("survey.none_to_import", "文件「{file}」的工作表「{sheet}」里没有可以导入的答卷，数据库没有改动"),
    ("survey.none_to_import_at", "文件「{file}」的工作表「{sheet}」里没有可以导入的答卷，数据库没有改动。第一处：第 {row} 行：{message}"),
    // A customer's field problems (EN2: tierdesk-domain customer.rs; {label} is a program word unless it is a custom field's).
    ("field.name_required", "请填写「客户名称」"),
    ("field.too_long", "「{label}」最多 {max} 字，当前 {len} 字"),
    ("field.phone", "「联系方式」不是有效的电话号码：'{value}'（手机号如 13812345678，座机如 010-12345678、0755-1234567 转 123，本地号码如 12345678，或 400-123-4567、+852 91234567）"),
    ("field.email", "「电子邮箱」格式不对：'{value}'（例如 name@example.com）"),
    ("field.not_number", "「{label}」不是有效的数字"),
    ("field.negative", "「{label}」不能是负数：{value}"),
    ("field.rating_dates", "「下一次评级日期」早于「上次评级日期」"),
    ("field.unknown_custom", "没有名为「{key}」的自定义字段"),
    ("field.custom_number", "「{label}」不是数字：'{value}'"),
    ("field.custom_date", "「{label}」不是日期：'{value}'（格式如 2024-03-01）"),
    ("field.custom_choice", "「{label}」只能是 {choices} 之一，而不是 '{value}'"),
    ("field.other", "{text}"),
    // A contact's, a date's and a follow-up's field problems (EN2: tierdesk-domain record.rs, followup.rs).
    ("contact.name_required", "请填写联系人的「姓名」"),
    ("contact.phone", "「电话」不是有效的电话号码：'{value}'（手机号如 13812345678，座机如 010-12345678、0755-1234567 转 123，本地号码如 12345678，或 400-123-4567、+852 91234567）"),
    ("date.label_required", "请填写这个日子的「名称」"),
    ("date.month", "「月」应在 1 到 12 之间：{month}"),
    ("date.no_day", "{month} 月没有 {day} 日"),
    ("date.year", "「年份」应在 1900 到 2100 之间：{year}"),
    ("date.no_day_in_year", "{year} 年 {month} 月没有 {day} 日"),
    ("followup.at_unreadable", "「跟进时间」无法识别：'{value}'（例如 2026-11-30 14:30）"),
    ("followup.at_future", "「跟进时间」{day} 晚于今天：只能记录已经发生的跟进，下次联系请填「下次联系日期」"),
    ("followup.content_required", "请填写「跟进内容」"),
    ("followup.next_too_early", "「下次联系日期」{next} 应晚于本次跟进的日期 {day}"),
    // Words the tier engine writes about a scheme (tierdesk-tiers rules.rs).
    ("tiers.rest", "其余客户"),
    ("tiers.rule_weighted", "综合得分 ≥ {score}"),
    ("tiers.rule_abc", "累计收入占比 < {percent}%"),
    ("tiers.rule_rfm_none", "购买记录窗口内没有购买"),
    ("tiers.rule_rfm10", "{r} 且 {f}"),
    ("tiers.rule_rfm8_hhh", "R 高、F 高、M 高（与平均值相比）"),
    ("tiers.rule_rfm8_hhl", "R 高、F 高、M 低（与平均值相比）"),
    ("tiers.rule_rfm8_hlh", "R 高、F 低、M 高（与平均值相比）"),
    ("tiers.rule_rfm8_hll", "R 高、F 低、M 低（与平均值相比）"),
    ("tiers.rule_rfm8_lhh", "R 低、F 高、M 高（与平均值相比）"),
    ("tiers.rule_rfm8_lhl", "R 低、F 高、M 低（与平均值相比）"),
    ("tiers.rule_rfm8_llh", "R 低、F 低、M 高（与平均值相比）"),
    ("tiers.rule_rfm8_lll", "R 低、F 低、M 低（与平均值相比）"),
    ("scheme.method.thresholds", "门槛条件"),
    ("scheme.method.weighted", "加权评分"),
    ("scheme.method.abc", "ABC 分类"),
    ("scheme.method.rfm", "RFM 分群"),
    ("scheme.cycle.quarterly", "每季度"),
    ("scheme.cycle.half_yearly", "每半年"),
    ("scheme.cycle.yearly", "每年"),
    ("scheme.key_taken", "已有标识为「{key}」的等级方案（{name}）：复制出的方案请换一个标识再保存，原方案没有改动"),
    // Data inside a message (a person's words, a custom field's name, a
    // scheme's own label, money already formatted), shown as written.
    ("data.text", "{text}"),
    // Rating batches' titles and the reasons a rating writes (EN1), made at
    // read time from the batch's period, day, number and scheme name.
    ("rating.batch_label", "{period} 评级（截至 {as_of}，第 {id} 批）"),
    ("rating.title", "{period_key} 评级（{scheme}）"),
    ("rating.undo_title", "{period}评级"),
    ("rating.reason_manual", "人工调整：{reason}"),
    ("rating.reason_manual_until", "人工调整（至 {until} 有效）"),
    ("rating.protect_new", "新客户（注册不满 {months} 个月）不降级，保留「{tier}」"),
    ("rating.protect_margin", "差距在「{tier}」门槛的 {percent}% 宽限范围内，保留等级"),
    ("rating.protect_grace", "宽限期：第 {k}/{n} 期，保留「{tier}」"),
    ("rating.protect_levels", "每次评级最多降 {n} 级，由「{from}」降至「{to}」"),
    ("rating.kept", "保留原等级"),
    // Built-in figures' names (tierdesk-tiers figures.rs BUILT_IN, SURVEY_FIGURES).
    ("figure.spend", "消费金额"),
    ("figure.frequency", "购买频次"),
    ("figure.orders_per_month", "月均购买次数"),
    ("figure.tenure_years", "使用年限"),
    ("figure.influence", "影响力评分"),
    ("figure.orders", "订单数"),
    ("figure.recency_days", "最近购买距今天数"),
    ("figure.avg_order_value", "平均客单价"),
    ("figure.nps", "推荐意愿（最近一次）"),
    ("figure.csat", "满意度（最近一次）"),
    ("figure.nps_avg", "推荐意愿（平均）"),
    ("figure.csat_avg", "满意度（平均）"),
    // The drawer's tier explanation (EN1; tierdesk-tiers explain.rs).
    ("explain.condition", "{figure} {op} {threshold}（实际 {actual}）"),
    ("explain.condition_missing", "{figure} {op} {threshold}（实际 缺失）"),
    ("explain.gap", "{figure} {amount}"),
    ("explain.margin", "高出「{tier}」门槛 {over}"),
    ("explain.next_up", "还差 {gaps} 升至{tier}"),
    ("explain.margin_score", "高出「{tier}」最低分 {points} 分"),
    ("explain.next_up_score", "还差 {points} 分升至{tier}"),
    ("explain.margin_rfm", "R {r} 分 · F {f} 分 · M {m} 分"),
    ("explain.rfm_figure", "{letter} {figure}"),
    ("explain.held_manual", "评审时人工定为「{tier}」，至 {until} 有效（原因：{reason}）；按规则为「{by_rules}」"),
    ("explain.held_rule", "按保护规则：{rule}；按本期数据应为「{by_rules}」"),
    // The record timeline's details (EN1; store timeline.rs), parts joined by 「 · 」.
    ("timeline.batch", "{reason}（评级批次 #{batch}）"),
    ("timeline.outcome", "结果：{outcome}"),
    ("timeline.next_contact", "下次联系 {day}"),
    // Users, sign-in and roles on a team database (USERS: domain role.rs, store users.rs, api users.rs).
    ("role.admin", "管理员"),
    ("role.manager", "主管"),
    ("role.sales", "业务员"),
    ("role.viewer", "只读"),
    ("perm.view", "查看客户资料"),
    ("perm.edit_own", "修改客户"),
    ("perm.edit_all", "修改其他人负责的客户"),
    ("perm.export_all", "导出全部客户的资料"),
    ("perm.import", "导入数据或撤销导入"),
    ("perm.ratings", "应用或撤销评级、手动调整等级、指定客户负责人"),
    ("perm.settings", "修改方案、规则、字段和设置"),
    ("perm.erase", "删除个人信息或清空回收站"),
    ("perm.users", "管理用户"),
    ("auth.sign_in_needed", "请先登录团队数据库"),
    ("auth.forbidden", "{role}用户不能{what}"),
    ("auth.view_only", "只读用户不能修改数据"),
    ("auth.not_owner", "业务员只能修改自己负责的客户和共享客户：这位客户由 {owner} 负责"),
    ("auth.wrong_sign_in", "登录名或密码不正确"),
    ("auth.inactive", "这个账号已停用，请联系管理员"),
    ("auth.not_team", "本机数据库文件没有用户和登录：用户只用于团队数据库"),
    ("auth.has_users", "团队数据库已经有用户了，请用已有账号登录（新用户由管理员添加）"),
    ("users.login_needed", "请填写登录名"),
    ("users.login_bad", "登录名不能含空格，最多 {max} 个字符"),
    ("users.login_taken", "登录名「{login}」已被使用"),
    ("users.name_needed", "请填写姓名"),
    ("users.name_too_long", "姓名最多 {max} 个字"),
    ("users.password_short", "密码至少 {min} 个字符"),
    ("users.password_long", "密码最多 {max} 个字符"),
    ("users.not_found", "找不到用户 #{id}"),
    ("users.last_admin", "至少要保留一位启用的管理员"),
    ("users.wrong_old_password", "原密码不正确"),
    // No silent overwrite (CONFLICT: tierdesk-domain merge.rs, tierdesk-api conflict.rs).
    ("conflict.customer", "此客户已被 {who} 于 {when} 修改"),
    ("conflict.followup", "此跟进记录已被 {who} 于 {when} 修改"),
    ("conflict.case", "此投诉已被 {who} 于 {when} 修改"),
    ("conflict.case_step_gone", "此投诉已被 {who} 于 {when} 改到你要的状态，你这一步的备注、处理结果或满意度没有保存：请重新打开投诉再填写"),
    ("conflict.scheme", "此方案已被 {who} 于 {when} 修改"),
    ("store.version_moved", "这条记录刚被别人改过（打开时第 {opened} 版，现在第 {now} 版），这次没有保存。请重新打开再改"),
    ("store.scheme_changed_during_rating", "评级计算期间，等级方案已被 {who} 修改，这次评级没有保存。请重新预览后再评级"),
    // The API on a team database (APIPG).
    ("team.file_only", "这项功能只用于本机数据库文件：团队数据库的备份和加密由服务器的管理员负责"),
    ("team.my_name", "团队数据库记录的是登录的用户：「我的名字」只用于本机数据库文件，姓名由管理员在「设置 → 用户」中修改"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_holes_and_keeps_unknown_ones() {
        let m = Msg::new("store.import_out_of_order")
            .with("id", 3)
            .with("later", 5);
        assert_eq!(
            m.zh(),
            "导入 #5 在导入 #3 之后又修改了其中的客户，请先撤销导入 #5"
        );
        let p: BTreeMap<String, String> = [("a".to_owned(), "x".to_owned())].into();
        assert_eq!(fill("{a}{b}{ }{", &p), "x{b}{ }{");
        assert_eq!(fill("「{a}」", &p), "「x」");
    }

    #[test]
    fn period_holes_say_the_period_and_lists_join_their_parts() {
        let cases = [
            ("2026", "2026年度"),
            ("2026h1", "2026年上半年"),
            ("2026H2", "2026年下半年"),
            ("2026Q1", "2026年第一季度"),
            ("2026Q4", "2026年第四季度"),
            (" 2026Q3 ", "2026年第三季度"),
            ("2026Q5", "2026Q5"),
            ("二〇二六", "二〇二六"),
            ("", ""),
        ];
        for (key, words) in cases {
            assert_eq!(period_zh(key), words, "{key}");
        }
        let m = Msg::new("rating.batch_label")
            .with("period", "2026")
            .with("as_of", "2026-11-30")
            .with("id", 3);
        assert_eq!(m.zh(), "2026年度 评级（截至 2026-11-30，第 3 批）");
        let gaps = vec![
            Msg::text("¥12,000"),
            Msg::new("explain.gap")
                .with_msg("figure", Msg::new("figure.orders"))
                .with("amount", 5),
        ];
        let next = Msg::new("explain.next_up")
            .with_list("gaps", gaps)
            .with("tier", "金牌");
        assert_eq!(next.zh(), "还差 ¥12,000、订单数 5 升至金牌");
        // A plain parameter of the same name wins over a list.
        assert_eq!(next.clone().with("gaps", "x").zh(), "还差 x 升至金牌");
    }

    #[test]
    fn keys_are_unique_and_dotted() {
        let mut keys: Vec<&str> = MESSAGES.iter().map(|(k, _)| *k).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key appears twice in MESSAGES");
        for k in keys {
            assert!(
                k.contains('.')
                    && k.chars().all(|c| c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || c == '.'
                        || c == '_'),
                "{k}"
            );
        }
    }
}
