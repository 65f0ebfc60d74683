// Generated from the Rust types by `tierdesk-api` (typescript_bindings). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p tierdesk-api bindings` after changing them.

export type Customer = { id: number, 
/**
 * 客户编号: unique when present.
 */
code: string | null, 
/**
 * 客户名称
 */
name: string, 
/**
 * 联系方式, canonical: 13812345678 or 010-12345678.
 */
phone: string | null, 
/**
 * 消费金额 in yuan.
 */
spend: number | null, 
/**
 * 购买频次, purchases per year.
 */
frequency: number | null, 
/**
 * 使用年限 in years.
 */
tenure_years: number | null, 
/**
 * 影响力评分
 */
influence: number | null, 
/**
 * 当前等级: a tier key of a scheme, or the text of an old sheet.
 */
tier: string | null, 
/**
 * 上次评级日期
 */
last_rated_on: string | null, 
/**
 * 下一次评级日期
 */
next_rating_on: string | null, gender: Gender | null, birth_date: string | null, email: string | null, address: string | null, 
/**
 * 注册时间
 */
registered_on: string | null, 
/**
 * 最近联系时间
 */
last_contact_on: string | null, 
/**
 * 偏好品类
 */
preferred_category: string | null, 
/**
 * 备注
 */
notes: string | null, 
/**
 * 客户经理
 */
manager: string | null, tags: Array<string>, 
/**
 * Values of user-defined fields by field key.
 */
fields: Record<string, string | number | null>, created_at: string, updated_at: string, 
/**
 * Set while the customer is in the recycle bin.
 */
deleted_at: string | null, 
/**
 * 下次联系日期: the latest follow-up's next contact date (set by follow-ups only).
 */
next_contact_on: string | null, 
/**
 * 负责人: the team user who owns the customer (set by `set_customer_owner`
 * only; none is a shared customer, and always none on a local file).
 */
owner_id: number | null, 
/**
 * The owner's name, read with the customer.
 */
owner_name: string | null, 
/**
 * The row's version: raised by every write (migration 0022); a save
 * names the version it was opened at (`merge::EditBase`).
 */
version: number, 
/**
 * Who wrote the row last (none before migration 0022).
 */
updated_by: string | null, };

export type CustomerDraft = { code: string | null, name: string, phone: string | null, spend: number | null, frequency: number | null, tenure_years: number | null, influence: number | null, tier: string | null, last_rated_on: string | null, next_rating_on: string | null, gender: Gender | null, birth_date: string | null, email: string | null, address: string | null, registered_on: string | null, last_contact_on: string | null, preferred_category: string | null, notes: string | null, manager: string | null, tags: Array<string>, fields: Record<string, string | number | null>, };

export type Gender = "male" | "female";

export type FieldDef = { key: string, label: string, kind: FieldKind, choices: Array<string>, };

export type FieldKind = "text" | "number" | "date" | "choice";

export type FieldProblem = { field: string, message: string, msg?: Msg | null, };

export type CustomerQuery = { 
/**
 * Matches name (also by pinyin initials: "zs" finds 张三), code and phone.
 */
search: string | null, 
/**
 * Only customers whose current tier is this key.
 */
tier: string | null, 
/**
 * Only customers handled by this manager.
 */
manager: string | null, sort: SortKey, descending: boolean, limit: number, offset: number, 
/**
 * List the recycle bin instead of the live archive.
 */
deleted: boolean, 
/**
 * 超过 N 天未联系: only customers last contacted before this day, or never.
 */
last_contact_before: string | null, 
/**
 * 下次联系已到期: only customers whose next contact date is on or before this day.
 */
next_contact_by: string | null, 
/**
 * 我的客户 / 全部 on a team database: `"mine"` (the signed-in user's),
 * `"none"` (shared: no owner), a user's id, or `"all"`/absent. Ignored on
 * a local file, which has no users.
 */
owner?: string | null, };

export type Masking = { mask_email: boolean, sensitive_fields: Array<string>, };

export type EraseSummary = { customer_id: number, 
/**
 * The name the record keeps (已删除的客户 #id).
 */
name: string, 
/**
 * The backup taken just before, which still holds the person until it
 * rotates out; `None` for a file with no backups (in memory).
 */
backup: string | null, import_records: number, tier_reasons: number, benefit_notes: number, audit_details: number, 
/**
 * Whether the WAL was emptied (another program reading the file can
 * hold the last pages back until its next checkpoint).
 */
wal_emptied: boolean, };

export type PersonCopyFile = { file: string, 
/**
 * Rows per sheet, in the workbook's order (sheet name, rows).
 */
sheets: Array<[string, number]>, };

export type SortKey = "id" | "code" | "name" | "spend" | "frequency" | "tenure_years" | "influence" | "tier" | "last_rated_on" | "next_rating_on" | "updated_at" | "last_contact_on" | "next_contact_on" | "points";

export type Page<T> = { items: Array<T>, total: number, };

export type EditBase<T> = { version: number, values: T, resolved?: Resolution | null, };

export type Resolution = { version: number, theirs: Array<string>, };

export type Saved<T> = { item: T, theirs_kept: Array<FieldName>, };

export type FieldName = { key: string, label: string, };

export type FieldClash = { 
/**
 * The field's name in the record (`phone`, `fields.vip_no`).
 */
key: string, 
/**
 * Its name for people (联系方式, a custom field's label).
 */
label: string, mine: unknown, theirs: unknown, original: unknown, };

export type RowKind = "customer" | "followup" | "case" | "scheme";

export type EditConflict = { kind: RowKind, 
/**
 * The other person (their name, or 其他同事 when the row does not say).
 */
who: string, 
/**
 * When they saved, `YYYY-MM-DD HH:MM:SS`.
 */
when: string, version: number, fields: Array<FieldClash>, current: Record<string, unknown>, };

export type CaseState = { status: CaseStatus, resolution: string, satisfaction: number | null, };

export type DbInfo = { 
/**
 * The file's path, or a team database's URL without its password.
 */
path: string, customers: number, schema_version: number, 
/**
 * Whether it is a team database (PostgreSQL).
 */
team: boolean, 
/**
 * What the status bar shows: the file's path, or
 * 团队数据库 tierdesk @ 10.0.0.5:5432.
 */
label: string, };

export type TeamLogin = { host: string, port: number, database: string, user: string, 
/**
 * Not kept anywhere by the API (the app puts it in the OS keyring).
 */
password: string, 
/**
 * 加密连接: TLS with the server's certificate checked (on by default).
 * Off is 「不加密（仅限本机或可信内网）」.
 */
encrypt: boolean, 
/**
 * 信任此证书颁发机构（CA）文件: a PEM file; else the system's roots.
 */
ca_file?: string | null, };

export type TeamConnected = { info: DbInfo, keyring_problem?: Msg | null, };

export type TierLabel = { key: string, name: string, 
/**
 * CSS hex colour such as `#1f4e8c`, the same in the app, the reports
 * and the exports.
 */
color: string, 
/**
 * Stars shown for the tier; 0 when it has none.
 */
stars: number, };

export type SchemeSummary = { key: string, name: string, version: number, description: string, method: string, cycle: string, 
/**
 * `method` and `cycle` as messages, for the UI's language.
 */
method_msg: Msg, cycle_msg: Msg, active: boolean, tiers: Array<TierRule>, 
/**
 * The scheme as TOML, for reading and export.
 */
toml: string, 
/**
 * Raised by every save of the scheme (a version no rating used is
 * overwritten in place): the editor sends the one it opened, so a save
 * after someone else's is merged, not written over it.
 */
revision: number, 
/**
 * Who saved it last (none for a scheme saved before this was kept).
 */
updated_by?: string | null, 
/**
 * When, `YYYY-MM-DD HH:MM:SS`.
 */
updated_at: string, };

export type TierRule = { key: string, name: string, color: string, stars: number, rule: string, 
/**
 * A thresholds tier's condition as the scheme file keeps it (English
 * keys: what the English UI shows); none for the last tier and the
 * other methods.
 */
condition: string | null, 
/**
 * `rule` as a message when the program wrote it (其余客户, 综合得分 ≥ N …).
 */
rule_msg: Msg | null, 
/**
 * What the tier's care settings are when its scheme leaves them out
 * (by its place): the scheme editor shows them in the empty fields.
 */
care_default: TierCare, 
/**
 * The tier's churn warning thresholds when its scheme leaves them out
 * (by its place), shown the same way.
 */
churn_default: TierChurn, };

