// 导入满意度调查表: the third kind of import. A file is chosen, previewed
// (how each column is read, what would be imported, every row refused with
// its cell and reason) and imported in one go; undo is in the import history.
import { useEffect, useState } from "react";
import { Alert, App, Button, Descriptions, Modal, Space, Table, Typography } from "antd";
import { api, asApiError, dialogs, type RowProblem, type SurveyImportSummary } from "../ipc/api";
import { useI18n } from "../i18n";
import { problemText } from "../import/problemText";

export interface SurveyImportProps {
  open: boolean;
  /** A file chosen before the dialog opened (e.g. the import page's file). */
  path?: string | null;
  /** The sheet chosen with that file; else the first that reads as a survey sheet. */
  sheet?: string | null;
  onDone: (imported: SurveyImportSummary | null) => void;
}

const SHEETS = [{ name: "Excel / CSV", extensions: ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "txt"] }];

export function SurveyImport({ open, path: given, sheet: givenSheet, onDone }: SurveyImportProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [path, setPath] = useState<string | null>(null);
  const [preview, setPreview] = useState<SurveyImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const read = async (file: string, sheet: string | null = null) => {
    setPath(file);
    setPreview(null);
    setError(null);
    setBusy(true);
    try {
      setPreview(await api.surveyImportPreview({ path: file, sheet }));
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    const file = await dialogs.open({ title: t("surveyImportTitle"), multiple: false, directory: false, filters: SHEETS });
    if (typeof file === "string") await read(file);
  };

  const run = async () => {
    if (!path) return;
    setBusy(true);
    try {
      const done = await api.surveyImport({ path, sheet: preview?.sheet ?? null });
      message.success(t("surveyImportDone", { answers: done.answers, id: done.import_id ?? 0 }));
      if (done.unchanged > 0) message.info(t("surveyImportAlready", { n: done.unchanged }));
      setPath(null);
      setPreview(null);
      onDone(done);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setPath(null);
    setPreview(null);
    setError(null);
    onDone(null);
  };

  useEffect(() => {
    if (open && given) void read(given, givenSheet ?? null);
    // Read once per file handed in; `read` itself changes on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, given, givenSheet]);

  return (
    <Modal
      open={open}
      width={760}
      title={t("surveyImportTitle")}
      onCancel={close}
      footer={
        <Space>
          <Button onClick={close}>{t("cancel")}</Button>
          <Button
            type="primary"
            disabled={!preview || preview.answers === 0}
            loading={busy}
            onClick={() => void run()}
            data-testid="survey-import-run"
          >
            {t("surveyImportRun", { n: preview?.answers ?? 0 })}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t("surveyImportHint")}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => void choose()} loading={busy && !preview} data-testid="survey-import-choose">
          {t("surveyImportChoose")}
        </Button>
        {path && <Typography.Text code>{path.split(/[\\/]/).pop()}</Typography.Text>}
      </Space>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} data-testid="survey-import-error" />}
      {preview && (
        <>
          <Alert
            type={preview.rejected > 0 ? "warning" : "info"}
            data-testid="survey-import-preview"
            message={t("surveyImportWill", {
              answers: preview.answers,
              customers: preview.customers,
              rejected: preview.rejected,
              followUps: preview.follow_ups,
            })}
            description={preview.unchanged > 0 ? t("surveyImportAlready", { n: preview.unchanged }) : undefined}
            style={{ marginBottom: 12 }}
          />
          <Descriptions size="small" column={2} title={t("surveyImportColumns")} style={{ marginBottom: 12 }}>
            {preview.columns.map((c, i) => (
              <Descriptions.Item key={i} label={c.header || `#${i + 1}`}>{c.read_as}</Descriptions.Item>
            ))}
          </Descriptions>
          {preview.problems.length > 0 && (
            <Table<RowProblem>
              size="small"
              title={() => t("surveyImportProblems")}
              rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
              dataSource={preview.problems}
              pagination={{ pageSize: 8 }}
              columns={[
                { title: "#", width: 70, render: (_, p) => `${p.column}${p.row}` },
                { title: t("surveyImportColumns"), dataIndex: "header", width: 110 },
                { title: "", dataIndex: "value", width: 90 },
                { title: "", dataIndex: "message", render: (_, p) => problemText(p, locale) },
              ]}
            />
          )}
        </>
      )}
    </Modal>
  );
}
