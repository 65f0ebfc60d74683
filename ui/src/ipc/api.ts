// The one typed door from the UI to Rust. Every feature calls these
// functions, never `invoke`, `listen` or a plugin directly; the types come
// from `bindings.ts` and the command names from `commands.ts`, both
// generated from Rust, so a misspelt name or type fails `tsc`.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type { Command } from "./commands";
import { currentLocale, renderMsg } from "../i18n";
import type {
  ApiError,
  Customer,
  CustomerDraft,
  CustomerQuery,
  DbInfo,
  FieldDef,
  Page,
  TierLabel,
  SchemeSummary,
  EvaluationPreview,
  Override,
  Batch,
  BatchDetail,
  HistoryEntry,
  Explanation,
  FileInspection,
  ImportPreview,
  ImportProgress,
  ExportProgress,
  ImportProfileInfo,
  ImportRecord,
  ImportRequest,
  ImportSummary,
  TargetOption,
  Dashboard,
  ReportRequest,
  TierReport,
  Calibration,
  CustomerBenefits,
  BenefitUse,
  BenefitUseRequest,
  BenefitCatalogue,
} from "./bindings";
import type { EraseSummary, Masking, PersonCopyFile } from "./bindings";
import type { Contact, ContactDraft, CustomerDate, DateDraft, OrderLine, PurchaseSummary, TimelineCount, TimelinePage, TimelineQuery } from "./bindings";
import type { BackupInfo, RestoreSummary } from "./bindings";
import type { Followup, FollowupDraft, FollowupFilter, FollowupLine } from "./bindings";
import type { Todo, TodoDone, TodoFilter, TodoRefresh, TodoRequest, TodayTodos } from "./bindings";
import type { Case, CaseChoices, CaseDetail, CaseFilter, CaseLine, CaseMove, CaseRequest } from "./bindings";
import type { NewSurveyAnswer, PeriodKind, SurveyAnswer, SurveyAnswerLine, SurveyImportRequest, SurveyImportSummary, SurveySummary } from "./bindings";

import type { AuditAction, AuditCheck, AuditEntry, AuditFilter } from "./bindings";
import type { Session, UserChoice, UserDraft, UserLine } from "./bindings";
import type { AnalysisFigures } from "./bindings";
import type { CaseState, EditBase, Saved } from "./bindings";
import type { TeamCopyProgress, TeamCopyReport } from "./bindings";
import type { TeamConnected, TeamLogin } from "./bindings";
import type { CatalogueItem, ItemKind, PointsAccount, PointsEntry, PointsItemEdit, PointsItemLine, PointsPage } from "./bindings";
import type { ApplyPlan, MyName, UndoPlan } from "./bindings";
import type { RuleCheck, RuleFigure, RuleNode, TomlProblem } from "./bindings";
import type { AlertFilter, AlertMove, ChurnChoices, ChurnDetail, ChurnLine, CustomerChurn, OpenAlerts, RefreshCounts } from "./bindings";

export type * from "./bindings";

/** Narrows whatever a command threw to the boundary error shape. */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const err = e as ApiError;
    const msg = err.msg ?? null;
    // In English the sentence comes from the catalogue (rustEn.ts), never Rust's Chinese.
    const text = currentLocale() === "zh-CN" ? err.message : renderMsg(msg, "en-US", err.message, err.code);
    // A field's problem that repeats the error's sentence is shown in the same language;
    // one with its own message (a customer form's, EN2) is rendered from it in English.
    const problems = (err.problems ?? []).map((p) =>
      p.msg && currentLocale() !== "zh-CN"
        ? { ...p, message: renderMsg(p.msg, "en-US", p.message) }
        : p.message === err.message ? { ...p, message: text } : p,
    );
    return { code: err.code, message: text, problems, msg, conflict: err.conflict };
  }
  return { code: "internal", message: currentLocale() === "zh-CN" ? String(e) : renderMsg(null, "en-US", "", "internal"), problems: [], msg: null };
}

async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asApiError(e);
  }
}