export type RuleCheck = { canonical: string | null, chinese: string | null, tree: RuleNode | null, problem: RuleProblem | null, };

export type RuleNode = { "kind": "and", parts: Array<RuleNode>, } | { "kind": "or", parts: Array<RuleNode>, } | { "kind": "not", part: RuleNode, } | { "kind": "compare", op: CmpOp, left: RuleNode, right: RuleNode, } | { "kind": "figure", key: string, } | { "kind": "number", value: number, } | { "kind": "arith", op: ArithOp, left: RuleNode, right: RuleNode, } | { "kind": "neg", part: RuleNode, };

export type CmpOp = "ge" | "gt" | "le" | "lt" | "eq" | "ne";

export type ArithOp = "add" | "sub" | "mul" | "div";

export type RuleProblem = { message: string, 
/**
 * `message` as a key and values, for the English app.
 */
msg: Msg, position: number, suggestion: string | null, };

export type RuleFigure = { key: string, label: string, 
/**
 * Other names read as this figure (最近购买天数 for 最近购买距今天数).
 */
aliases: Array<string>, 
/**
 * The unit's code (`yuan`, `per_year`, `days` … see
 * [`crate::figure_unit`]); empty for a custom field.
 */
unit: string, 
/**
 * A custom field of the database rather than a built-in figure.
 */
custom: boolean, };

export type TomlProblem = { 
/**
 * Counted from 1; 0 when the toml crate gave no place.
 */
line: number, column: number, 
/**
 * The reason in Chinese, without the place.
 */
reason: string, 
/**
 * `reason` as a key and values, for the English app.
 */
reason_msg: Msg, 
/**
 * The text of that line.
 */
line_text: string, };

export type EvaluationPreview = { scheme: string, scheme_version: number, as_of: string, period: string, customers: number, counts: Array<TierCount>, 
/**
 * Previous tier → new tier → customers (`""` for not rated).
 */
matrix: Record<string, Record<string, number>>, moved: number, 
/**
 * The customers who would move (at most 1,000 listed).
 */
moves: Array<MoveLine>, 
/**
 * Customers whose tier comes from a choice made at an earlier review
 * that still holds, moving or not.
 */
standing: Array<MoveLine>, };

export type MoveLine = { customer_id: number, code: string | null, name: string, from: string | null, to: string, reason: string | null, 
/**
 * Set when `to` is a tier chosen at an earlier review that still holds:
 * the last day it holds.
 */
standing_until: string | null, };

export type Override = { customer_id: number, 
/**
 * Key of a tier of the scheme being applied.
 */
tier: string, 
/**
 * Why; required.
 */
reason: string, 
/**
 * Later ratings keep the chosen tier up to and including this day;
 * without one the choice is for this rating only.
 */
expires_on: string | null, };

export type BatchDetail = { batch: Batch, scheme_name: string, 
/**
 * Customers per tier after the batch, highest tier first.
 */
counts: Array<TierCount>, 
/**
 * Previous tier → new tier → customers (`""` for not rated).
 */
matrix: Record<string, Record<string, number>>, overrides: Array<OverrideEntry>, 
/**
 * The customers who changed tier, highest spend first.
 */
moves: Array<MoveLine>, };

export type ApplyPlan = { 
/**
 * Customers rated (every live customer).
 */
customers: number, 
/**
 * Customers whose tier changes: the batch's `moved` once applied.
 */
moved: number, 
/**
 * Customers whose tier a person chose at review.
 */
overrides: number, };

export type UndoPlan = { batch_id: number, 
/**
 * 2026Q4, 2026H1 or 2026.
 */
period: string, 
/**
 * 「2026年第四季度评级」: the period in words and 评级.
 */
title: string, 
/**
 * `title` as a message (`rating.undo_title`), in the UI's language.
 */
title_msg: Msg, 
/**
 * Customers whose tier and rating dates the undo puts back.
 */
customers: number, };

export type MyName = { 
/**
 * `None` until the person has answered once.
 */
saved: string | null, 
/**
 * The operating system's user: the suggested answer.
 */
os_user: string | null, 
/**
 * The name recorded from now on.
 */
in_use: string, };

export type OverrideEntry = { id: number, batch_id: number, customer_id: number, code: string | null, name: string, proposed_tier: string, tier: string, reason: string, expires_on: string | null, who: string, at: string, };

export type TierCount = { tier: string, name: string, color: string, count: number, };

export type Explanation = { customer_id: number, tier: string, tier_name: string, score: number | null, figures: Array<FigureLine>, conditions: Array<ConditionLine>, 
/**
 * What is missing for the next tier up, e.g. "还差 ¥12,000 升至金牌".
 */
next_up: string | null, 
/**
 * `next_up` as a message, for the UI.
 */
next_up_msg: Msg | null, 
/**
 * How far above the line of the tier the customer holds.
 */
margin: string | null, 
/**
 * `margin` as a message, for the UI.
 */
margin_msg: Msg | null, missing: Array<string>, 
/**
 * When a person's choice at review holds the customer at another tier
 * than the rules give, that choice in words (filled in by the caller,
 * which knows the choices; the rules alone never set it).
 */
held: string | null, 
/**
 * `held` as a message (`explain.held_manual`, `explain.held_rule`).
 */
held_msg: Msg | null, };

export type FigureLine = { key: string, label: string, 
/**
 * The label as a message: a built-in figure's name (`figure.<key>`),
 * else the label as written (a custom field's or a factor's name).
 */
label_msg: Msg, value: number | null, 
/**
 * Weighted method: the factor's 0–100 score, weight and contribution to
 * the composite. RFM: the figure's score 1–5.
 */
score: number | null, weight: number | null, contribution: number | null, 
/**
 * RFM: the edges the score was read against (six quintile edges or the
 * scheme's four cut points; ranks when the figure is ranked first).
 */
edges: Array<number>, 
/**
 * How the score came about, in words.
 */
note: string | null, };

export type ConditionLine = { tier: string, tier_name: string, text: string, holds: boolean | null, parts: Array<ConditionPart>, };

export type ConditionPart = { text: string, 
/**
 * `text` as a message (`explain.condition`, `explain.condition_missing`).
 */
msg: Msg, 
/**
 * `None` when the figure is missing.
 */
holds: boolean | null, };

export type Batch = { id: number, scheme_key: string, scheme_version: number, 
/**
 * 2024, 2024H1 or 2024Q1.
 */
period: string, as_of: string, applied_at: string, applied_by: string, customers: number, moved: number, 
/**
 * Customers whose tier a person chose at review.
 */
overrides: number, undone_at: string | null, };

export type HistoryEntry = { id: number, customer_id: number, batch_id: number | null, from_tier: string | null, to_tier: string | null, score: number | null, reason: string, 
/**
 * The reason as a message ([`reason_msg`]): the UI shows it in its language.
 */
reason_msg: Msg, who: string, at: string, };

export type FileInspection = { path: string, file_name: string, format: string, sheets: Array<SheetSummary>, 
/**
 * The sheet that looks most like a customer or order table.
 */
suggested_sheet: string, };

export type SheetSummary = { name: string, visible: boolean, rows: number | null, };

export type ImportRequest = { path: string, 
/**
 * `None`: the sheet that looks most like the table.
 */
sheet: string | null, 
/**
 * `None`: decided from the header.
 */
kind: ImportKind | null, 
/**
 * The mapping the person confirmed; `None`: a saved profile for these
 * headers, else the guess.
 */
mapping: Mapping | null, 
/**
 * Use the saved mapping of this name.
 */
profile: string | null, on_duplicate: OnDuplicate, 
/**
 * `true`: rows that cannot be read are skipped and listed; `false`: one
 * bad row refuses the whole import.
 */
skip_bad_rows: boolean, 
/**
 * Apply the guessed mappings that need confirming (需确认) as they are
 * (the CLI's `--accept-guesses`); else such a column is left out until
 * the person confirms it (its `confidence` set to high).
 */
accept_guesses: boolean, 
/**
 * What to do with every possible duplicate (rows that share only a
 * phone with another record under another name); `None`: as each
 * pair's own choice, else TierDesk's suggestion.
 */
pairs_all: PairChoice | null, 
/**
 * The person's choice per possible duplicate, by the row's Excel number.
 */
pairs: Array<PairRow>, };

