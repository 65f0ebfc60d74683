// 导出客户: the current list (its search and filters) to .xlsx in the
// template's layout, with a progress bar for large lists.
import { useState } from "react";
import { App, Checkbox, Modal, Progress, Typography } from "antd";
import { api, dialogs, type CustomerQuery, type ExportProgress } from "../ipc/api";
import { useI18n } from "../i18n";

export function ExportDialog({ open, query, total, onClose }: { open: boolean; query: CustomerQuery; total: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  // Masked unless the person asks for the full values (the export is logged either way).
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ExportProgress | null>(null);

  const run = async () => {
    const path = await dialogs.save({ title: t("exportCustomersTitle"), defaultPath: t("fileCustomers"), filters: [{ name: "Excel", extensions: ["xlsx"] }] });
    if (typeof path !== "string") return;
    setBusy(true); setProgress(null);
    try {
      const n = await api.exportCustomers({ ...query, offset: 0 }, !full, path, setProgress);
      message.success(t("exportDone", { n: n.toLocaleString(), path }));
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false); setProgress(null);
    }
  };

  return (
    <Modal open={open} title={t("exportCustomersTitle")} okText={t("exportCustomers")} onOk={() => void run()} confirmLoading={busy}
      onCancel={() => !busy && onClose()} okButtonProps={{ id: "export-run" }}>
      <Typography.Paragraph>{t("exportScope", { n: total.toLocaleString() })}</Typography.Paragraph>
      <Checkbox checked={full} onChange={(e) => setFull(e.target.checked)} data-testid="export-full">{t("exportFull")}</Checkbox>
      {progress && (
        <div style={{ marginTop: 12 }}>
          <Progress percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0} />
          <Typography.Text type="secondary">{t("exportProgress", { done: progress.done.toLocaleString(), total: progress.total.toLocaleString() })}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}
