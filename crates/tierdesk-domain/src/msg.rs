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

/// A message for a person: a key of [`MESSAGES`] and the values of its holes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Msg {
    pub key: String,
    pub params: BTreeMap<String, String>,
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
        }
    }

    /// Sets the hole `name` to `value`.
    pub fn with(mut self, name: &str, value: impl std::fmt::Display) -> Msg {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// The message in Chinese, as the CLI prints it and the app shows it in
    /// Chinese. An unknown key (a bug) shows the key rather than nothing.
    pub fn zh(&self) -> String {
        match template(&self.key) {
            Some(t) => fill(t, &self.params),
            None => self.key.clone(),
        }
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
    // The API's own refusals.
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