export type OnDuplicate = "update" | "skip" | "new";

export type ImportKind = "customers" | "transactions" | "surveys";

export type Mapping = { 
/**
 * The header rows (Excel row − 1); two for a two-row header.
 */
header_rows: Array<number>, 
/**
 * The first row under the header.
 */
data_start: number, columns: Array<ColumnMapping>, };

export type ColumnMapping = { 
/**
 * Excel column − 1 (A = 0).
 */
col: number, 
/**
 * The header as the sheet writes it (two-row headers joined).
 */
header: string, target: Target, 
/**
 * The unit the header names (金额（万元）), applied to bare numbers.
 */
unit: Unit | null, 
/**
 * How sure the guess is; a `Low` column is read only once confirmed.
 * Saved mappings from before confidences existed were confirmed.
 */
confidence: Confidence, };

export type Target = { "t": "customer", "v": CustomerField } | { "t": "tx", "v": TxField } | { "t": "custom", "v": { key: string, label: string, kind: FieldKind, } } | { "t": "ignore" };

export type CustomerField = "code" | "name" | "phone" | "spend" | "frequency" | "tenure_years" | "influence" | "tier" | "last_rated_on" | "next_rating_on" | "gender" | "birth_date" | "email" | "address" | "registered_on" | "last_contact_on" | "preferred_category" | "notes" | "manager" | "tags" | "opening_points";

export type TxField = "order_no" | "customer_code" | "customer_name" | "occurred_at" | "product" | "product_code" | "quantity" | "unit_price" | "amount" | "status";

export type Unit = "yuan" | "wan";

export type Confidence = "high" | "low";

export type GuessedColumn = { 
/**
 * Excel's column letter.
 */
column: string, header: string, 
/**
 * What TierDesk guessed the column is.
 */
target: Target, 
/**
 * The field's name, for messages (消费金额).
 */
target_label: string, 
/**
 * The first values under the header.
 */
samples: Array<string>, };

export type PairChoice = "merge" | "separate";

export type PairRow = { 
/**
 * The row's Excel number.
 */
row: number, choice: PairChoice, };

export type PossibleDuplicateRow = { row: number, name: string, 
/**
 * The earlier row of the sheet with the same phone …
 */
other_row: number | null, 
/**
 * … or the archived customer (id and code).
 */
other_customer: number | null, other_code: string | null, other_name: string, phone: string, suggested: PairChoice, chosen: PairChoice, };

export type ImportPreview = { file_name: string, sheet: string, format: string, kind: ImportKind, mapping: Mapping, 
/**
 * The saved mapping that was recognised, if any.
 */
profile: string | null, 
/**
 * Every header is exactly a TierDesk column name (a template or an
 * export written by TierDesk): the mapping needs no confirming.
 */
exact_headers: boolean, headers: Array<string>, rows: Array<PreviewRow>, counts: ImportCounts, 
/**
 * The first problems (all of them are in the error workbook).
 */
problems: Array<RowProblem>, problem_count: number, 
/**
 * Guessed columns that need confirming and are left out until then.
 */
guessed: Array<GuessedColumn>, 
/**
 * Rows that share only a phone with another record under another
 * name, with what the import does with each.
 */
possible_duplicates: Array<PossibleDuplicateRow>, 
/**
 * What the sheet's 积分 column would do (opening balances).
 */
opening: OpeningCounts, };

export type PreviewRow = { row: number, cells: Array<string>, fate: RowFate, 
/**
 * The archived customer the row matched, by name.
 */
matched: string | null, };

export type RowFate = "new" | "update" | "unchanged" | "skip" | "rejected" | "not_data";

export type ImportCounts = { 
/**
 * Rows under the header, totals and notes included.
 */
rows_read: number, new: number, updated: number, unchanged: number, 
/**
 * Rows left alone: totals, notes, blanks, and duplicates the person chose to skip.
 */
skipped: number, rejected: number, 
/**
 * Rows in the file that are the same customer as an earlier row.
 */
duplicates_in_file: number, 
/**
 * Order lines to store (transaction imports).
 */
lines: number, 
/**
 * Order lines without a customer (kept out, reported).
 */
lines_without_customer: number, 
/**
 * Rows that share only a phone with another row or customer, under
 * another name (each in `Decided::pairs`).
 */
possible_duplicates: number, 
/**
 * Columns that will become new custom fields.
 */
new_fields: Array<string>, };

export type RowProblem = { 
/**
 * Excel's row number (1 = the first row of the sheet).
 */
row: number, 
/**
 * Excel's column letter; empty when the problem is the whole row.
 */
column: string, header: string, value: string, 
/**
 * In Chinese, as the CLI and the error workbook print it.
 */
message: string, 
/**
 * The same as a message the UI renders in its language, with the
 * sentences after it (`more`; in `message` joined by '；').
 */
msg: Msg, more: Array<Msg>, 
/**
 * True when the row is imported all the same (a cell that is not a
 * phone is left empty): the UI shows it as a note, not as an error.
 */
row_kept: boolean, };

export type ImportSummary = { import_id: number, file: string, sheet: string, rows_read: number, inserted: number, updated: number, unchanged: number, skipped: number, 
/**
 * Rows refused (each has at least one problem).
 */
rejected: number, lines: number, 
/**
 * The first problems, in row order (every one is in the error workbook).
 */
errors: Array<RowProblem>, 
/**
 * Problems in all.
 */
error_count: number, 
/**
 * Guessed columns that were left out because nobody confirmed them.
 */
guessed: Array<GuessedColumn>, 
/**
 * The possible duplicates and what the import did with each.
 */
possible_duplicates: Array<PossibleDuplicateRow>, 
/**
 * What the sheet's 积分 column did (opening balances).
 */
opening: OpeningCounts, };

export type OpeningCounts = { 
/**
 * Customers given an opening row.
 */
written: number, 
/**
 * Customers who already had an opening balance, so the sheet's figure
 * changed nothing.
 */
kept: number, 
/**
 * Of those kept, how many have a balance other than the sheet's figure
 * (a warning each, never a change of points).
 */
differ: number, };

export type ImportProgress = { stage: ImportStage, done: number, total: number | null, };

export type ImportStage = "reading" | "matching" | "writing";

export type ExportProgress = { done: number, total: number, };

export type ImportRecord = { id: number, kind: ImportKind, file: string, sheet: string, rows_read: number, inserted: number, updated: number, unchanged: number, skipped: number, rejected: number, 
/**
 * Order lines stored (transaction imports).
 */
lines: number, created_at: string, who: string, undone_at: string | null, };

export type TargetOption = { target: Target, label: string, 
/**
 * 客户字段, 订单字段, 自定义字段 or 不导入, to group the drop-down.
 */
group: string, };

export type ImportProfileInfo = { name: string, kind: ImportKind, 
/**
 * The columns the mapping imports, in sheet order.
 */
columns: Array<ProfileColumn>, 
/**
 * Headers of columns the mapping leaves out (不导入).
 */
ignored: Array<string>, 
/**
 * When the profile was last saved or applied by an import.
 */
updated_at: string, 
/**
 * The mapping could not be read (saved by another version); it is
 * shown so it can be deleted.
 */
unreadable: boolean, };

export type ProfileColumn = { header: string, 
/**
 * The field's name as people see it in the wizard's drop-down.
 */
field: string, };

export type ReportRequest = { 
/**
 * A scheme key; the active scheme when absent.
 */
scheme: string | null, 
/**
 * A batch id; else the latest batch of `period`; else the latest batch.
 */
batch: number | null, 
/**
 * 2024, 2024H1 or 2024Q1.
 */
period: string | null, 
/**
 * The company name; the saved one when absent.
 */
company: string | null, 
/**
 * A PNG or JPEG logo file; the saved one when absent.
 */
logo: string | null, 
/**
 * Print phone numbers in full (masked by default).
 */
no_mask: boolean, };

export type Dashboard = { report: TierReport, 
/**
 * Ratings due in the next 30 days.
 */
upcoming_total: number, upcoming: Array<DueCustomer>, 
/**
 * Birthdays this month.
 */
month: number, birthdays_total: number, birthdays: Array<DueCustomer>, 
/**
 * To-dos still to do: due today, overdue, within the week (今日待办's counts).
 */
todos: TodoCounts, };