export const api = {
  // A team database: signing in (the first 管理员 on an empty one), 设置 → 用户, a customer's 负责人.
  session: () => call<Session | null>("session"),
  needsFirstAdmin: () => call<boolean>("needs_first_admin"),
  createFirstAdmin: (login: string, name: string, password: string) => call<Session>("create_first_admin", { login, name, password }),
  signIn: (login: string, password: string) => call<Session>("sign_in", { login, password }),
  signOut: () => call<void>("sign_out"),
  users: () => call<UserLine[]>("users"),
  addUser: (draft: UserDraft) => call<UserLine>("add_user", { draft }),
  editUser: (id: number, draft: UserDraft) => call<UserLine>("edit_user", { id, draft }),
  setUserPassword: (id: number, password: string) => call<void>("set_user_password", { id, password }),
  changeMyPassword: (old: string, newPassword: string) => call<void>("change_my_password", { old, new: newPassword }),
  userChoices: () => call<UserChoice[]>("user_choices"),
  setCustomerOwner: (ids: number[], owner: number | null) => call<number>("set_customer_owner", { ids, owner }),
  // The audit log (操作日志): a page of entries, the chain check, one customer's entries.
  auditList: (filter: AuditFilter) => call<Page<AuditEntry>>("audit_list", { filter }),
  auditVerify: () => call<AuditCheck>("audit_verify"),
  customerLog: (id: number) => call<AuditEntry[]>("customer_log", { id }),
  auditActors: () => call<string[]>("audit_actors"),
  auditActions: () => call<AuditAction[]>("audit_actions"),
  // The database password: open a file that has one (path null: the start-up file), 设置 → 数据库密码.
  openDatabaseWithPassword: (path: string | null, password: string) =>
    call<DbInfo>("open_database_with_password", { path, password }),
  hasPassword: () => call<boolean>("has_password"),
  setPassword: (newPassword: string) => call<void>("set_password", { new: newPassword }),
  changePassword: (current: string, newPassword: string) => call<void>("change_password", { current, new: newPassword }),
  removePassword: (current: string) => call<void>("remove_password", { current }),
  // Backups: the open database's list, 立即备份, restore from the list or a chosen file.
  backups: () => call<BackupInfo[]>("backups"),
  backupNow: () => call<BackupInfo>("backup_now"),
  restoreBackup: (file: string, password: string | null = null) => call<RestoreSummary>("restore_backup", { file, password }),
  backupFolder: () => call<string | null>("backup_folder"),
  // Privacy (PIPL): 显示完整 with a purpose, a person's copy, erase, what is masked.
  revealCustomer: (id: number, purpose: string) => call<Customer>("reveal_customer", { id, purpose }),
  savePersonCopy: (id: number, path: string) => call<PersonCopyFile>("save_person_copy", { id, path }),
  eraseCustomer: (id: number, reason: string) => call<EraseSummary>("erase_customer", { id, reason }),
  masking: () => call<Masking>("masking"),
  setMasking: (masking: Masking) => call<Masking>("set_masking", { masking }),
  calibrate: (scheme: string, asOf: string | null) => call<Calibration>("calibrate", { scheme, asOf }),
  importSchemeText: (toml: string) => call<string>("import_scheme_text", { toml }),
  /** The scheme editor's save, against the revision and file it opened (merged, or refused with a conflict). */
  saveSchemeText: (toml: string, base: EditBase<string>) => call<Saved<SchemeSummary>>("save_scheme_text", { toml, base }),
  createSchemeText: (toml: string) => call<SchemeSummary>("create_scheme_text", { toml }),
  customerBenefits: (id: number) => call<CustomerBenefits>("customer_benefits", { id }),
  recordBenefitUse: (request: BenefitUseRequest) => call<BenefitUse>("record_benefit_use", { request }),
  undoBenefitUse: (id: number) => call<BenefitUse>("undo_benefit_use", { id }),
  benefitStatementHtml: (id: number) => call<string>("benefit_statement_html", { id }),
  benefitCatalogue: () => call<BenefitCatalogue>("benefit_catalogue"),
  // PTSUI: points (积分) — a customer's account, adjust/redeem/undo, the catalogue.
  pointsAccount: (id: number) => call<PointsAccount>("points_account", { id }),
  pointsPage: (ids: number[]) => call<PointsPage>("points_page", { ids }),
  pointsAdjust: (id: number, points: number, reason: string) =>
    call<PointsEntry>("points_adjust", { id, points, reason }),
  pointsRedeem: (id: number, item: number, qty: number) => call<PointsEntry>("points_redeem", { id, item, qty }),
  pointsUndo: (entry: number, reason: string) => call<PointsEntry>("points_undo", { entry, reason }),
  pointsCatalogue: () => call<PointsItemLine[]>("points_catalogue"),
  pointsCatalogueAdd: (name: string, kind: ItemKind, price: number, stock: number | null) =>
    call<CatalogueItem>("points_catalogue_add", { name, kind, price, stock }),
  pointsCatalogueEdit: (id: number, edit: PointsItemEdit) => call<CatalogueItem>("points_catalogue_edit", { id, edit }),
  // 积分对账单 (PTSPRINT): days as "YYYY-MM-DD"; null = this calendar year up to today.
  pointsStatementHtml: (id: number, from: string | null = null, to: string | null = null) =>
    call<string>("points_statement_html", { id, from, to }),
  savePointsStatement: (id: number, path: string, from: string | null = null, to: string | null = null) =>
    call<void>("save_points_statement", { id, from, to, path }),
  // To-dos (待办): 今日待办, lists, add/done/cancel/postpone/edit, the rules, the notification's text.
  todoToday: (owner: string | null) => call<TodayTodos>("todo_today", { owner }),
  todoList: (filter: TodoFilter) => call<Todo[]>("todo_list", { filter }),
  todoAdd: (request: TodoRequest) => call<Todo>("todo_add", { request }),
  todoDone: (id: number) => call<TodoDone>("todo_done", { id }),
  todoCancel: (id: number) => call<Todo>("todo_cancel", { id }),
  todoPostpone: (id: number, dueOn: string, dueTime: string | null) => call<Todo>("todo_postpone", { id, dueOn, dueTime }),
  todoEdit: (id: number, request: TodoRequest) => call<Todo>("todo_edit", { id, request }),
  todoRefresh: () => call<TodoRefresh>("todo_refresh"),
  todoNotice: () => call<string | null>("todo_notice"),
  // Follow-ups (跟进记录): log, change, delete; a customer's, newest first; everyone's, filtered.
  followupAdd: (customerId: number, draft: FollowupDraft) => call<Followup>("followup_add", { customerId, draft }),
  followupEdit: (id: number, draft: FollowupDraft, base: EditBase<FollowupDraft>) =>
    call<Saved<Followup>>("followup_edit", { id, draft, base }),
  followupDelete: (id: number) => call<Followup>("followup_delete", { id }),
  customerFollowups: (customerId: number) => call<Followup[]>("customer_followups", { customerId }),
  followupList: (filter: FollowupFilter) => call<Page<FollowupLine>>("followup_list", { filter }),
  // Complaints and feedback (投诉与反馈): receive, step, one case, the list, the form's choices.
  caseOpen: (request: CaseRequest) => call<Case>("case_open", { request }),
  caseStep: (id: number, step: CaseMove, base: EditBase<CaseState>) => call<Saved<CaseDetail>>("case_step", { id, step, base }),
  caseDetail: (id: number) => call<CaseDetail>("case_detail", { id }),
  caseList: (filter: CaseFilter) => call<Page<CaseLine>>("case_list", { filter }),
  caseChoices: () => call<CaseChoices>("case_choices"),
  // Satisfaction surveys (满意度调查): answers, the figures per tier and period, survey sheets.
  surveyAdd: (answer: NewSurveyAnswer) => call<SurveyAnswer>("survey_add", { answer }),
  surveyDelete: (id: number) => call<SurveyAnswer>("survey_delete", { id }),
  customerSurveys: (id: number) => call<SurveyAnswer[]>("customer_surveys", { id }),
  surveySummary: (period: string | null, by: PeriodKind | null) => call<SurveySummary>("survey_summary", { period, by }),
  surveyAnswers: (period: string | null) => call<SurveyAnswerLine[]>("survey_answers", { period }),
  surveyImportPreview: (request: SurveyImportRequest) => call<SurveyImportSummary>("survey_import_preview", { request }),
  surveyImport: (request: SurveyImportRequest) => call<SurveyImportSummary>("survey_import", { request }),
  // 分析 (FIGURES): the whole 分析 page in one pass over the customers: retention per period and tier,
  // cohorts, per 客户经理, tier movement (dates YYYY-MM-DD; null: today).
  analysisAll: (by: PeriodKind, asOf: string | null) => call<AnalysisFigures>("analysis_all", { by, asOf }),
  churnRefresh: () => call<RefreshCounts>("churn_refresh"),
  churnList: (filter: AlertFilter) => call<Page<ChurnLine>>("churn_list", { filter }),
  churnGet: (id: number) => call<ChurnDetail>("churn_get", { id }),
  churnForCustomer: (id: number) => call<CustomerChurn>("churn_for_customer", { id }),
  churnSetStatus: (id: number, step: AlertMove) => call<ChurnDetail>("churn_set_status", { id, step }),
  churnChoices: () => call<ChurnChoices>("churn_choices"),
  churnOpenCounts: () => call<OpenAlerts>("churn_open_counts"),
  // The customer record (客户详情): timeline, purchases, contacts, dates that matter.
  recordTimeline: (id: number, query: TimelineQuery) => call<TimelinePage>("record_timeline", { id, query }),
  recordTimelineCounts: (id: number) => call<TimelineCount[]>("record_timeline_counts", { id }),
  recordLines: (id: number, page: number, pageSize: number) => call<Page<OrderLine>>("record_lines", { id, page, pageSize }),
  recordPurchases: (id: number) => call<PurchaseSummary>("record_purchases", { id }),
  recordContacts: (id: number) => call<Contact[]>("record_contacts", { id }),
  contactAdd: (customerId: number, draft: ContactDraft) => call<Contact>("contact_add", { customerId, draft }),
  contactEdit: (id: number, draft: ContactDraft) => call<Contact>("contact_edit", { id, draft }),
  contactDelete: (id: number) => call<void>("contact_delete", { id }),
  contactReveal: (id: number, purpose: string) => call<Contact>("contact_reveal", { id, purpose }),
  recordDates: (id: number) => call<CustomerDate[]>("record_dates", { id }),
  dateAdd: (customerId: number, draft: DateDraft) => call<CustomerDate>("date_add", { customerId, draft }),
  dateEdit: (id: number, draft: DateDraft) => call<CustomerDate>("date_edit", { id, draft }),
  dateDelete: (id: number) => call<void>("date_delete", { id }),
  dbInfo: () => call<DbInfo>("db_info"),
  startupError: () => call<ApiError | null>("startup_error"),
  /** The native menu in the UI's language. */
  setMenuLanguage: (english: boolean) => call<void>("set_menu_language", { english }),
  /** The native menu's items as the shell reports them now (what the end-to-end tests read: WebDriver cannot reach the native menu). */
  menuState: () => call<{ id: string; text: string; enabled: boolean }[]>("menu_state"),
  openDatabase: (path: string) => call<DbInfo>("open_database", { path }),
  // 文件 → 连接团队数据库… (ui/src/team/TeamConnectDialog.tsx): opens it in place of the open database.
  connectTeam: (login: TeamLogin) => call<TeamConnected>("connect_team", { login }),
  lastTeam: () => call<TeamLogin | null>("last_team"),
  /** Checks every page of the open file without changing it; fails with code `database` when it is damaged. */
  verifyDatabase: () => call<void>("verify_database"),
  /** Tells the launch benchmark a moment of the start (printed only under TIERDESK_TIMING=1). */
  launchMark: (moment: string) => call<void>("launch_mark", { moment }),
  listCustomers: (query: CustomerQuery) => call<Page<Customer>>("list_customers", { query }),
  getCustomer: (id: number) => call<Customer>("get_customer", { id }),
  createCustomer: (draft: CustomerDraft) => call<Customer>("create_customer", { draft }),
  // A changed 当前等级 needs `reason`; Rust records it in the tier history.
  // `base` is what the form opened (version and values): a customer changed
  // since is merged, or refused with `edit_conflict` (ui/src/conflict/).
  updateCustomer: (id: number, draft: CustomerDraft, base: EditBase<CustomerDraft>, reason?: string | null) =>
    call<Saved<Customer>>("update_customer", { id, draft, base, reason: reason ?? null }),
  deleteCustomers: (ids: number[]) => call<number>("delete_customers", { ids }),
  restoreCustomers: (ids: number[]) => call<number>("restore_customers", { ids }),
  emptyRecycleBin: () => call<number>("empty_recycle_bin"),
  fieldDefs: () => call<FieldDef[]>("field_defs"),
  addFieldDef: (def: FieldDef) => call<FieldDef>("add_field_def", { def }),
  removeFieldDef: (key: string) => call<void>("remove_field_def", { key }),
  getSetting: (key: string) => call<string | null>("get_setting", { key }),
  setSetting: (key: string, value: string) => call<void>("set_setting", { key, value }),
  fillDemo: (customers: number) => call<number>("fill_demo", { customers }),
  tierLabels: () => call<TierLabel[]>("tier_labels"),
  schemes: () => call<SchemeSummary[]>("schemes"),
  activateScheme: (key: string) => call<void>("activate_scheme", { key }),
  importSchemeFile: (path: string) => call<string>("import_scheme_file", { path }),
  previewEvaluation: (scheme: string, asOf: string | null) => call<EvaluationPreview>("preview_evaluation", { scheme, asOf }),
  applyEvaluation: (scheme: string, asOf: string | null, period: string | null, overrides: Override[] = []) =>
    call<Batch>("apply_evaluation", { scheme, asOf, period, overrides }),
  batchDetail: (id: number) => call<BatchDetail>("batch_detail", { id }),
  undoLastBatch: () => call<Batch>("undo_last_batch"),
  // UX: the counts the rating's questions announce, from the store (apply: as the batch counts `moved`).
  applyPlan: (scheme: string, asOf: string | null, period: string | null, overrides: Override[] = []) =>
    call<ApplyPlan>("apply_plan", { scheme, asOf, period, overrides }),
  undoPlan: () => call<UndoPlan | null>("undo_plan"),
  // UX: 我的名字, the "who" of everything the app records.
  myName: () => call<MyName>("my_name"),
  setMyName: (name: string) => call<MyName>("set_my_name", { name }),
  batches: () => call<Batch[]>("batches"),
  tierHistory: (id: number) => call<HistoryEntry[]>("tier_history", { id }),
  explain: (id: number) => call<Explanation>("explain", { id }),
  inspectImportFile: (path: string) => call<FileInspection>("inspect_import_file", { path }),
  previewImport: (request: ImportRequest, onProgress: (p: ImportProgress) => void) =>
    call<ImportPreview>("preview_import", { request, onProgress: channel(onProgress) }),
  commitImport: (request: ImportRequest, onProgress: (p: ImportProgress) => void) =>
    call<ImportSummary>("commit_import", { request, onProgress: channel(onProgress) }),
  cancelImport: () => call<void>("cancel_import"),
  writeImportErrors: (request: ImportRequest, out: string) => call<number>("write_import_errors", { request, out }),
  imports: () => call<ImportRecord[]>("imports"),
  undoImport: (id: number) => call<ImportRecord>("undo_import", { id }),
  importTargets: () => call<TargetOption[]>("import_targets"),
  importProfiles: () => call<ImportProfileInfo[]>("import_profiles"),
  renameImportProfile: (old: string, name: string) =>
    call<ImportProfileInfo>("rename_import_profile", { old, new: name }),
  deleteImportProfile: (name: string) => call<null>("delete_import_profile", { name }),
  dashboard: () => call<Dashboard>("dashboard"),
  tierReport: (req: ReportRequest) => call<TierReport>("tier_report", { req }),
  reportHtml: (req: ReportRequest) => call<string>("report_html", { req }),
  saveReport: (req: ReportRequest, path: string) => call<void>("save_report", { req, path }),
  previewSchemeDraft: (toml: string) => call<EvaluationPreview>("preview_scheme_draft", { toml }),
  // Rules in Chinese and the rule builder (RULES).
  checkRule: (text: string) => call<RuleCheck>("check_rule", { text }),
  ruleFromTree: (tree: RuleNode) => call<RuleCheck>("rule_from_tree", { tree }),
  ruleFigures: () => call<RuleFigure[]>("rule_figures"),
  schemeTextProblem: (toml: string) => call<TomlProblem | null>("scheme_text_problem", { toml }),
  exportTemplate: (path: string) => call<void>("export_template", { path }),
  exportCustomers: (query: CustomerQuery, maskPhones: boolean, path: string, onProgress: (p: ExportProgress) => void) =>
    call<number>("export_customers", { query, maskPhones, path, onProgress: channel(onProgress) }),
  // 迁移到团队数据库 (MIG): the open local file into an empty team database.
  copyToTeam: (login: TeamLogin, onProgress: (p: TeamCopyProgress) => void) =>
    call<TeamCopyReport>("copy_to_team", { login, onProgress: channel(onProgress) }),
};

/** A channel whose messages go to `onMessage`; Rust sends a long command's progress through it. */
function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = onMessage;
  return ch;
}

/** Clicks in the native menu, by item id (`db_open`, `view_customers` …); returns the unsubscribe. */
export function onMenu(handler: (id: string) => void): () => void {
  const un = listen<string>("menu", (e) => handler(e.payload));
  // The same item as a page event (`tierdesk-menu`, the id as detail): WebDriver cannot click the
  // native menu bar, so end-to-end tests choose menu items this way.
  const page = (e: Event) => handler(String((e as CustomEvent).detail));
  window.addEventListener("tierdesk-menu", page);
  return () => { void un.then((f) => f()); window.removeEventListener("tierdesk-menu", page); };
}

/** Files dropped on the window; returns the unsubscribe. */
export function onFileDrop(handler: (paths: string[]) => void): () => void {
  const un = getCurrentWebview().onDragDropEvent((e) => {
    if (e.payload.type === "drop" && e.payload.paths.length > 0) handler(e.payload.paths);
  });
  return () => { void un.then((f) => f()); };
}

/** The native open and save dialogs (the dialog plugin). */
export const dialogs = { open: openDialog, save: saveDialog };
