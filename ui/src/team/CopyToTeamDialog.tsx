// 文件 → 迁移到团队数据库…: the open local file copied into an empty team
// database. Three steps in one dialog: where to (the team database), the
// progress (copying, then checking table by table), and the result: every
// table with its rows and checksum on both sides, ✓ or ✗, the tables not
// copied with why, and 「现在连接到团队数据库」. The local file is never
// changed; a copy that does not check out leaves nothing on the server.
import { useState } from "react";
import { Alert, App as AntApp, Button, Collapse, Modal, Progress, Space, Table, Typography } from "antd";
import { api, asApiError, type DbInfo, type TeamCopyProgress, type TeamCopyReport, type TeamCopyTable, type TeamLogin } from "../ipc/api";
import { useI18n } from "../i18n";
import { count } from "../format";
import { EMPTY_TEAM_LOGIN, TeamConnectForm, teamLoginComplete } from "./TeamConnectForm";

/** The first 16 hex digits of a checksum: enough to compare by eye. */
export function shortSum(sum: string): string {
  return sum.slice(0, 16);
}

/** Why the copy is shown as failed: the tables that differ, in copy order. */
export function differing(report: TeamCopyReport): string[] {
  return report.tables.filter((t) => !t.same).map((t) => t.table);
}

export function CopyToTeamDialog({ team, onClose, onConnected }: {
  /** The open database is a team database: there is no file to copy. */
  team: boolean;
  onClose: () => void;
  /** 「现在连接到团队数据库」 connected the app to it (as 连接团队数据库 does). */
  onConnected: (info: DbInfo) => void;
}) {
  const { t, m } = useI18n();
  const { modal } = AntApp.useApp();
  const [login, setLogin] = useState<TeamLogin>(EMPTY_TEAM_LOGIN);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<TeamCopyProgress | null>(null);
  const [report, setReport] = useState<TeamCopyReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    if (!teamLoginComplete(login)) { setError(t("teamConnectFill")); return; }
    setBusy(true); setError(null); setReport(null); setProgress(null);
    try {
      setReport(await api.copyToTeam(login, setProgress));
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false); setProgress(null);
    }
  };

  // The same door as 文件 → 连接团队数据库…: the app leaves the file for the team database.
  const connect = async () => {
    setBusy(true); setError(null);
    try {
      const done = await api.connectTeam(login);
      if (done.keyring_problem) modal.warning({ title: t("teamConnectTitle"), content: m(done.keyring_problem) });
      onConnected(done.info);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const columns = [
    { title: t("teamCopyTable"), dataIndex: "table", key: "table" },
    { title: t("teamCopyLocalRows"), key: "local_rows", align: "right" as const, render: (r: TeamCopyTable) => count(r.local_rows) },
    { title: t("teamCopyTeamRows"), key: "team_rows", align: "right" as const, render: (r: TeamCopyTable) => count(r.team_rows) },
    { title: t("teamCopyLocalSum"), key: "local_checksum", render: (r: TeamCopyTable) => <Typography.Text code title={r.local_checksum}>{shortSum(r.local_checksum)}</Typography.Text> },
    { title: t("teamCopyTeamSum"), key: "team_checksum", render: (r: TeamCopyTable) => <Typography.Text code title={r.team_checksum}>{shortSum(r.team_checksum)}</Typography.Text> },
    {
      title: t("teamCopySame"), key: "same", align: "center" as const,
      render: (r: TeamCopyTable) => <span data-testid={`team-copy-same-${r.table}`} style={{ color: r.same ? "#389e0d" : "#cf1322" }}>{r.same ? "✓" : "✗"}</span>,
    },
  ];

  const rows = report ? report.tables.reduce((n, r) => n + r.local_rows, 0) : 0;
  const footer = report
    ? [
      <Button key="close" onClick={onClose} data-testid="team-copy-close">{t("teamCopyClose")}</Button>,
      report.saved && <Button key="connect" type="primary" loading={busy} onClick={() => void connect()} data-testid="team-copy-connect">{t("teamCopyConnect")}</Button>,
    ]
    : [
      <Button key="cancel" disabled={busy} onClick={onClose}>{t("teamCopyClose")}</Button>,
      <Button key="start" type="primary" loading={busy} disabled={team} onClick={() => void start()} data-testid="team-copy-start">{t("teamCopyStart")}</Button>,
    ];

  return (
    <Modal open title={t("teamCopyTitle")} width={report ? 960 : 600} onCancel={() => !busy && onClose()} footer={footer} maskClosable={false}>
      {team && <Alert type="info" showIcon message={t("teamCopyNeedsFile")} />}
      {!report && !team && (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Typography.Paragraph>{t("teamCopyIntro")}</Typography.Paragraph>
          <TeamConnectForm value={login} onChange={(v) => { setLogin(v); setError(null); }} disabled={busy} onSubmit={() => void start()} />
        </Space>
      )}
      {progress && (
        <div style={{ marginTop: 12 }} data-testid="team-copy-progress">
          <Progress percent={progress.total ? Math.floor((progress.done / progress.total) * 100) : 0} />
          <Typography.Text type="secondary">
            {t(progress.step === "copy" ? "teamCopyCopying" : "teamCopyChecking", { table: progress.table, done: count(progress.done), total: count(progress.total) })}
          </Typography.Text>
        </div>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="team-copy-error" />}
      {report && (
        <Space direction="vertical" style={{ width: "100%" }}>
          {report.saved
            ? <Alert type="success" showIcon data-testid="team-copy-done"
              message={t("teamCopyDone", { tables: count(report.tables.length), rows: count(rows), seconds: report.seconds.toFixed(1) })}
              description={t("teamCopyAfter", { team: report.team })} />
            : <Alert type="error" showIcon data-testid="team-copy-failed" message={t("teamCopyFailed", { tables: differing(report).join(t("teamCopyListJoin")) })} />}
          <Table<TeamCopyTable> size="small" rowKey="table" pagination={false} scroll={{ y: 360 }}
            columns={columns} dataSource={report.tables} data-testid="team-copy-table" />
          <Collapse size="small" items={[{
            key: "skipped",
            label: t("teamCopySkipped", { n: count(report.skipped.length) }),
            children: (
              <ul style={{ margin: 0 }} data-testid="team-copy-skipped">
                {report.skipped.map((s) => <li key={s.table}><Typography.Text code>{s.table}</Typography.Text> {t(skipKey(s.kind))}</li>)}
              </ul>
            ),
          }]} />
        </Space>
      )}
    </Modal>
  );
}

/** The catalogue key saying why a table is not copied (its kind from Rust). */
export function skipKey(kind: string) {
  switch (kind) {
    case "migrations": return "teamCopySkip_migrations" as const;
    case "sequence": return "teamCopySkip_sequence" as const;
    case "stats": return "teamCopySkip_stats" as const;
    case "search": return "teamCopySkip_search" as const;
    case "users": return "teamCopySkip_users" as const;
    default: return "teamCopySkip_other" as const;
  }
}