export type TodoRequest = { 
/**
 * `None`: about no customer.
 */
customer_id: number | null, 
/**
 * 自定义 when not given. Ignored when editing.
 */
kind: TodoKind | null, title: string, note: string, due_on: string, 
/**
 * `HH:MM`; `None` or empty for the whole day.
 */
due_time: string | null, 
/**
 * Empty: the customer's 客户经理, else the person adding it.
 */
owner: string, repeat: Repeat | null, };

export type TodoDone = { todo: Todo, next: Todo | null, };

export type TodayTodos = { counts: TodoCounts, overdue: Array<Todo>, today: Array<Todo>, 
/**
 * Due after today, through the next 7 days.
 */
week: Array<Todo>, };

export type Todo = { id: number, customer_id: number | null, 
/**
 * The customer's code, name and tier now (`None` for a to-do about no one).
 */
customer_code: string | null, customer_name: string | null, customer_tier: string | null, kind: TodoKind, title: string, note: string, due_on: string, 
/**
 * `HH:MM`, or `None` for a to-do of a whole day.
 */
due_time: string | null, owner: string, status: TodoStatus, repeat: Repeat | null, source_kind: string | null, source_id: number | null, rule_key: string | null, who: string, created_at: string, updated_at: string, done_at: string | null, done_by: string | null, 
/**
 * Worked out when read: still to do, and its day (or hour) has passed.
 */
overdue: boolean, };

export type TodoKind = "followup" | "date" | "rating" | "case" | "benefit" | "custom" | "points";

export type TodoStatus = "open" | "done" | "cancelled" | "postponed";

export type Repeat = { unit: RepeatUnit, every: number, };

export type RepeatUnit = "day" | "week" | "month" | "year";

export type TodoDue = "today" | "overdue" | "week" | "upcoming" | "all";

export type TodoFilter = { due: TodoDue | null, owner: string | null, kind: TodoKind | null, customer_id: number | null, 
/**
 * Done and cancelled ones too (a customer's tab); otherwise only those still to do.
 */
include_closed: boolean, limit: number | null, };

export type TodoCounts = { 
/**
 * Due today and not yet overdue.
 */
today: number, 
/**
 * Due before now: an earlier day, or today at an hour that has come.
 */
overdue: number, 
/**
 * Due from now through the next 7 days, not overdue (today's included).
 */
week: number, };

export type TodoRefresh = { 
/**
 * Regular visits (`followup`) added.
 */
visits: number, 
/**
 * Birthdays and dates that matter (`date`) added.
 */
dates: number, 
/**
 * Rating due dates (`rating`) added.
 */
ratings: number, 
/**
 * Rating to-dos closed because the customers they were about have been rated.
 */
closed: number, 
/**
 * 积分即将过期 (`points`) added.
 */
points: number, 
/**
 * 积分即将过期 to-dos closed because the points were used or have expired.
 */
points_closed: number, };

export type TierCare = { 
/**
 * Days between regular visits; `None` when the tier has none.
 */
visit_days: number | null, response_hours: number, resolve_hours: number, };

export type TierChurn = { rhythm_factor: number, usual_interval_days: number, decline_percent: number, p_alive_below: number, };

export type DueCustomer = { id: number, code: string, name: string, tier: string, color: string, 
/**
 * The next rating date, or the birthday (MM-DD).
 */
date: string, phone: string, };

export type TierReport = { company: string, scheme_key: string, scheme_name: string, 
/**
 * 2024, 2024H1, 2024Q1 or empty when no batch is reported.
 */
period: string, 
/**
 * The period in words, e.g. 2024年第一季度.
 */
period_label: string, as_of: string, generated_on: string, masked: boolean, customers: number, revenue: number, 
/**
 * Highest tier first; customers without one of the scheme's tiers last.
 */
tiers: Array<TierFigures>, pareto: Array<ParetoPoint>, 
/**
 * The share of revenue the top 20 % of customers bring, 0–1.
 */
top20_revenue_share: number, movement: Movement | null, upgrades: Array<Mover>, downgrades: Array<Mover>, at_risk: Array<RiskLine>, benefits: Array<BenefitLine>, benefits_cost: number, benefits_used_cost: number, history: Array<HistoryPoint>, 
/**
 * The 客户服务 section, one line per tier.
 */
service: Array<ServiceLine>, 
/**
 * The time the survey answers in `service` were given in, in words.
 */
survey_span: string, };

export type TierFigures = { 
/**
 * The scheme's tier key, or `""` for customers without one of its tiers.
 */
key: string, name: string, 
/**
 * CSS hex colour, the same everywhere.
 */
color: string, customers: number, 
/**
 * Share of all customers, 0–1.
 */
customer_share: number, revenue: number, 
/**
 * Share of all revenue, 0–1.
 */
revenue_share: number, avg_spend: number, };

export type ServiceLine = { tier: string, color: string, customers: number, 
/**
 * The tier's visit interval; `None` when it has no regular visits.
 */
visit_days: number | null, 
/**
 * Customers whose last contact lies within the interval before the as-of date.
 */
contacted: number, 
/**
 * `contacted / customers`, 0–1; `None` without an interval or customers.
 */
coverage: number | null, open_cases: number, overdue_cases: number, nps_answers: number, 
/**
 * % promoters − % detractors, −100…100.
 */
nps: number | null, csat_answers: number, 
/**
 * Share of satisfied (4–5) answers, 0–1.
 */
csat: number | null, 
/**
 * Some answers, but fewer than [`LOW_COUNT`].
 */
low_count: boolean, };

export type ParetoPoint = { customers: number, revenue: number, };

export type Movement = { batch_id: number, 
/**
 * e.g. 「2024Q1 评级（2024-03-31）」.
 */
label: string, 
/**
 * `label` as a message, shown in the UI's language.
 */
label_msg: Msg, tiers: Array<TierLabel>, counts: Array<Array<number>>, };

export type Mover = { customer_id: number, code: string, name: string, 
/**
 * Masked unless the report was made without masking.
 */
phone: string, from: string, to: string, spend: number | null, reason: string, };

export type RiskLine = { customer_id: number, code: string, name: string, phone: string, tier: string, spend: number | null, reason: string, };

export type BenefitLine = { tier: string, name: string, description: string, 
/**
 * Uses per customer per period; `None` without limit.
 */
quota: number | null, customers: number, cost_per_use: number, 
/**
 * customers × quota × cost per use (one use when without limit).
 */
cost: number, 
/**
 * Uses recorded in the period of the report's rating date.
 */
uses: number, 
/**
 * uses × cost per use.
 */
used_cost: number, };

export type HistoryPoint = { label: string, counts: Array<number>, };

export type Channel = "visit" | "phone" | "wechat" | "meeting" | "email" | "other";

export type Followup = { id: number, customer_id: number, channel: Channel, 
/**
 * When it happened, local time `YYYY-MM-DD HH:MM:SS`.
 */
at: string, 
/**
 * Who made the contact (the 客户经理 or another person).
 */
who: string, 
/**
 * The contact person of a company customer, when one was chosen.
 */
contact_id: number | null, 
/**
 * The name of the person spoken to (kept even if the contact is removed).
 */
contact_name: string, subject: string, content: string, outcome: string, next_step: string, next_contact_on: string | null, created_at: string, updated_at: string, 
/**
 * The row's version, raised by every write (migration 0022).
 */
version: number, 
/**
 * Who changed it last (none before migration 0022).
 */
updated_by: string | null, };

export type FollowupDraft = { channel: Channel, 
/**
 * `YYYY-MM-DD HH:MM[:SS]` or a day; empty: now.
 */
at: string | null, 
/**
 * Empty: the customer's manager, else the person logging it.
 */
who: string, contact_id: number | null, contact_name: string, subject: string, content: string, outcome: string, next_step: string, next_contact_on: string | null, 
/**
 * The to-do this follow-up answers (今日待办's 记录跟进): closed with it.
 */
todo_id: number | null, };

export type FollowupFilter = { 
/**
 * Only this customer's.
 */
customer_id: number | null, channel: Channel | null, 
/**
 * Only those logged by this person.
 */
who: string | null, 
/**
 * Days, both included.
 */
from: string | null, to: string | null, limit: number, offset: number, };

