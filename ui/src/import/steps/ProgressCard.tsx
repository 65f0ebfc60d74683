// Reading, matching or writing a file: how far it has come, with the cancel button.
import { Button, Card, Progress, Space, Typography } from "antd";
import type { ImportProgress } from "../../ipc/api";
import { useI18n } from "../../i18n";

export function ProgressCard({ progress, onCancel }: { progress: ImportProgress | null; onCancel: () => void }) {
  const { t } = useI18n();
  return (
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
        <Button danger size="small" data-testid="import-cancel" onClick={onCancel}>{t("cancel")}</Button>
      </Space>
    </Card>
  );
}
