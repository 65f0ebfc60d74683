// Step 5: what the import did, with the error workbook and the way back to the list.
import { Button, Result, Space } from "antd";
import type { ImportSummary } from "../../ipc/api";
import { useI18n } from "../../i18n";

/** A count as people read it, with thousands separators (541,909). */
const count = (n: number) => n.toLocaleString("en-US");

export function ResultStep({ summary, onSaveErrors, onOpenCustomers, onAnother }: {
  summary: ImportSummary;
  onSaveErrors: () => void;
  onOpenCustomers: () => void;
  onAnother: () => void;
}) {
  const { t } = useI18n();
  return (
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
          {summary.error_count > 0 && <Button onClick={onSaveErrors}>{t("importErrorsSave")}</Button>}
          <Button type="primary" data-testid="import-open-customers" onClick={onOpenCustomers}>{t("importOpenCustomers")}</Button>
          <Button data-testid="import-another" onClick={onAnother}>{t("importAnother")}</Button>
        </Space>
      }
    />
  );
}