export type FollowupLine = { customer_code: string | null, customer_name: string, id: number, customer_id: number, channel: Channel, 
/**
 * When it happened, local time `YYYY-MM-DD HH:MM:SS`.
 */
at: string, 
/**
 * Who made the contact (the 客户经理 or another person).
 */
who: string, 
/**
 * The contact person of a company customer, when one was chosen.
 */
contact_id: number | null, 
/**
 * The name of the person spoken to (kept even if the contact is removed).
 */
contact_name: string, subject: string, content: string, outcome: string, next_step: string, next_contact_on: string | null, created_at: string, updated_at: string, 
/**
 * The row's version, raised by every write (migration 0022).
 */
version: number, 
/**
 * Who changed it last (none before migration 0022).
 */
updated_by: string | null, };

export type CaseRequest = { customer_id: number, channel: CaseChannel, kind: CaseType, 
/**
 * 一般 when absent.
 */
severity: CaseSeverity | null, description: string, 
/**
 * The customer's 客户经理 when absent, else the person recording it.
 */
owner: string | null, 
/**
 * When the customer complained; now when absent. Local time.
 */
received_at: string | null, };

export type CaseLine = { customer_code: string | null, customer_name: string, 
/**
 * The tier held when received, as the active scheme shows it (`None`:
 * no tier, or one the scheme does not know: see `case.tier_at`).
 */
tier: TierLabel | null, id: number, 
/**
 * TS + the day received + that day's sequence: TS202611300001.
 */
number: string, customer_id: number, 
/**
 * Local time, `YYYY-MM-DD HH:MM:SS`, like every time below.
 */
received_at: string, channel: CaseChannel, kind: CaseType, severity: CaseSeverity, description: string, owner: string, status: CaseStatus, 
/**
 * The customer's tier when the case was received (`None`: no tier).
 */
tier_at: string | null, respond_by: string, resolve_by: string, first_response_at: string | null, 
/**
 * When it reached 待客户确认 (last time).
 */
resolved_at: string | null, 
/**
 * When it was closed or rejected.
 */
closed_at: string | null, resolution: string, satisfaction: number | null, created_at: string, updated_at: string, 
/**
 * Filled for the time a list was asked at: how many minutes past its
 * response deadline a case without a first response is (`None`: not
 * overdue).
 */
response_overdue_minutes: number | null, 
/**
 * Minutes past its resolution deadline for a case not closed or rejected.
 */
resolve_overdue_minutes: number | null, 
/**
 * The row's version, raised by every write (migration 0022).
 */
version: number, 
/**
 * Who changed it last (none before migration 0022).
 */
updated_by: string | null, };

export type CaseDetail = { line: CaseLine, steps: Array<CaseStep>, 
/**
 * The statuses it may move to now, in button order.
 */
next: Array<CaseStatus>, };

export type CaseChoices = { channels: Array<[CaseChannel, string]>, kinds: Array<[CaseType, string]>, severities: Array<[CaseSeverity, string]>, statuses: Array<[CaseStatus, string]>, 
/**
 * Owners of existing cases.
 */
owners: Array<string>, };

export type ChurnLine = { 
/**
 * `None`: no tier, or one the active scheme does not know.
 */
tier_label: TierLabel | null, id: number, customer_id: number, customer_code: string | null, customer_name: string, 
/**
 * The customer's tier key now.
 */
tier: string | null, level: AlertLevel, reasons: Array<Reason>, 
/**
 * When the alert was raised and last changed (`YYYY-MM-DD HH:MM:SS`).
 */
raised_at: string, updated_at: string, 
/**
 * The as-of day of the refresh that raised it.
 */
raised_on: string, owner: string, status: AlertStatus, 
/**
 * The note of the latest step.
 */
note: string, value_at_risk: number, closed_at: string | null, 
/**
 * The as-of day of the refresh that found no signal any more
 * (「信号已消失」); `None` while the signals last.
 */
signals_gone_on: string | null, };

export type ChurnDetail = { line: ChurnLine, steps: Array<AlertStep>, 
/**
 * The statuses it may move to now, in button order.
 */
next: Array<AlertStatus>, score: ChurnScore | null, };

export type CustomerChurn = { open: ChurnLine | null, alerts: Array<ChurnLine>, score: ChurnScore | null, };

export type ChurnChoices = { levels: Array<[AlertLevel, string]>, statuses: Array<[AlertStatus, string]>, 
/**
 * Rule keys with their labels.
 */
rules: Array<[string, string]>, owners: Array<string>, tiers: Array<TierLabel>, 
/**
 * The last refresh's as-of day and time, if any refresh ran.
 */
last_refresh: FitRecord | null, };

export type OpenAlerts = { open: number, high: number, };

export type ChurnAlert = { id: number, customer_id: number, customer_code: string | null, customer_name: string, 
/**
 * The customer's tier key now.
 */
tier: string | null, level: AlertLevel, reasons: Array<Reason>, 
/**
 * When the alert was raised and last changed (`YYYY-MM-DD HH:MM:SS`).
 */
raised_at: string, updated_at: string, 
/**
 * The as-of day of the refresh that raised it.
 */
raised_on: string, owner: string, status: AlertStatus, 
/**
 * The note of the latest step.
 */
note: string, value_at_risk: number, closed_at: string | null, 
/**
 * The as-of day of the refresh that found no signal any more
 * (「信号已消失」); `None` while the signals last.
 */
signals_gone_on: string | null, };

export type AlertLevel = "low" | "medium" | "high";

export type AlertStatus = "new" | "followed" | "recovered" | "churned" | "ignored";

export type AlertMove = { to: AlertStatus, 
/**
 * What was done or why; required to close an alert.
 */
note: string, };

export type AlertStep = { id: number, alert_id: number, from_status: AlertStatus | null, to_status: AlertStatus, note: string, who: string, at: string, };

export type AlertFilter = { 
/**
 * Tier key.
 */
tier: string | null, level: AlertLevel | null, owner: string | null, 
/**
 * A reason's rule (`rhythm`, `model` …).
 */
rule: string | null, 
/**
 * `None`: the open ones (新 and 已跟进).
 */
status: AlertStatus | null, 
/**
 * Closed ones too (when no status is asked for).
 */
include_closed: boolean, limit: number | null, offset: number | null, };

export type Reason = { rule: string, reason: string, };

export type ChurnScore = { customer_id: number, as_of: string, p_alive: number | null, expected_90: number | null, median_interval: number | null, days_since: number | null, spend_365: number, value_at_risk: number, };

export type ScoreFigures = { p_alive: number | null, expected_90: number | null, median_interval: number | null, days_since: number | null, spend_365: number, value_at_risk: number, };

export type FitRecord = { as_of: string, r: number, alpha: number, a: number, b: number, log_likelihood: number, customers: number, computed_at: string, };

export type RefreshCounts = { as_of: string, 
/**
 * Customers with a purchase up to the as-of day (scored).
 */
customers: number, 
/**
 * Customers the signals found.
 */
found: number, raised: number, updated: number, 
/**
 * Open alerts whose signals are gone (marked, left open).
 */
gone: number, todos: number, 
/**
 * Open alerts after the refresh, and of them 高.
 */
open: number, open_high: number, };

export type Case = { id: number, 
/**
 * TS + the day received + that day's sequence: TS202611300001.
 */
number: string, customer_id: number, 
/**
 * Local time, `YYYY-MM-DD HH:MM:SS`, like every time below.
 */
received_at: string, channel: CaseChannel, kind: CaseType, severity: CaseSeverity, description: string, owner: string, status: CaseStatus, 
/**
 * The customer's tier when the case was received (`None`: no tier).
 */
tier_at: string | null, respond_by: string, resolve_by: string, first_response_at: string | null, 
/**
 * When it reached 待客户确认 (last time).
 */
resolved_at: string | null, 
/**
 * When it was closed or rejected.
 */
closed_at: string | null, resolution: string, satisfaction: number | null, created_at: string, updated_at: string, 
/**
 * Filled for the time a list was asked at: how many minutes past its
 * response deadline a case without a first response is (`None`: not
 * overdue).
 */
response_overdue_minutes: number | null, 
/**
 * Minutes past its resolution deadline for a case not closed or rejected.
 */
resolve_overdue_minutes: number | null, 
/**
 * The row's version, raised by every write (migration 0022).
 */
version: number, 
/**
 * Who changed it last (none before migration 0022).
 */
updated_by: string | null, };

