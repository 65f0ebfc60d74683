// Step 4: what the import would do — counts, the duplicate and bad-row rules,
// every problem with its cell, and the rows as they would be read.
import { Alert, Button, Card, Radio, Space, Statistic, Switch, Table, Tag, Typography } from "antd";
import type { ImportPreview, OnDuplicate, PairChoice, RowFate, RowProblem } from "../../ipc/api";
import { useI18n } from "../../i18n";
import { columnLetter } from "../state";
import { problemText } from "../problemText";
import { PairsCard } from "./PairsCard";

const fateColor: Record<RowFate, string> = {
  new: "green", update: "blue", unchanged: "default", skip: "default", rejected: "red", not_data: "default",
};

export function PreviewStep({ preview, onDuplicate, skipBadRows, busy, onDuplicateRule, onPair, onBadRowRule, onSaveErrors, onBack, onCommit }: {
  preview: ImportPreview;
  onDuplicate: OnDuplicate;
  skipBadRows: boolean;
  busy: boolean;
  onDuplicateRule: (rule: OnDuplicate) => void;
  onPair: (row: number, choice: PairChoice) => void;
  onBadRowRule: (skip: boolean) => void;
  onSaveErrors: () => void;
  onBack: () => void;
  onCommit: () => void;
}) {
  const { t, locale } = useI18n();
  const problemColumns = [
    { title: t("importRow"), dataIndex: "row", width: 70 },
    { title: t("importColumn"), dataIndex: "column", width: 60 },
    { title: t("importHeader"), dataIndex: "header", width: 140 },
    { title: t("importValue"), dataIndex: "value", width: 160, ellipsis: true },
    {
      title: t("importReason"), dataIndex: "message",
      // A note (the row is imported, the cell left empty) is told apart from
      // a problem that keeps the row out.
      render: (_: string, p: RowProblem) => (
        <Space size={4}>
          <Tag color={p.row_kept ? "blue" : "red"} data-testid={p.row_kept ? "problem-note" : "problem-error"}>
            {p.row_kept ? t("importProblemNote") : t("importProblemError")}
          </Tag>
          <span data-testid="problem-text">{problemText(p, locale)}</span>
        </Space>
      ),
    },
  ];
  return (
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
      <PairsCard pairs={preview.possible_duplicates} busy={busy} onPair={onPair} />
      <Card size="small" title={t("importOptions")}>
        <Space direction="vertical">
          {preview.kind === "customers" && (
            <Space>
              <Typography.Text>{t("importOnDuplicate")}</Typography.Text>
              <Radio.Group value={onDuplicate} onChange={(e) => onDuplicateRule(e.target.value)} data-testid="on-duplicate">
                <Radio value="update">{t("importDupUpdate")}</Radio>
                <Radio value="skip">{t("importDupSkip")}</Radio>
                <Radio value="new">{t("importDupNew")}</Radio>
              </Radio.Group>
            </Space>
          )}
          <Space>
            <Switch checked={skipBadRows} onChange={onBadRowRule} data-testid="skip-bad-rows" />
            <Typography.Text>{skipBadRows ? t("importSkipBad") : t("importRefuseBad")}</Typography.Text>
          </Space>
        </Space>
      </Card>
      {preview.problem_count > 0 && (
        <Card
          size="small"
          title={t("importProblems", { n: preview.problem_count })}
          extra={<Button size="small" onClick={onSaveErrors} data-testid="save-errors">{t("importErrorsSave")}</Button>}
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
        <Button onClick={onBack}>{t("importBack")}</Button>
        <Button type="primary" data-testid="import-commit" loading={busy} onClick={onCommit}>{t("importCommit")}</Button>
      </Space>
    </>
  );
}
