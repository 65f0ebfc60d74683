// Window layout, navigation, the File menu's database dialogs and the
// global keyboard shortcuts.
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from "react";
import { Alert, App as AntApp, Button, Layout, Menu, Modal, Result, Space, Spin, Typography } from "antd";
import { AuditOutlined, DashboardOutlined, GiftOutlined, DeleteOutlined, FileTextOutlined, FolderOpenOutlined, HistoryOutlined, ImportOutlined, OrderedListOutlined, PlusSquareOutlined, SafetyOutlined, StarOutlined, TagsOutlined, TeamOutlined } from "@ant-design/icons";
import { api, asApiError, type ApiError, type DbInfo, type MyName, type FieldDef, type Session, type TierLabel, dialogs, onFileDrop, onMenu } from "../ipc/api";
import { useI18n } from "../i18n";
import { askEarly } from "./early";
import { useShellLoad } from "./useShellLoad";
import { closeWindow, guarded, guardWindowClose } from "./leaveGuard";
import { afterFirstScreen, markPainted } from "./launch";
import { CustomerList } from "../customers/CustomerList";
import { PasswordPrompt } from "../settings/PasswordPrompt";
import { MyNameBanner, MyNameDialog } from "../settings/MyName";
import { LockOutlined } from "@ant-design/icons";
import { CloudUploadOutlined } from "@ant-design/icons";
import { MessageOutlined } from "@ant-design/icons";
import { SmileOutlined } from "@ant-design/icons";
import { LineChartOutlined, WarningOutlined } from "@ant-design/icons";
import { onOpenRecord } from "../record/open";
import { onOpenToday } from "../todo/open";
import { CheckSquareOutlined, UserOutlined } from "@ant-design/icons";
import { SessionProvider, useSessionState } from "../team/session";
import { SignInDialog } from "../team/SignInDialog";
import { UserBadge } from "../team/UserBadge";
import { can, menuRefusal, PAGE_PERMS } from "../team/perms";
import { roleKey } from "../team/users";
import { dbPlace } from "../team/place";

// Only the customer list is in the first script; every other page (the
// overview and its charts, the report, the wizards) is its own chunk, loaded
// when it is first opened, so the window shows its list sooner and an idle
// window holds only what was used.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const page = <M extends Record<K, ComponentType<any>>, K extends string>(load: () => Promise<M>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] as M[K] })));
const RecycleBin = page(() => import("../customers/RecycleBin"), "RecycleBin");
const FieldsPage = page(() => import("../fields/FieldsPage"), "FieldsPage");
const SchemesPage = page(() => import("../tiers/SchemesPage"), "SchemesPage");
const EvaluatePage = page(() => import("../tiers/EvaluatePage"), "EvaluatePage");
const ImportPage = page(() => import("../import/ImportPage"), "ImportPage");
const ImportHistory = page(() => import("../import/ImportHistory"), "ImportHistory");
const DashboardPage = page(() => import("../report/DashboardPage"), "DashboardPage");
const ReportPage = page(() => import("../report/ReportPage"), "ReportPage");
const BenefitsPage = page(() => import("../benefits/BenefitsPage"), "BenefitsPage");
const PointsCataloguePage = page(() => import("../points/CataloguePage"), "CataloguePage");
const AuditPage = page(() => import("../audit/AuditPage"), "AuditPage");
const CasesPage = page(() => import("../cases/CasesPage"), "CasesPage");
const SurveysPage = page(() => import("../surveys/SurveysPage"), "SurveysPage");
const AnalysisPage = page(() => import("../analysis/AnalysisPage"), "AnalysisPage");
const ChurnPage = page(() => import("../churn/ChurnPage"), "ChurnPage");
const PasswordDialog = page(() => import("../settings/PasswordDialog"), "PasswordDialog");
const CopyToTeamDialog = page(() => import("../team/CopyToTeamDialog"), "CopyToTeamDialog");
const TeamConnectDialog = page(() => import("../team/TeamConnectDialog"), "TeamConnectDialog");
const BackupDialog = page(() => import("../backup/BackupDialog"), "BackupDialog");
const CustomerRecord = page(() => import("../record/CustomerRecord"), "CustomerRecord");
const TodayPage = page(() => import("../todo/TodayPage"), "TodayPage");
const UsersPage = page(() => import("../team/UsersPage"), "UsersPage");

