// Step 3: what each column of the sheet becomes (a customer field, an order-line field, a new custom field).
import { useMemo } from "react";
import { Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ImportPreview, Mapping, Target, TargetOption } from "../../ipc/api";
import { useI18n } from "../../i18n";
import { columnLetter, sampleOf, targetGroups } from "../state";

export function ColumnsStep({ mapping, preview, targets, busy, onTarget, onBack, onNext }: {
  mapping: Mapping;
  preview: ImportPreview;
  targets: TargetOption[];
  busy: boolean;
  onTarget: (col: number, target: Target) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useI18n();
  const groups = useMemo(() => targetGroups(targets), [targets]);
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
      <Table
        size="small"
        rowKey="col"
        pagination={false}
        dataSource={mapping.columns}
        data-testid="mapping-table"
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
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button onClick={onBack}>{t("importBack")}</Button>
        <Button type="primary" data-testid="import-next" loading={busy} onClick={onNext}>{t("importNext")}</Button>
      </Space>
    </Card>
  );
}
