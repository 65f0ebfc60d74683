// Step 1: choose a file by the dialog, a typed or pasted path (drops come through the shell).
import { useState } from "react";
import { Button, Card, Input, Space, Typography } from "antd";
import { InboxOutlined } from "@ant-design/icons";
import { useI18n } from "../../i18n";

export function FileStep({ onPick, onOpen, onExportTemplate }: {
  onPick: () => void;
  onOpen: (path: string) => void;
  onExportTemplate?: () => void;
}) {
  const { t } = useI18n();
  const [typedPath, setTypedPath] = useState("");
  // A path copied from the file manager may come in quotes.
  const open = () => typedPath.trim() && onOpen(typedPath.trim().replace(/^"|"$/g, ""));
  return (
    <Card>
      <div className="dropzone" onClick={onPick} data-testid="import-pick">
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
          onPressEnter={open}
        />
        <Button data-testid="import-open" disabled={!typedPath.trim()} onClick={open}>
          {t("importOpenPath")}
        </Button>
      </Space.Compact>
      {onExportTemplate && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          <Button type="link" size="small" style={{ padding: 0 }} data-testid="import-template" onClick={onExportTemplate}>{t("exportTemplate")}</Button>
        </Typography.Paragraph>
      )}
    </Card>
  );
}
