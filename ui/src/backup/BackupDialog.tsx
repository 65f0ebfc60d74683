// 备份与恢复 (文件 → 备份… / 从备份恢复…): the open database's backups with
// their time, reason, customers, size and the last change each holds;
// 立即备份; 恢复 from the list or from a file chosen elsewhere, behind a
// confirmation that says what will happen. After a restore the window says
// how the customer count changed and reloads its data.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Input, Modal, Space, Table, Tag, Typography } from "antd";
import { api, asApiError, dialogs, type BackupInfo, type BackupReason, type RestoreSummary } from "../ipc/api";
import { useI18n } from "../i18n";
import type { Messages } from "../i18n/zh";
import { formatBytes, restoredText } from "./format";

const REASON_KEYS: Record<BackupReason, keyof Messages> = {
  open: "backupReasonOpen",
  daily: "backupReasonDaily",
  manual: "backupReasonManual",
  import: "backupReasonImport",
  rating: "backupReasonRating",
  erase: "backupReasonErase",
  restore: "backupReasonRestore",
  migration: "backupReasonMigration",
  password: "backupReasonPassword",
};

export function BackupDialog({ open, customers, onClose, onRestored }: {
  open: boolean;
  /** Customers in the open database, for the confirmation. */
  customers: number;
  onClose: () => void;
  onRestored: (summary: RestoreSummary) => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [list, setList] = useState<BackupInfo[]>([]);
  const [folder, setFolder] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [all, dir] = await Promise.all([api.backups(), api.backupFolder()]);
      setList(all);
      setFolder(dir);
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [message]);
  useEffect(() => { if (open) void load(); }, [open, load]);

  const backupNow = async () => {
    setBusy(true);
    try {
      const made = await api.backupNow();
      message.success(t("backupMade", { n: made.customers.toLocaleString(), file: made.name }));
      await load();
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const restore = (file: string, what: string) => {
    modal.confirm({
      title: t("backupRestoreTitle"),
      width: 520,
      content: (
        <div data-testid="restore-confirm-text">
          <Typography.Paragraph>{t("backupRestoreWhat", { what, n: customers.toLocaleString() })}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t("backupRestoreSafety")}</Typography.Paragraph>
        </div>
      ),
      okText: t("backupRestoreOk"),
      okButtonProps: { danger: true, id: "restore-confirm" },
      cancelText: t("cancel"),
      onOk: () => run(file, null),
    });
  };

  // Runs the restore; a backup encrypted with an earlier password asks for
  // the password of that time and tries again (nothing changes until one
  // opens it).
  const run = async (file: string, password: string | null): Promise<void> => {
    try {
      const summary = await api.restoreBackup(file, password);
      modal.success({
        title: t("backupRestored"),
        content: <span data-testid="restore-result">{restoredText(t, summary)}</span>,
        okButtonProps: { id: "restore-result-ok" },
      });
      onRestored(summary);
      await load();
    } catch (e) {
      const err = asApiError(e);
      if (err.code === "wrong_password" || err.code === "password_needed") {
        askPassword(file, password === null ? null : err.message);
      } else {
        modal.error({ title: t("backupRestoreFailed"), content: err.message });
      }
    }
  };

  const askPassword = (file: string, problem: string | null) => {
    let typed = "";
    modal.confirm({
      title: t("backupPasswordTitle"),
      width: 480,
      content: (
        <div>
          <Typography.Paragraph>{t("backupPasswordWhy")}</Typography.Paragraph>
          {problem && <Typography.Paragraph type="danger" data-testid="backup-password-problem">{problem}</Typography.Paragraph>}
          <Input.Password autoFocus data-testid="backup-password" onChange={(e) => { typed = e.target.value; }} />
        </div>
      ),
      okText: t("backupRestoreOk"),
      okButtonProps: { danger: true, id: "backup-password-ok" },
      cancelText: t("cancel"),
      onOk: () => (typed ? run(file, typed) : undefined),
    });
  };

  const restoreFromFile = async () => {
    const file = await dialogs.open({
      title: t("backupFromFile"),
      multiple: false,
      directory: false,
      filters: [{ name: t("dbFilter"), extensions: ["db", "sqlite"] }],
    });
    if (typeof file === "string") restore(file, t("backupFileWhat", { file }));
  };

  return (
    <Modal open={open} title={t("backupTitle")} width={980} onCancel={onClose} maskClosable={false}
      footer={<Button onClick={onClose} data-testid="backup-close">{t("close")}</Button>}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" loading={busy} onClick={() => void backupNow()} data-testid="backup-now">{t("backupNow")}</Button>
        <Button onClick={() => void restoreFromFile()} data-testid="backup-from-file">{t("backupFromFile")}</Button>
      </Space>
      <Typography.Paragraph type="secondary" data-testid="backup-folder">
        {t("backupFolder", { folder: folder ?? "—" })}
      </Typography.Paragraph>
      <Table<BackupInfo>
        size="small"
        rowKey="file"
        loading={loading}
        dataSource={list}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: t("backupNone") }}
        data-testid="backup-list"
        columns={[
          { title: t("backupTime"), dataIndex: "created_at", width: 170 },
          { title: t("backupReason"), dataIndex: "reason", width: 120, render: (r: BackupReason | null) => (r ? t(REASON_KEYS[r]) : "—") },
          { title: t("backupCustomers"), dataIndex: "customers", align: "right", width: 90, render: (n: number, b) => (b.ok ? n.toLocaleString() : "—") },
          { title: t("backupSize"), dataIndex: "bytes", align: "right", width: 90, render: (n: number) => formatBytes(n) },
          { title: t("backupLastChange"), dataIndex: "last_change", width: 170, render: (v: string | null, b) => (b.ok ? v ?? "—" : b.locked ? <Tag color="orange" title={b.problem ?? ""}>{t("backupLocked")}</Tag> : <Tag color="red" title={b.problem ?? ""}>{t("backupUnreadable")}</Tag>) },
          {
            title: "",
            key: "restore",
            width: 80,
            render: (_: unknown, b, i) => (
              <Button size="small" disabled={!b.ok && !b.locked} data-testid={`backup-restore-${b.reason ?? "file"}-${i}`}
                onClick={() => restore(b.file, t("backupListWhat", { time: b.created_at, n: b.customers.toLocaleString() }))}>
                {t("restore")}
              </Button>
            ),
          },
        ]}
      />
    </Modal>
  );
}
