// The import wizard: file → sheet → columns → preview → import → result.
// Reading runs in Rust on a worker thread; progress arrives as events and
// the cancel button stops it without touching the database.
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Alert, App, Button, Card, Empty, Input, Progress, Radio, Result, Select, Space, Statistic, Steps, Switch, Table, Tag, Tooltip, Typography,
} from "antd";
import { InboxOutlined } from "@ant-design/icons";
import { listen } from "@tauri-apps/api/event";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import {
  api, asApiError,
  type FileInspection, type ImportKind, type ImportPreview, type ImportProgress, type ImportRequest, type ImportSummary,
  type Mapping, type OnDuplicate, type RowFate, type RowProblem, type TargetOption,
} from "../ipc/api";
import { useI18n } from "../i18n";

const EXTENSIONS = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt"];

const fateColor: Record<RowFate, string> = {
  new: "green", update: "blue", unchanged: "default", skip: "default", rejected: "red", not_data: "default",
};

/** A count as people read it, with thousands separators (541,909). */
const count = (n: number) => n.toLocaleString("en-US");

/** Excel's column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = "";
  let i = index;
  for (;;) {
    s = String.fromCharCode(65 + (i % 26)) + s;
    if (i < 26) break;
    i = Math.floor(i / 26) - 1;
  }
  return s;
}

export function ImportPage({ file, onChanged, onOpenCustomers, onExportTemplate }: {
  onExportTemplate?: () => void;
  file: { path: string; at: number } | null;
  onChanged: () => void;
  onOpenCustomers: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [step, setStep] = useState(0);
  const [inspection, setInspection] = useState<FileInspection | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  const [kind, setKind] = useState<ImportKind | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [targets, setTargets] = useState<TargetOption[]>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>("update");
  const [skipBadRows, setSkipBadRows] = useState(true);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [typedPath, setTypedPath] = useState("");

  useEffect(() => {
    const un = listen<ImportProgress>("import-progress", (e) => setProgress(e.payload));
    return () => { void un.then((f) => f()); };
  }, []);

  const reset = () => {
    setStep(0); setInspection(null); setSheet(null); setKind(null); setMapping(null); setPreview(null);
    setSummary(null); setError(null); setProgress(null);
  };

  const inspect = useCallback(async (path: string) => {
    reset();
    setBusy(true);
    try {
      const info = await api.inspectImportFile(path);
      setInspection(info);
      setSheet(info.suggested_sheet);
      setStep(1);
    } catch (e) {
      setError(asApiError(e).message);
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => { if (file) void inspect(file.path); }, [file, inspect]);

  const pick = async () => {
    const path = await openDialog({
      title: t("importPick"), multiple: false, directory: false,
      filters: [{ name: t("importFilter"), extensions: EXTENSIONS }],
    });
    if (typeof path === "string") await inspect(path);
  };

  const request = (m: Mapping | null): ImportRequest => ({
    path: inspection?.path ?? "", sheet, kind, mapping: m, profile: null,
    on_duplicate: onDuplicate, skip_bad_rows: skipBadRows,
  });

  const runPreview = async (m: Mapping | null, next: number) => {
    setBusy(true); setError(null); setProgress(null);
    try {
      const p = await api.previewImport(request(m));
      setPreview(p);
      setMapping(p.mapping);
      setKind(p.kind);
      if (targets.length === 0) setTargets(await api.importTargets());
      // A sheet in TierDesk's own layout needs no mapping: go straight to the preview.
      setStep(next === 2 && p.exact_headers ? 3 : next);
    } catch (e) {
      const err = asApiError(e);
      if (err.code !== "cancelled") setError(err.message); else message.info(err.message);
    } finally {
      setBusy(false); setProgress(null);
    }
  };

  // A changed duplicate rule or bad-row rule changes the counts: preview again.
  useEffect(() => {
    if (step === 3 && mapping) void runPreview(mapping, 3);
  }, [onDuplicate]); // eslint-disable-line react-hooks/exhaustive-deps

  const commit = async () => {
    setBusy(true); setError(null); setProgress(null);
    try {
      const s = await api.commitImport(request(mapping));
      setSummary(s);
      setStep(4);
      onChanged();
    } catch (e) {
      const err = asApiError(e);
      if (err.code !== "cancelled") setError(err.message); else message.info(err.message);
    } finally {
      setBusy(false); setProgress(null);
    }
  };

  const saveErrors = async () => {
    const base = (inspection?.file_name ?? "导入").replace(/\.[^.]+$/, "");
    const out = await saveDialog({
      title: t("importErrorsSave"), defaultPath: `${base}_错误标注.xlsx`,
      filters: [{ name: "Excel", extensions: ["xlsx"] }],
    });
    if (typeof out !== "string") return;
    try {
      const n = await api.writeImportErrors(request(mapping), out);
      message.success(t("importErrorsSaved", { n, path: out }));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  const setTarget = (col: number, value: string) => {
    if (!mapping) return;
    const target = JSON.parse(value);
    setMapping({ ...mapping, columns: mapping.columns.map((c) => (c.col === col ? { ...c, target } : c)) });
  };

  const targetOptions = useMemo(() => {
    const groups = new Map<string, { label: string; value: string }[]>();
    for (const o of targets) {
      if (!groups.has(o.group)) groups.set(o.group, []);
      groups.get(o.group)!.push({ label: o.label, value: JSON.stringify(o.target) });
    }
    return [...groups.entries()].map(([label, options]) => ({ label, options }));
  }, [targets]);

  const sampleOf = (col: number) =>
    (preview?.rows ?? []).filter((r) => r.fate !== "not_data").slice(0, 3).map((r) => r.cells[col] ?? "").filter(Boolean).join(" / ");

  const progressBar = busy && (
    <Card size="small" data-testid="import-progress">
      <Space style={{ width: "100%" }} direction="vertical">
        <Typography.Text>
          {progress?.stage === "writing" ? t("importWriting") : progress?.stage === "matching" ? t("importMatching") : t("importReading")}
          {progress ? ` ${progress.done.toLocaleString()}${progress.total ? ` / ${progress.total.toLocaleString()}` : ""}` : ""}
        </Typography.Text>
        <Progress
          percent={progress?.total ? Math.min(100, Math.round((100 * progress.done) / progress.total)) : undefined}
          status="active"
          showInfo={!!progress?.total}
        />
        <Button danger size="small" data-testid="import-cancel" onClick={() => void api.cancelImport()}>{t("cancel")}</Button>
      </Space>
    </Card>
  );

  const problemColumns = [
    { title: t("importRow"), dataIndex: "row", width: 70 },
    { title: t("importColumn"), dataIndex: "column", width: 60 },
    { title: t("importHeader"), dataIndex: "header", width: 140 },
    { title: t("importValue"), dataIndex: "value", width: 160, ellipsis: true },
    {
      title: t("importReason"), dataIndex: "message",
      // A note (the row is imported, the cell left empty) is told apart from
      // a problem that keeps the row out.
      render: (message: string, p: RowProblem) => (
        <Space size={4}>
          <Tag color={p.row_kept ? "blue" : "red"} data-testid={p.row_kept ? "problem-note" : "problem-error"}>
            {p.row_kept ? t("importProblemNote") : t("importProblemError")}
          </Tag>
          {message}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle" data-testid="import-page">
      <Steps
        size="small"
        current={step}
        status={step === 4 && summary ? "finish" : undefined}
        items={[t("importStepFile"), t("importStepSheet"), t("importStepColumns"), t("importStepPreview"), t("importStepResult")].map((title) => ({ title }))}
      />
      {error && <Alert type="error" showIcon message={error} data-testid="import-error" closable onClose={() => setError(null)} />}
      {progressBar}

      {step === 0 && (
        <Card>
          <div className="dropzone" onClick={() => void pick()} data-testid="import-pick">
            <InboxOutlined style={{ fontSize: 48, color: "#1677ff" }} />
            <Typography.Title level={5}>{t("importDrop")}</Typography.Title>
            <Typography.Text type="secondary">{t("importFormats")}</Typography.Text>
          </div>
          <Space.Compact style={{ width: "100%", marginTop: 16 }}>
            <Input
              placeholder={t("importPathPlaceholder")}
              value={typedPath}
              data-testid="import-path"
              onChange={(e) => setTypedPath(e.target.value)}
              onPressEnter={() => typedPath.trim() && void inspect(typedPath.trim().replace(/^"|"$/g, ""))}
            />
            <Button data-testid="import-open" disabled={!typedPath.trim()} onClick={() => void inspect(typedPath.trim().replace(/^"|"$/g, ""))}>
              {t("importOpenPath")}
            </Button>
          </Space.Compact>
          {onExportTemplate && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              <Button type="link" size="small" style={{ padding: 0 }} data-testid="import-template" onClick={onExportTemplate}>{t("exportTemplate")}</Button>
            </Typography.Paragraph>
          )}
        </Card>
      )}

      {step === 1 && inspection && (
        <Card title={`${inspection.file_name}（${inspection.format}）`}>
          <Space direction="vertical" size="middle">
            <div>
              <Typography.Text strong>{t("importSheet")}</Typography.Text>
              <Radio.Group value={sheet} onChange={(e) => setSheet(e.target.value)} style={{ display: "block", marginTop: 8 }}>
                <Space direction="vertical">
                  {inspection.sheets.map((s) => (
                    <Radio key={s.name} value={s.name} data-testid={`sheet-${s.name}`}>
                      {s.name}
                      {s.rows != null && <Typography.Text type="secondary">（{t("importRows", { n: s.rows })}）</Typography.Text>}
                      {!s.visible && <Tag style={{ marginLeft: 8 }}>{t("importHidden")}</Tag>}
                      {s.name === inspection.suggested_sheet && <Tag color="blue" style={{ marginLeft: 8 }}>{t("importSuggested")}</Tag>}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </div>
            <div>
              <Typography.Text strong>{t("importKind")}</Typography.Text>
              <Radio.Group value={kind ?? "auto"} onChange={(e) => setKind(e.target.value === "auto" ? null : e.target.value)} style={{ display: "block", marginTop: 8 }}>
                <Radio value="auto">{t("importKindAuto")}</Radio>
                <Radio value="customers">{t("importKindCustomers")}</Radio>
                <Radio value="transactions">{t("importKindTransactions")}</Radio>
              </Radio.Group>
            </div>
            <Space>
              <Button onClick={reset}>{t("importBack")}</Button>
              <Button type="primary" data-testid="import-next" loading={busy} onClick={() => void runPreview(null, 2)}>{t("importNext")}</Button>
            </Space>
          </Space>
        </Card>
      )}

      {step === 2 && mapping && preview && (
        <Card
          title={t("importColumnsTitle", { n: mapping.columns.length })}
          extra={preview.profile && (
            <Tooltip title={t("importProfileHint")}>
              <Tag color="green" data-testid="import-profile">{t("importProfileUsed", { name: preview.profile })}</Tag>
            </Tooltip>
          )}
        >
          <Typography.Paragraph type="secondary">{t("importColumnsHint")}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="col"
            pagination={false}
            dataSource={mapping.columns}
            data-testid="mapping-table"
            columns={[
              { title: t("importColumn"), dataIndex: "col", width: 60, render: (c: number) => columnLetter(c) },
              { title: t("importHeader"), dataIndex: "header", width: 180 },
              { title: t("importSample"), key: "sample", ellipsis: true, render: (_: unknown, c) => sampleOf(c.col) },
              {
                title: t("importTarget"), key: "target", width: 240,
                render: (_: unknown, c) => (
                  <Select
                    style={{ width: 220 }}
                    data-testid={`target-${columnLetter(c.col)}`}
                    value={JSON.stringify(c.target)}
                    options={[
                      ...targetOptions,
                      ...(targets.some((o) => JSON.stringify(o.target) === JSON.stringify(c.target))
                        ? [] : [{ label: t("importNewField"), options: [{ label: `${t("importNewField")}：${c.header}`, value: JSON.stringify(c.target) }] }]),
                    ]}
                    onChange={(v) => setTarget(c.col, v)}
                  />
                ),
              },
            ]}
          />
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(1)}>{t("importBack")}</Button>
            <Button type="primary" data-testid="import-next" loading={busy} onClick={() => void runPreview(mapping, 3)}>{t("importNext")}</Button>
          </Space>
        </Card>
      )}

      {step === 3 && preview && (
        <>
          {preview.exact_headers && <Alert type="success" showIcon message={t("importExact")} data-testid="import-exact" style={{ marginBottom: 12 }} />}
          <Card size="small">
            <Space size="large" wrap data-testid="import-counts">
              <Statistic title={t("importRowsRead")} value={preview.counts.rows_read} />
              {preview.kind === "customers" ? (
                <>
                  <Statistic title={t("importNew")} value={preview.counts.new} valueStyle={{ color: "#389e0d" }} />
                  <Statistic title={t("importUpdated")} value={preview.counts.updated} valueStyle={{ color: "#1677ff" }} />
                  <Statistic title={t("importUnchanged")} value={preview.counts.unchanged} />
                </>
              ) : (
                <>
                  <Statistic title={t("importLines")} value={preview.counts.lines} valueStyle={{ color: "#389e0d" }} />
                  <Statistic title={t("importNewCustomers")} value={preview.counts.new} />
                  <Statistic title={t("importLinesNoCustomer")} value={preview.counts.lines_without_customer} />
                </>
              )}
              <Statistic title={t("importSkipped")} value={preview.counts.skipped} />
              <Statistic title={t("importRejected")} value={preview.counts.rejected} valueStyle={{ color: preview.counts.rejected ? "#cf1322" : undefined }} />
            </Space>
            {preview.counts.duplicates_in_file > 0 && (
              <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t("importDupInFile", { n: preview.counts.duplicates_in_file })} />
            )}
            {preview.counts.new_fields.length > 0 && (
              <Alert style={{ marginTop: 12 }} type="info" showIcon message={t("importNewFields", { names: preview.counts.new_fields.join("、") })} />
            )}
          </Card>
          <Card size="small" title={t("importOptions")}>
            <Space direction="vertical">
              {preview.kind === "customers" && (
                <Space>
                  <Typography.Text>{t("importOnDuplicate")}</Typography.Text>
                  <Radio.Group value={onDuplicate} onChange={(e) => setOnDuplicate(e.target.value)} data-testid="on-duplicate">
                    <Radio value="update">{t("importDupUpdate")}</Radio>
                    <Radio value="skip">{t("importDupSkip")}</Radio>
                    <Radio value="new">{t("importDupNew")}</Radio>
                  </Radio.Group>
                </Space>
              )}
              <Space>
                <Switch checked={skipBadRows} onChange={setSkipBadRows} data-testid="skip-bad-rows" />
                <Typography.Text>{skipBadRows ? t("importSkipBad") : t("importRefuseBad")}</Typography.Text>
              </Space>
            </Space>
          </Card>
          {preview.problem_count > 0 && (
            <Card
              size="small"
              title={t("importProblems", { n: preview.problem_count })}
              extra={<Button size="small" onClick={() => void saveErrors()} data-testid="save-errors">{t("importErrorsSave")}</Button>}
            >
              <Table<RowProblem>
                size="small" data-testid="problems-table" rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
                dataSource={preview.problems} columns={problemColumns} pagination={{ pageSize: 8, showSizeChanger: false }}
              />
            </Card>
          )}
          <Card size="small" title={t("importRowsPreview")}>
            <Table
              size="small" rowKey="row" scroll={{ x: "max-content", y: 320 }} pagination={false}
              data-testid="preview-table"
              dataSource={preview.rows}
              columns={[
                { title: t("importRow"), dataIndex: "row", width: 60, fixed: "left" as const },
                {
                  title: t("importFate"), dataIndex: "fate", width: 90, fixed: "left" as const,
                  render: (f: RowFate, r) => <Tag color={fateColor[f]} title={r.matched ?? undefined}>{t(`fate_${f}` as const)}</Tag>,
                },
                ...preview.headers.map((h, i) => ({
                  title: h || columnLetter(preview.mapping.columns[i]?.col ?? i),
                  key: `c${i}`,
                  width: 140,
                  ellipsis: true,
                  render: (_: unknown, r: { cells: string[] }) => r.cells[preview.mapping.columns[i]?.col ?? i] ?? "",
                })),
              ]}
            />
          </Card>
          <Space>
            <Button onClick={() => setStep(2)}>{t("importBack")}</Button>
            <Button type="primary" data-testid="import-commit" loading={busy} onClick={() => void commit()}>{t("importCommit")}</Button>
          </Space>
        </>
      )}

      {step === 4 && summary && (
        <Result
          status={summary.error_count ? "warning" : "success"}
          title={t("importDone", { id: summary.import_id })}
          subTitle={
            <span data-testid="import-summary">
              {t("importSummary", {
                read: count(summary.rows_read), inserted: count(summary.inserted), updated: count(summary.updated),
                unchanged: count(summary.unchanged), skipped: count(summary.skipped), errors: count(summary.error_count),
              })}
              {summary.lines > 0 && t("importSummaryLines", { n: count(summary.lines) })}
            </span>
          }
          extra={
            <Space>
              {summary.error_count > 0 && <Button onClick={() => void saveErrors()}>{t("importErrorsSave")}</Button>}
              <Button type="primary" data-testid="import-open-customers" onClick={onOpenCustomers}>{t("importOpenCustomers")}</Button>
              <Button onClick={reset}>{t("importAnother")}</Button>
            </Space>
          }
        />
      )}
      {step === 0 && !busy && !error && <Empty description={t("importEmptyHint")} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
    </Space>
  );
}