export type CaseStep = { id: number, case_id: number, from_status: CaseStatus | null, to_status: CaseStatus, note: string, who: string, at: string, };

export type CaseChannel = "phone" | "wechat" | "email" | "visit" | "web" | "other";

export type CaseType = "quality" | "service" | "logistics" | "price" | "suggestion" | "praise" | "other";

export type CaseSeverity = "normal" | "major" | "critical";

export type CaseStatus = "new" | "in_progress" | "awaiting_customer" | "closed" | "rejected";

export type CaseMove = { to: CaseStatus, 
/**
 * What was done or why; required to reject a case and to take it back
 * from 待客户确认.
 */
note: string, 
/**
 * How the case was resolved; required to close it (a resolution given
 * before stays unless a new one is given).
 */
resolution: string | null, 
/**
 * The customer's satisfaction with the resolution, 1–5, only when closing.
 */
satisfaction: number | null, };

export type CaseFilter = { status: CaseStatus | null, 
/**
 * Only cases not closed or rejected.
 */
open: boolean, kind: CaseType | null, tier: string | null, owner: string | null, 
/**
 * Only overdue cases.
 */
overdue: boolean, customer_id: number | null, limit: number | null, offset: number | null, };

export type CaseTierCounts = { 
/**
 * The tier key; empty for customers without a tier.
 */
tier: string, 
/**
 * Received in the period.
 */
received: number, 
/**
 * Not closed or rejected at the end of the period (`as_of`).
 */
open: number, 
/**
 * Of those, overdue at `as_of`.
 */
overdue: number, 
/**
 * Closed or rejected in the period.
 */
closed: number, 
/**
 * Of those, closed by their resolution deadline.
 */
closed_on_time: number, 
/**
 * The average satisfaction given when closing in the period.
 */
satisfaction: number | null, };

export type TimelineEvent = { 
/**
 * Local time `YYYY-MM-DD HH:MM:SS` (a day alone is at `00:00:00`).
 */
at: string, 
/**
 * One of [`TIMELINE_KINDS`].
 */
kind: string, 
/**
 * The row's id in its own table (an order's first line for a
 * purchase, an entry of the log for an edit).
 */
ref_id: number, 
/**
 * One short Chinese line.
 */
title: string, detail: string | null, 
/**
 * The detail as messages the UI shows in its language, joined by
 * 「 · 」 (a rating's reason and batch, a follow-up's outcome and next
 * contact); empty when `detail` is data alone, shown as written.
 */
detail_parts: Array<Msg>, 
/**
 * Money, when the event has an amount (an order's net amount).
 */
amount: number | null, };

export type TimelineCursor = { at: string, kind: string, ref_id: number, };

export type TimelineQuery = { 
/**
 * Kinds to show; empty: every kind.
 */
kinds: Array<string>, 
/**
 * Events after this place (the previous page's `next`); `None`: the newest.
 */
before: TimelineCursor | null, 
/**
 * How many events (1–500); `None`: 50.
 */
limit: number | null, };

export type TimelinePage = { events: Array<TimelineEvent>, 
/**
 * Where the next page starts; `None` when this is the last page.
 */
next: TimelineCursor | null, };

export type TimelineCount = { kind: string, label: string, count: number, };

export type Contact = { id: number, customer_id: number, name: string, 
/**
 * 职务 / 角色: 采购经理, 老板 …
 */
role: string, 
/**
 * Stored form (see `text::normalize_phone`); masked in what a person sees.
 */
phone: string | null, wechat: string | null, email: string | null, birth_date: string | null, 
/**
 * The customer's main contact: at most one per customer.
 */
is_primary: boolean, notes: string, created_at: string, updated_at: string, };

export type ContactDraft = { name: string, role: string, phone: string | null, wechat: string | null, email: string | null, birth_date: string | null, is_primary: boolean, notes: string, };

export type DateKind = "cooperation" | "opening" | "custom";

export type CustomerDate = { id: number, customer_id: number, kind: DateKind, 
/**
 * What the date is called (the kind's name unless it is custom).
 */
label: string, month: number, day: number, 
/**
 * The year it first happened, when known.
 */
year: number | null, 
/**
 * Whether a reminder to-do is made ahead of it each year.
 */
remind: boolean, notes: string, created_at: string, updated_at: string, };

export type DateDraft = { kind: DateKind, 
/**
 * Required for a custom date; empty means the kind's name otherwise.
 */
label: string, month: number, day: number, year: number | null, remind: boolean, notes: string, };

export type PurchaseSummary = { 
/**
 * Order lines of every kind.
 */
lines: number, 
/**
 * Distinct orders with a purchase.
 */
orders: number, 
/**
 * Days with a purchase.
 */
purchase_days: number, 
/**
 * Sum of the purchases' amounts.
 */
spend: number, 
/**
 * Returns and cancellations, without their sign.
 */
returned: number, 
/**
 * First and last purchase (`YYYY-MM-DD HH:MM:SS`).
 */
first_at: string | null, last_at: string | null, 
/**
 * Days between the first and the last purchase day over the gaps
 * between purchase days; `None` with fewer than two purchase days.
 */
average_interval_days: number | null, 
/**
 * Per calendar month with any line, oldest first.
 */
months: Array<MonthTotal>, };

export type MonthTotal = { 
/**
 * `YYYY-MM`.
 */
month: string, orders: number, spend: number, returned: number, };

export type OrderLine = { id: number, import_id: number | null, order_no: string, 
/**
 * As stored: `YYYY-MM-DD HH:MM:SS`.
 */
occurred_at: string, product: string | null, quantity: number, unit_price: number | null, amount: number, kind: TxKind, };

export type TxKind = "purchase" | "return" | "cancellation";

export type SurveyAnswer = { id: number, customer_id: number, survey_id: number | null, answered_on: string, channel: SurveyChannel, 
/**
 * 推荐意愿, 0–10.
 */
nps: number | null, 
/**
 * 满意度, 1–5.
 */
csat: number | null, 
/**
 * Scores per question, by the question's label.
 */
scores: { [key in string]: number }, comment: string, 
/**
 * The tier the customer held when answering.
 */
tier_at: string | null, 
/**
 * The survey import that brought it in.
 */
import_id: number | null, who: string, created_at: string, 
/**
 * The follow-up to-do this answer opened (a recent detractor or CSAT
 * 1–2), whatever its status now; what the form tells the person.
 */
follow_up_todo: number | null, };

export type NewSurveyAnswer = { customer_id: number, survey_id: number | null, answered_on: string, channel: SurveyChannel, nps: number | null, csat: number | null, scores: { [key in string]: number }, comment: string, };

export type SurveyChannel = "phone" | "wechat" | "sms" | "email" | "online" | "visit" | "other";

export type SurveyFigures = { 
/**
 * Answers of any kind.
 */
responses: number, 
/**
 * Answers with an NPS score, and how they fall.
 */
nps_answers: number, promoters: number, passives: number, detractors: number, 
/**
 * % promoters − % detractors, −100 to 100; `None` without NPS answers.
 */
nps: number | null, 
/**
 * The average NPS score (0–10).
 */
nps_avg: number | null, csat_answers: number, 
/**
 * % of CSAT answers that are 4 or 5; `None` without CSAT answers.
 */
csat: number | null, 
/**
 * The average CSAT score (1–5).
 */
csat_avg: number | null, 
/**
 * Average per question, by question.
 */
scores: Array<ScoreAverage>, 
/**
 * Fewer than [`LOW_COUNT`] answers.
 */
low_count: boolean, };

export type ScoreAverage = { question: string, answers: number, average: number, };

export type SurveyRow = { 
/**
 * The period's key (`2026-11`, `2026Q4`, `2026`), or `""` for the whole range.
 */
period: string, 
/**
 * The tier key when answering; `None` for every tier together, `""`
 * for answers given before any rating.
 */
tier: string | null, figures: SurveyFigures, };

export type PeriodKind = "month" | "quarter" | "year";

