// Step 2: which sheet of the workbook, and whether it holds customers or order lines.
import { Button, Card, Radio, Space, Tag, Typography } from "antd";
import type { FileInspection, ImportKind } from "../../ipc/api";
import { useI18n } from "../../i18n";

export function SheetStep({ inspection, sheet, kind, busy, onSheet, onKind, onBack, onNext }: {
  inspection: FileInspection;
  sheet: string | null;
  kind: ImportKind | null;
  busy: boolean;
  onSheet: (sheet: string) => void;
  onKind: (kind: ImportKind | null) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useI18n();
  return (
    <Card title={`${inspection.file_name}（${inspection.format}）`}>
      <Space direction="vertical" size="middle">
        <div>
          <Typography.Text strong>{t("importSheet")}</Typography.Text>
          <Radio.Group value={sheet} onChange={(e) => onSheet(e.target.value)} style={{ display: "block", marginTop: 8 }}>
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
          <Radio.Group value={kind ?? "auto"} onChange={(e) => onKind(e.target.value === "auto" ? null : e.target.value)} style={{ display: "block", marginTop: 8 }}>
            <Radio value="auto">{t("importKindAuto")}</Radio>
            <Radio value="customers">{t("importKindCustomers")}</Radio>
            <Radio value="transactions">{t("importKindTransactions")}</Radio>
            <Radio value="surveys"><span data-testid="import-kind-surveys">{t("importKindSurveys")}</span></Radio>
          </Radio.Group>
        </div>
        <Space>
          <Button onClick={onBack}>{t("importBack")}</Button>
          <Button type="primary" data-testid="import-next" loading={busy} onClick={onNext}>{t("importNext")}</Button>
        </Space>
      </Space>
    </Card>
  );
}
