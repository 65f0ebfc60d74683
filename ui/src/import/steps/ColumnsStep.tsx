// Step 3: what each column of the sheet becomes (a customer field, an order-line field, a new custom field).
// A mapping that is only a guess (需确认) is highlighted with its sample values; the next step
// waits until each is confirmed or set to 不导入.
import { useMemo } from "react";
import { Alert, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ImportPreview, Mapping, Target, TargetOption } from "../../ipc/api";
import { useI18n } from "../../i18n";
import { count } from "../../format";
import { columnLetter, sampleOf, targetGroups, unconfirmed } from "../state";

export function ColumnsStep({ mapping, preview, targets, busy, onTarget, onConfirm, onBack, onNext }: {
  mapping: Mapping;
  preview: ImportPreview;
  targets: TargetOption[];
  busy: boolean;
  onTarget: (col: number, target: Target) => void;
  onConfirm: (col: number) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useI18n();
  const groups = useMemo(() => targetGroups(targets, t), [targets, t]);
  const left = unconfirmed(mapping).length;
  const guessed = (c: Mapping["columns"][number]) => c.confidence === "low" && c.target.t !== "ignore";
  return (
    <Card
      title={t("importColumnsTitle", { n: mapping.columns.length })}
      extra={preview.profile && (
        <Tooltip title={t("importProfileHint")}>
          <Tag color="green" data-testid="import-profile">{t("importProfileUsed", { name: preview.profile })}</Tag>
        </Tooltip>
      )}
    >
      <Typography.Paragraph type="secondary">{t("importColumnsHint")}</Typography.Paragraph>
      {left > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="import-guess-alert" message={t("importGuessAlert", { n: count(left) })} />}
      <Table
        size="small"
        rowKey="col"
        pagination={false}
        dataSource={mapping.columns}
        data-testid="mapping-table"
        onRow={(c) => (guessed(c) ? { style: { background: "#fffbe6" } } : {})}
        columns={[
          { title: t("importColumn"), dataIndex: "col", width: 60, render: (c: number) => columnLetter(c) },
          { title: t("importHeader"), dataIndex: "header", width: 180 },
          { title: t("importSample"), key: "sample", ellipsis: true, render: (_: unknown, c) => sampleOf(preview.rows, c.col) },
          {
            title: t("importTarget"), key: "target", width: 240,
            render: (_: unknown, c) => (
              <Select
                style={{ width: 220 }}
                data-testid={`target-${columnLetter(c.col)}`}
                value={JSON.stringify(c.target)}
                options={[
                  ...groups,
                  ...(targets.some((o) => JSON.stringify(o.target) === JSON.stringify(c.target))
                    ? [] : [{ label: t("importNewField"), options: [{ label: `${t("importNewField")}：${c.header}`, value: JSON.stringify(c.target) }] }]),
                ]}
                onChange={(v) => onTarget(c.col, JSON.parse(v) as Target)}
              />
            ),
          },
          {
            title: t("importGuessColumn"), key: "guess", width: 210,
            render: (_: unknown, c) => guessed(c) ? (
              <Space size={4}>
                <Tag color="orange" data-testid={`guess-${columnLetter(c.col)}`}>{t("importGuessTag")}</Tag>
                <Button size="small" type="primary" data-testid={`confirm-${columnLetter(c.col)}`} onClick={() => onConfirm(c.col)}>{t("importGuessConfirm")}</Button>
                <Button size="small" data-testid={`skip-${columnLetter(c.col)}`} onClick={() => onTarget(c.col, { t: "ignore" })}>{t("importGuessSkip")}</Button>
              </Space>
            ) : null,
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button onClick={onBack}>{t("importBack")}</Button>
        <Button type="primary" data-testid="import-next" loading={busy} disabled={left > 0} onClick={onNext}>{t("importNext")}</Button>
        {left > 0 && <Typography.Text type="warning" data-testid="import-guess-left">{t("importGuessLeft", { n: count(left) })}</Typography.Text>}
      </Space>
    </Card>
  );
}