export type SurveySummary = { from: string, to: string, 
/**
 * How the span was asked for, in words (2026年第四季度).
 */
label: string, by: PeriodKind | null, 
/**
 * Per period (oldest first) each tier, highest first, then all tiers;
 * when grouped, a last block over the whole span (`period` = "").
 */
rows: Array<SurveyRow>, 
/**
 * The active scheme's tiers, for names and colours.
 */
tiers: Array<TierLabel>, };

export type SurveyAnswerLine = { answer: SurveyAnswer, customer_code: string | null, customer_name: string, };

export type SurveyImportRequest = { path: string, sheet: string | null, };

export type SurveyImportSummary = { import_id: number | null, file: string, sheet: string, columns: Array<SurveyColumnInfo>, 
/**
 * Rows under the header, data or not.
 */
rows_read: number, 
/**
 * Answers stored (or to store).
 */
answers: number, 
/**
 * Answers the archive already had (the same sheet imported again),
 * left out by the import; 0 in a preview.
 */
unchanged: number, 
/**
 * Distinct customers answering.
 */
customers: number, 
/**
 * Answers that open a follow-up to-do (detractors, CSAT 1–2).
 */
follow_ups: number, 
/**
 * Rows refused, each with at least one problem.
 */
rejected: number, 
/**
 * The first problems, in row order.
 */
problems: Array<RowProblem>, problem_count: number, };

export type SurveyColumnInfo = { header: string, 
/**
 * 客户编号, 推荐意愿（NPS 0–10）, 题目得分：服务态度, 不导入 …
 */
read_as: string, };

export type BenefitUse = { id: number, customer_id: number, 
/**
 * The benefit's name in the scheme, e.g. 生日礼品.
 */
benefit: string, 
/**
 * The tier the customer held when using it.
 */
tier: string, scheme_key: string, used_on: string, note: string, who: string, 
/**
 * Why a use beyond the quota was allowed; `None` within the quota.
 */
over_quota_reason: string | null, created_at: string, };

export type BenefitStatus = { name: string, description: string, 
/**
 * Uses per period; `None` is 不限.
 */
quota: number | null, used: number, 
/**
 * `None` when the quota is 不限; never below 0.
 */
remaining: number | null, 
/**
 * Cost per use, in yuan.
 */
cost: number, };

export type CustomerBenefits = { customer_id: number, code: string | null, name: string, 
/**
 * The customer's tier in the active scheme (`None` when not rated by it).
 */
tier: TierLabel | null, scheme: string, scheme_name: string, 
/**
 * The period of the scheme's cycle holding the as-of day, e.g. 2026.
 */
period: string, period_from: string, period_to: string, as_of: string, benefits: Array<BenefitStatus>, 
/**
 * Uses recorded in the period, oldest first.
 */
uses: Array<BenefitUse>, 
/**
 * Why the customer has no benefits, when it has none.
 */
note: string | null, };

export type BenefitUseRequest = { customer_id: number, benefit: string, 
/**
 * The day of the use; the caller's today when absent.
 */
date: string | null, note: string, 
/**
 * Why a use beyond the quota is allowed; without one such a use is refused.
 */
over_quota_reason: string | null, };

export type BenefitCatalogue = { scheme: string, scheme_name: string, period: string, period_from: string, period_to: string, tiers: Array<CatalogueTier>, };

export type CatalogueTier = { tier: TierLabel, 
/**
 * Live customers holding the tier now.
 */
customers: number, benefits: Array<CatalogueLine>, };

export type CatalogueLine = { name: string, description: string, quota: number | null, cost: number, uses: number, 
/**
 * Customers who used it at least once.
 */
customers_used: number, };

export type Calibration = { scheme: string, scheme_name: string, as_of: string, 
/**
 * The scheme's tiers, highest first: the rows and columns of `matrix`.
 */
tiers: Array<TierLabel>, 
/**
 * Live customers with an old tier.
 */
with_old_tier: number, 
/**
 * Customers whose old tier maps to a tier of the scheme.
 */
compared: number, agreed: number, 
/**
 * Percentage of compared customers whose proposed tier is the old one, 0–100.
 */
agreement: number, 
/**
 * `matrix[old][proposed]`: customers, in the order of `tiers`.
 */
matrix: Array<Array<number>>, unmapped: Array<UnmappedTier>, 
/**
 * Disagreeing customers, by spend descending (at most 1,000 listed).
 */
disagreements: Array<Disagreement>, disagreement_count: number, suggestion: CutSuggestion | null, 
/**
 * Why there is no suggestion, when there is none.
 */
suggestion_note: string | null, };

export type Disagreement = { customer_id: number, code: string | null, name: string, 
/**
 * The old sheet's text, e.g. VIP.
 */
old_text: string, 
/**
 * The tier key the old text maps to.
 */
old: string, proposed: string, spend: number | null, };

export type UnmappedTier = { text: string, customers: number, };

export type SuggestedCut = { tier: string, name: string, current: number | null, suggested: number, };

export type CutSuggestion = { figure: string, figure_label: string, 
/**
 * Every tier but the last, highest first.
 */
cuts: Array<SuggestedCut>, agreed: number, 
/**
 * Percentage of compared customers, 0–100.
 */
agreement: number, 
/**
 * A copy of the scheme with these cuts (key `<key>_calibrated`), as TOML
 * ready for the scheme import.
 */
toml: string, };

export type ApiError = { code: ErrorCode, message: string, problems: Array<FieldProblem>, msg?: Msg | null, 
/**
 * With [`ErrorCode::EditConflict`]: the fields both sides changed.
 */
conflict?: EditConflict, };

export type Msg = { key: string, params: { [key in string]: string }, 
/**
 * Holes whose value is itself made of messages (a figure's name, the
 * gaps to the next tier): each shown in the same language, joined by
 * 、 (in English ", "). A hole in `params` wins over one here. Boxed
 * and absent when empty: every error carries a `Msg`, and most have none.
 */
lists?: { [key in string]: Array<Msg> }, };

export type ErrorCode = "invalid" | "not_found" | "conflict" | "database" | "busy" | "file" | "cancelled" | "quota_used" | "password_needed" | "wrong_password" | "sign_in_needed" | "forbidden" | "wrong_sign_in" | "edit_conflict" | "team_connect" | "internal";

export type BackupInfo = { 
/**
 * The full path.
 */
file: string, 
/**
 * The file name alone.
 */
name: string, 
/**
 * When it was taken (`YYYY-MM-DD HH:MM:SS`, local time), from its name.
 */
created_at: string, 
/**
 * Why; `None` for a file written elsewhere (`backup create FILE`).
 */
reason: BackupReason | null, 
/**
 * Customers in it (not the recycle bin).
 */
customers: number, bytes: number, 
/**
 * Whether it opens and reads as a TierDesk database (every page is
 * checked when it is made, and again before a restore).
 */
ok: boolean, 
/**
 * The newest change it holds (`YYYY-MM-DD HH:MM:SS`).
 */
last_change: string | null, 
/**
 * Why it is not usable, when `ok` is false.
 */
problem: string | null, 
/**
 * Encrypted with another password than the database's (taken before the
 * password was changed): it restores with the password of that time.
 */
locked: boolean, };

export type BackupReason = "open" | "daily" | "manual" | "import" | "rating" | "erase" | "restore" | "migration" | "password";

export type RestoreSummary = { 
/**
 * `None` when the file being replaced was too damaged to count.
 */
customers_before: number | null, customers_after: number, 
/**
 * The backup of the file as it was just before (none when it held no
 * customer).
 */
safety_backup: BackupInfo | null, 
/**
 * People whose personal data had been erased in the replaced file and
 * were erased again in the restored one.
 */
erased_again: number, };

export type Source = "app" | "cli";

export type FieldChange = { 
/**
 * The stable key (`phone`, `fields.vip_no`, `tier`).
 */
field: string, 
/**
 * What the person calls it (电话).
 */
label: string, before: string | null, after: string | null, };

export type Fact = { name: string, value: string, };

export type AuditDetails = { changes: Array<FieldChange>, facts: Array<Fact>, };