type View = "dashboard" | "report" | "customers" | "import" | "imports" | "evaluate" | "schemes" | "recycle" | "fields" | "benefits" | "points" | "audit" | "record" | "today" | "cases" | "surveys" | "analysis" | "churn" | "users";

export function AppShell() {
  const { t, locale, setLocale } = useI18n();
  const { message, modal } = AntApp.useApp();
  // Every page change asks an editor with unsaved changes first (leaveGuard.ts).
  const [view, setViewNow] = useState<View>("customers");
  const setView = useMemo(() => guarded(setViewNow), []);
  const [db, setDb] = useState<DbInfo | null>(null);
  const [startupError, setStartupError] = useState<ApiError | null>(null);
  // Set when the check of the file's pages finds it damaged: the window then
  // shows only the message and the ways out, like a file refused at start-up.
  const [damaged, setDamaged] = useState<ApiError | null>(null);
  const [fieldDefs, setFieldDefs] = useState<FieldDef[]>([]);
  const [tiers, setTiers] = useState<TierLabel[]>([]);
  const [command, setCommand] = useState<{ name: "new" | "find" | "export"; at: number } | null>(null);
  const [generation, setGeneration] = useState(0);
  const [importFile, setImportFile] = useState<{ path: string; at: number } | null>(null);
  // A file that may be encrypted: the prompt asks for its password (`path` null: the start-up file).
  const [locked, setLocked] = useState<{ path: string | null; refusal: ApiError } | null>(null);
  const [passwordOpen, setPasswordOpen] = useState(false);
  // 设置 → 我的名字…; a saved name hides the first-run question.
  const [myNameOpen, setMyNameOpen] = useState(false);
  const [nameVersion, setNameVersion] = useState(0);
  const [myName, setMyName] = useState<MyName | null>(null);
  const [backupsOpen, setBackupsOpen] = useState(false);
  const [teamCopyOpen, setTeamCopyOpen] = useState(false);
  // 连接团队数据库 (CONN): open, with why when it opened by itself.
  const [teamConnect, setTeamConnect] = useState<{ reason: string | null } | null>(null);
  // 客户详情: whose record is shown, and the page 返回 goes back to.
  const [record, setRecord] = useState<{ id: number; from: View } | null>(null);
  const viewNow = useRef(view);
  viewNow.current = view;
  useEffect(() => onOpenRecord((id) => {
    setRecord((r) => ({ id, from: viewNow.current === "record" ? r?.from ?? "customers" : viewNow.current }));
    setView("record");
  }), []);

  useEffect(() => onOpenToday(() => setView("today")), []);

  // Closing the window (title bar ×, 文件 → 退出, Ctrl+Q) with unsaved changes asks first.
  useEffect(() => guardWindowClose(() => new Promise<boolean>((resolve) => {
    modal.confirm({
      title: t("closeUnsaved"), okText: t("closeDiscard"), cancelText: t("closeKeep"),
      okButtonProps: { id: "close-discard", danger: true }, cancelButtonProps: { id: "close-cancel" },
      onOk: () => resolve(true), onCancel: () => resolve(false),
    });
  })), [modal, t]);

  // A file dropped anywhere on the window opens the import wizard with it.
  useEffect(() => onFileDrop((paths) => {
    setImportFile({ path: paths[0], at: Date.now() });
    setView("import");
  }), []);

  // Who is signed in (team database); null there until someone signs in.
  const team = useSessionState(generation);
  // Only the newest reading is applied (useShellLoad.ts). On launch, a
  // database that already holds customers opens on the overview.
  const refresh = useShellLoad({
    facts: (info, me) => { setMyName(me); setDb(info); },
    first: (info) => {
      if (info.customers > 0) {
        // Asked for before its page is loaded, so Rust computes while the page's script arrives.
        askEarly("dashboard", api.dashboard);
        setView("dashboard");
      }
    },
    lists: (defs, labels) => { setFieldDefs(defs); setTiers(labels); setStartupError(null); },
    failed: (refusal) => {
      // A team database before sign-in: the sign-in dialog, not an error page.
      if (refusal.code === "sign_in_needed") { void team.reload(); return; }
      setStartupError(refusal);
      if (refusal.code === "password_needed") setLocked({ path: null, refusal });
      // The remembered team database could not be opened (no password kept, the server away): the form, filled.
      if (refusal.code === "team_connect") setTeamConnect({ reason: refusal.message });
    },
  });
  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => markPainted("shell_painted"), []);

  // Opening no longer reads every page of the file (that took up to half a
  // second before the first screen); Rust checks them here, in the
  // background, once the first screen is drawn, and again for each file
  // opened later. A damaged file was not changed, and nothing can be saved
  // to it; the person is told and offered another file.
  const verify = useCallback(async () => {
    try {
      await api.verifyDatabase();
    } catch (e) {
      const err = asApiError(e);
      if (err.code === "database") setDamaged(err);
    }
  }, []);
  useEffect(() => afterFirstScreen(() => void verify()), [verify]);

  const openDb = useCallback(async (create: boolean) => {
    const filters = [{ name: t("dbFilter"), extensions: ["db", "sqlite"] }];
    const path = create
      ? await dialogs.save({ title: t("dbNew"), defaultPath: t("fileDatabase"), filters })
      : await dialogs.open({ title: t("dbOpen"), multiple: false, directory: false, filters });
    if (typeof path !== "string") return;
    try {
      const info = await api.openDatabase(path);
      setDamaged(null);
      message.success(t("dbOpened", { path: info.path }));
      setGeneration((g) => g + 1);
      setView("customers");
      await refresh();
      void verify();
    } catch (e) {
      const err = asApiError(e);
      if (err.code === "password_needed") setLocked({ path, refusal: err });
      else Modal.error({ title: t("dbStartupFailed"), content: err.message });
    }
  }, [t, message, refresh, verify]);

  // The password prompt opened the file: the window loads it like any file opened.
  const unlocked = useCallback((info: DbInfo) => {
    setLocked(null);
    setStartupError(null);
    setDamaged(null);
    message.success(t("dbOpened", { path: info.path }));
    setGeneration((g) => g + 1);
    setView("customers");
    void refresh();
    void verify();
  }, [t, message, refresh, verify]);

  const exportTemplate = useCallback(async () => {
    const path = await dialogs.save({ title: t("exportTemplate"), defaultPath: t("fileTemplate"), filters: [{ name: "Excel", extensions: ["xlsx"] }] });
    if (typeof path !== "string") return;
    try {
      await api.exportTemplate(path);
      message.success(t("exportTemplateSaved", { path }));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  }, [t, message]);

  const go = useCallback((name: "new" | "find" | "export") => {
    setView("customers");
    setCommand({ name, at: Date.now() });
  }, []);

  useEffect(() => {
    return onMenu((id) => {
      // What the signed-in role may not use is refused here (the API refuses it too).
      // (The shell greys them in the menu too; this covers a click sent before it did.)
      const refusal = menuRefusal(id, team.session);
      if (refusal === "file") { message.warning(t("menuFileOnly")); return; }
      if (refusal === "role") {
        if (team.session) message.warning(t("roleRefused", { role: t(roleKey(team.session.role)) }));
        return;
      }
      switch (id) {
        case "db_new": void openDb(true); break;
        case "db_open": void openDb(false); break;
        case "customer_new": go("new"); break;
        case "customer_find": go("find"); break;
        case "view_customers": setView("customers"); break;
        case "view_dashboard": setView("dashboard"); break;
        case "report": setView("report"); break;
        case "export_template": void exportTemplate(); break;
        case "export_customers": go("export"); break;
        case "view_recycle": setView("recycle"); break;
        case "import": setView("import"); break;
        case "view_imports": setView("imports"); break;
        case "view_evaluate": setView("evaluate"); break;
        case "view_schemes": setView("schemes"); break;
        case "view_fields": setView("fields"); break;
        case "view_audit": setView("audit"); break;
        case "backup": case "backup_restore": setBackupsOpen(true); break;
        case "team_copy": setTeamCopyOpen(true); break;
        case "team_connect": setTeamConnect({ reason: null }); break;
        case "db_password": setPasswordOpen(true); break;
        case "my_name": setMyNameOpen(true); break;
        case "about": Modal.info({ title: t("appName"), content: t("aboutText") }); break;
        case "users":
          if (team.session?.team) setView("users");
          else Modal.info({ title: t("usersTitle"), content: t("usersTeamOnly") });
          break;
      }
    });
  }, [openDb, go, t, exportTemplate, team.session, message]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === "n") { e.preventDefault(); go("new"); }
      if (k === "f") { e.preventDefault(); go("find"); }
      if (k === "p") { e.preventDefault(); setView("report"); }
      if (k === "q") { e.preventDefault(); closeWindow(); }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go]);

  // After a restore the window reloads everything from the restored file.
  const restored = useCallback(() => {
    setDamaged(null);
    setGeneration((g) => g + 1);
    void refresh();
    void verify();
  }, [refresh, verify]);
  const backups = backupsOpen && (
    <Suspense fallback={null}>
      <BackupDialog open customers={db?.customers ?? 0} onClose={() => setBackupsOpen(false)} onRestored={restored} />
    </Suspense>
  );

  const prompt = locked && (
    <PasswordPrompt path={locked.path} refusal={locked.refusal} onOpened={unlocked} onCancel={() => setLocked(null)} />
  );
  const passwordDialog = passwordOpen && (
    <Suspense fallback={null}><PasswordDialog onClose={() => setPasswordOpen(false)} /></Suspense>
  );
  // 连接团队数据库 (CONN): the team database replaced the open one; the window loads it like any
  // database opened, and the sign-in dialog follows (its lists refuse with sign_in_needed until then).
  // 迁移到团队数据库's 「现在连接」 (MIG) ends the same way.
  const teamConnected = (info: DbInfo) => {
    setTeamConnect(null);
    setTeamCopyOpen(false);
    setLocked(null);
    setStartupError(null);
    setDamaged(null);
    message.success(t("teamConnectDone", { label: dbPlace(info).place }));
    setGeneration((g) => g + 1);
    setView("customers");
    void refresh();
  };
  const teamConnectDialog = teamConnect && (
    <Suspense fallback={null}>
      <TeamConnectDialog reason={teamConnect.reason} onClose={() => setTeamConnect(null)} onConnected={teamConnected} />
    </Suspense>
  );
  // 迁移到团队数据库 (MIG): the open file stays open until 「现在连接」.
  const teamCopy = teamCopyOpen && (
    <Suspense fallback={null}>
      <CopyToTeamDialog team={db?.team ?? false} onClose={() => setTeamCopyOpen(false)} onConnected={teamConnected} />
    </Suspense>
  );

  // Signed in (or out): everything is read again as that person.
  const signedIn = useCallback((s: Session) => {
    team.signedIn(s);
    setGeneration((g) => g + 1);
    setView("customers");
    void refresh();
  }, [team, refresh, setView]);
  // A page the role may not open (after signing in as someone else) gives way to the list.
  useEffect(() => {
    if (view !== "record" && team.session && !can(team.session, PAGE_PERMS[view])) setViewNow("customers");
  }, [view, team.session]);

  if (team.loaded && team.session == null) {
    return (
      <SessionProvider value={team}>
        <Layout style={{ height: "100vh" }} data-testid="signed-out">
          <SignInDialog label={dbPlace(db).place} onSignedIn={signedIn} onOpenOther={() => void openDb(false)} />
          {prompt}
        </Layout>
      </SessionProvider>
    );
  }

  const refused = damaged ?? (db ? null : startupError);
  if (refused) {
    return (
      <Result
        status="warning"
        title={damaged ? t("dbDamaged") : t("dbStartupFailed")}
        subTitle={refused.message}
        extra={
          <Space>
            <Button type="primary" onClick={() => void openDb(false)}>{t("dbOpen")}</Button>
            <Button onClick={() => void openDb(true)}>{t("dbNew")}</Button>
            {refused.code === "password_needed" && (
              <Button onClick={() => setLocked({ path: null, refusal: refused })} data-testid="password-retry">{t("passwordPromptTitle")}</Button>
            )}
            {prompt}
            {damaged && <Button onClick={() => setBackupsOpen(true)} data-testid="damaged-restore">{t("backupRestoreDamaged")}</Button>}
            {backups}
          </Space>
        }
      />
    );
  }

  return (
    <SessionProvider value={team}>
    <Layout style={{ height: "100vh" }}>
      <Layout.Sider theme="light" width={180} className="sider">
        <div className="brand">★ TierDesk</div>
        <Menu
          mode="inline"
          selectedKeys={[view === "record" ? record?.from ?? "customers" : view]}
          onClick={(e) => setView(e.key as View)}
          items={[
            { key: "dashboard", icon: <DashboardOutlined />, label: <span data-testid="nav-dashboard">{t("navDashboard")}</span> },
            { key: "today", icon: <CheckSquareOutlined />, label: <span data-testid="nav-today">{t("navToday")}</span> },
            { key: "customers", icon: <TeamOutlined />, label: <span data-testid="nav-customers">{t("navCustomers")}</span> },
            { key: "import", icon: <ImportOutlined />, label: <span data-testid="nav-import">{t("navImport")}</span> },
            { key: "imports", icon: <HistoryOutlined />, label: <span data-testid="nav-imports">{t("navImports")}</span> },
            { key: "evaluate", icon: <StarOutlined />, label: <span data-testid="nav-evaluate">{t("navEvaluate")}</span> },
            { key: "schemes", icon: <OrderedListOutlined />, label: <span data-testid="nav-schemes">{t("navSchemes")}</span> },
            { key: "benefits", icon: <GiftOutlined />, label: <span data-testid="nav-benefits">{t("navBenefits")}</span> },
            { key: "points", icon: <GiftOutlined />, label: <span data-testid="nav-points">{t("navPoints")}</span> },
            { key: "cases", icon: <MessageOutlined />, label: <span data-testid="nav-cases">{t("navCases")}</span> },
            { key: "surveys", icon: <SmileOutlined />, label: <span data-testid="nav-surveys">{t("navSurveys")}</span> },
            { key: "churn", icon: <WarningOutlined />, label: <span data-testid="nav-churn">{t("navChurn")}</span> },
            { key: "analysis", icon: <LineChartOutlined />, label: <span data-testid="nav-analysis">{t("navAnalysis")}</span> },
            { key: "report", icon: <FileTextOutlined />, label: <span data-testid="nav-report">{t("navReport")}</span> },
            { key: "recycle", icon: <DeleteOutlined />, label: <span data-testid="nav-recycle">{t("navRecycle")}</span> },
            { key: "fields", icon: <TagsOutlined />, label: <span data-testid="nav-fields">{t("navFields")}</span> },
            { key: "audit", icon: <AuditOutlined />, label: <span data-testid="nav-audit">{t("navAudit")}</span> },
            { key: "users", icon: <UserOutlined />, label: <span data-testid="nav-users">{t("navUsers")}</span> },
          ].filter((i) => can(team.session, PAGE_PERMS[i.key as keyof typeof PAGE_PERMS]) && (i.key !== "users" || team.session?.team))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="header">
          <Typography.Title level={4} style={{ margin: 0 }}>{t("appName")}</Typography.Title>
          <Space>
            <Button size="small" icon={<FolderOpenOutlined />} onClick={() => void openDb(false)}>{t("dbOpen")}</Button>
            <Button size="small" icon={<PlusSquareOutlined />} onClick={() => void openDb(true)}>{t("dbNew")}</Button>
            {can(team.session, "settings") && <Button size="small" icon={<SafetyOutlined />} onClick={() => setBackupsOpen(true)} data-testid="header-backups">{t("backupMenu")}</Button>}
            {can(team.session, "settings") && <Button size="small" icon={<LockOutlined />} onClick={() => setPasswordOpen(true)} data-testid="header-password">{t("passwordTitle")}</Button>}
            {db && !db.team && (
              <Button size="small" icon={<CloudUploadOutlined />} title={t("teamCopyTitle")} aria-label={t("teamCopyTitle")}
                onClick={() => setTeamCopyOpen(true)} data-testid="header-team-copy" />
            )}
            <Button size="small" data-testid="language" onClick={() => setLocale(locale === "zh-CN" ? "en-US" : "zh-CN")}>
              {t("language")}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="content" key={generation}>
          {startupError && <Alert type="error" message={startupError.message} />}
          {db && !db.team && myName && <MyNameBanner key={nameVersion} initial={myName} />}
          {view === "customers" && (
            <CustomerList fieldDefs={fieldDefs} tiers={tiers} command={command} onChanged={() => void refresh()} onImport={() => setView("import")} />
          )}
          <Suspense fallback={<Spin style={{ display: "block", marginTop: 48 }} />}>
          {view === "import" && (
            <ImportPage file={importFile} onExportTemplate={() => void exportTemplate()} onChanged={() => void refresh()} onOpenCustomers={() => { setGeneration((g) => g + 1); setView("customers"); }} />
          )}
          {view === "dashboard" && <DashboardPage onOpenReport={() => setView("report")} />}
          {view === "today" && <TodayPage />}
          {view === "report" && <ReportPage />}
          {view === "benefits" && <BenefitsPage />}
          {view === "points" && <PointsCataloguePage />}
          {view === "imports" && <ImportHistory onChanged={() => void refresh()} />}
          {view === "evaluate" && <EvaluatePage onChanged={() => void refresh()} />}
          {view === "schemes" && <SchemesPage onChanged={() => void refresh()} />}
          {view === "recycle" && <RecycleBin onChanged={() => void refresh()} />}
          {view === "audit" && <AuditPage />}
          {view === "cases" && <CasesPage />}
          {view === "surveys" && <SurveysPage />}
          {view === "analysis" && <AnalysisPage />}
          {view === "churn" && <ChurnPage />}
          {view === "users" && <UsersPage />}
          {view === "record" && record && (
            <CustomerRecord customerId={record.id} tiers={tiers} onBack={() => setView(record.from)} />
          )}
          {view === "fields" && <FieldsPage fieldDefs={fieldDefs} onChanged={() => void refresh()} />}
          </Suspense>
        </Layout.Content>
        {backups}
        {prompt}
        {passwordDialog}
        {teamCopy}
        {teamConnectDialog}
        {myNameOpen && <MyNameDialog onClose={(n) => { setMyNameOpen(false); if (n) setMyName(n); setNameVersion((v) => v + 1); }} />}
        <Layout.Footer className="statusbar">
          <span data-testid="db-path" title={db?.path}>
            {dbPlace(db).team ? t("teamDatabase", { place: dbPlace(db).place }) : `${t("database")}：${db?.path ?? ""}`}
          </span>
          <span>{t("customersTotal", { n: (db?.customers ?? 0).toLocaleString() })}</span>
          <UserBadge onSignedOut={() => setGeneration((g) => g + 1)} />
        </Layout.Footer>
      </Layout>
    </Layout>
    </SessionProvider>
  );
}