export type AuditEntry = { id: number, 
/**
 * Local time, `YYYY-MM-DD HH:MM:SS`.
 */
at: string, actor: string, source: Source, action: string, object_kind: string, object_id: string, customer_id: number | null, 
/**
 * The customer's code and name now (not stored in the log: read from
 * the archive when listed; `None` once deleted for good or erased).
 */
customer_code: string | null, customer_name: string | null, summary: string, 
/**
 * `None` when the entry had no details, or when they were removed by
 * an erase of the customer (`details_erased`).
 */
details: AuditDetails | null, details_erased: boolean, };

export type AuditFilter = { actor: string | null, 
/**
 * An action key (`customer.edit`), or a group ending in a dot
 * (`customer.`).
 */
action: string | null, customer_id: number | null, 
/**
 * First day included.
 */
since: string | null, 
/**
 * Last day included.
 */
until: string | null, limit: number | null, offset: number | null, };

export type AuditBreak = { 
/**
 * The entry where it was noticed.
 */
entry_id: number, 
/**
 * What is wrong, in Chinese.
 */
problem: string, };

export type AuditCheck = { entries: number, broken: AuditBreak | null, 
/**
 * The sentence shown: intact, or the first break.
 */
message: string, };

export type AuditAction = { key: string, label: string, };

export type Period = { key: string, label: string, start: string, end: string, partial: boolean, };

export type RetentionRow = { 
/**
 * The period's key.
 */
period: string, 
/**
 * The tier key; `None` in `by_tier` is 未分级, in `totals` everyone.
 */
tier: string | null, 
/**
 * Customers with at least one purchase in the period.
 */
active: number, 
/**
 * Active customers whose first purchase ever is in the period.
 */
new: number, 
/**
 * Active and not new.
 */
returning: number, 
/**
 * Alive at the end of the day before the period.
 */
alive_at_start: number, 
/**
 * Alive at the end of the period.
 */
alive_at_end: number, 
/**
 * Stopped being alive during the period (new ones included).
 */
churned: number, 
/**
 * Churned among those alive at the start.
 */
churned_from_start: number, 
/**
 * Active in the period before.
 */
active_before: number, 
/**
 * Active in the period before and in this one.
 */
retained: number, 
/**
 * Active customers with at least two orders in the period.
 */
repeat: number, 
/**
 * Orders with a purchase in the period.
 */
orders: number, 
/**
 * Spend of the period's purchases.
 */
spend: number, 
/**
 * Gaps between consecutive purchase days whose later day is in the
 * period, and their total in days.
 */
gaps: number, gap_days: number, 
/**
 * churned_from_start ÷ alive_at_start.
 */
churn_rate: number | null, 
/**
 * retained ÷ active_before.
 */
retention_rate: number | null, 
/**
 * repeat ÷ active.
 */
repeat_rate: number | null, 
/**
 * gap_days ÷ gaps.
 */
average_interval: number | null, 
/**
 * spend ÷ active.
 */
value_per_active: number | null, };

export type RetentionFigures = { by: PeriodKind, as_of: string, periods: Array<Period>, totals: Array<RetentionRow>, by_tier: Array<RetentionRow>, };

export type CohortRow = { cohort: string, label: string, size: number, 
/**
 * Customers of the group with a purchase in month 0, 1, 2 … after the
 * first, up to the as-of day's month.
 */
active: number[], 
/**
 * `active` ÷ `size` (0.25 = 25%).
 */
shares: Array<number>, };

export type Cohorts = { as_of: string, months: number, rows: Array<CohortRow>, };

export type ManagerRow = { 
/**
 * The 客户经理's name, or 未指定 (then `unassigned`).
 */
manager: string, unassigned: boolean, customers: number, 
/**
 * Customers with a purchase in the span.
 */
active: number, 
/**
 * Spend of the span's purchases.
 */
revenue: number, 
/**
 * `None` while the churn alerts have never been refreshed.
 */
alerts_open: number | null, alerts_recovered: number | null, 
/**
 * Customers whose tier has a visit interval, and those of them with a
 * follow-up within it.
 */
visits_due: number, visited: number, 
/**
 * visited ÷ visits_due.
 */
coverage: number | null, };

export type ManagerFigures = { from: string, to: string, rows: Array<ManagerRow>, total: ManagerRow, };

export type BatchTierCount = { tier: string | null, customers: number, };

export type TierFlow = { from: string | null, to: string | null, customers: number, };

export type BatchTiers = { batch_id: number, period: string, as_of: string, counts: Array<BatchTierCount>, flows: Array<TierFlow>, up: number, down: number, same: number, 
/**
 * Moves from 未分级 to a tier: a first rating, neither up nor down.
 */
first: number, };

export type TierMovement = { batches: Array<BatchTiers>, };

export type AnalysisFigures = { retention: RetentionFigures, cohorts: Cohorts, managers: ManagerFigures, movement: TierMovement, };

export type PointsAccount = { customer_id: number, balance: number, expiring: number, expiring_by: string, 
/**
 * The balance × the scheme's value per point, in ¥.
 */
value: number, 
/**
 * Whether the active scheme earns points from orders.
 */
earning_on: boolean, entries: Array<PointsEntry>, };

export type PointsEntry = { id: number, customer_id: number, 
/**
 * When it was written, local `YYYY-MM-DD HH:MM:SS`.
 */
at: string, 
/**
 * The day it counts for.
 */
on_day: string, kind: EntryKind, 
/**
 * Signed: what it added (positive) or took (negative).
 */
points: number, balance_after: number, source: SourceKind, order_no: string | null, import_id: number | null, item_id: number | null, qty: number | null, reason: string, who: string, expires_on: string | null, reverses_id: number | null, };

export type EntryKind = "earn" | "redeem" | "adjust" | "expire" | "reverse" | "opening";

export type SourceKind = "order" | "rule" | "person" | "import";

export type CatalogueItem = { id: number, name: string, kind: ItemKind, 
/**
 * Its price in points, for one.
 */
price: number, 
/**
 * How many are left; `None` when it is not counted.
 */
stock: number | null, active: boolean, };

export type ItemKind = "gift" | "coupon" | "service";

export type PointsItemLine = { item: CatalogueItem, redeemed: number, };

export type PointsItemEdit = { name: string, kind: ItemKind, price: number, 
/**
 * `None`: not counted.
 */
stock: number | null, active: boolean, };

export type PointsBrief = { customer_id: number, balance: number, expiring: number, };

export type PointsPage = { 
/**
 * Whether the list shows a 积分 column: the active scheme earns
 * points, or the ledger has any row.
 */
shown: boolean, expiring_by: string, rows: Array<PointsBrief>, };

export type Role = "admin" | "manager" | "sales" | "viewer";

export type Perm = "view" | "edit_own" | "edit_all" | "export_all" | "import" | "ratings" | "settings" | "erase" | "users";

export type Session = { 
/**
 * The user's id on a team database; `None` on a local file.
 */
user_id: number | null, login: string, 
/**
 * The name the audit log records.
 */
name: string, role: Role, perms: Array<Perm>, 
/**
 * Whether the open database is a team database.
 */
team: boolean, };

export type UserLine = { id: number, login: string, name: string, role: Role, active: boolean, created_at: string, updated_at: string, };

export type UserDraft = { login: string, name: string, role: Role, active: boolean, password?: string | null, };

export type UserChoice = { id: number, name: string, };

export type TeamCopyTable = { table: string, local_rows: number, team_rows: number, 
/**
 * SHA-256 over the rows in primary-key order, hex.
 */
local_checksum: string, team_checksum: string, 
/**
 * Same number of rows and same checksum.
 */
same: boolean, };

export type TeamCopySkipped = { table: string, 
/**
 * `migrations`, `sequence`, `stats`, `search` or `users`: the UI says
 * why in its language.
 */
kind: string, 
/**
 * Why, in Chinese (the CLI's words).
 */
reason: string, };

export type TeamCopyReport = { 
/**
 * Parents before the tables pointing at them, as copied.
 */
tables: Array<TeamCopyTable>, skipped: Array<TeamCopySkipped>, 
/**
 * Every table the same on both sides, and the copy kept. When not,
 * nothing stays in the team database.
 */
saved: boolean, 
/**
 * The team database as the status bar names it (「团队数据库 tierdesk @
 * 10.0.0.5:5432」), never its password.
 */
team: string, seconds: number, };

export type TeamCopyProgress = { 
/**
 * `copy` while sending rows, `check` while reading them back.
 */
step: string, table: string, done: number, total: number, };
