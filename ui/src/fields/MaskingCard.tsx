// What is masked where people see customers (个人信息保护法): phones always;
// e-mail addresses and the custom fields marked sensitive (身份证号 …) when
// chosen here. 显示完整 in the customer drawer shows them, for a logged purpose.
import { useEffect, useState } from "react";
import { App, Card, Select, Space, Switch, Typography } from "antd";
import { api, asApiError, type FieldDef, type Masking } from "../ipc/api";
import { useI18n } from "../i18n";

export function MaskingCard({ fieldDefs }: { fieldDefs: FieldDef[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [masking, setMasking] = useState<Masking | null>(null);
  useEffect(() => {
    api.masking().then(setMasking).catch((e) => message.error(asApiError(e).message));
  }, [message]);

  const save = async (next: Masking) => {
    try {
      setMasking(await api.setMasking(next));
      message.success(t("maskingSaved"));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  return (
    <Card title={t("maskingTitle")} size="small" style={{ marginBottom: 16 }} data-testid="masking-card">
      <Typography.Paragraph type="secondary">{t("maskingPhones")}</Typography.Paragraph>
      {masking && (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Space>
            <Switch
              checked={masking.mask_email}
              onChange={(on) => void save({ ...masking, mask_email: on })}
              data-testid="masking-email"
            />
            {t("maskingEmail")}
          </Space>
          <Space wrap>
            {t("maskingFields")}
            <Select
              mode="multiple"
              style={{ minWidth: 320 }}
              value={masking.sensitive_fields.filter((k) => fieldDefs.some((d) => d.key === k))}
              options={fieldDefs.map((d) => ({ value: d.key, label: d.label }))}
              onChange={(keys: string[]) => void save({ ...masking, sensitive_fields: keys })}
              placeholder={t("maskingFieldsNone")}
              data-testid="masking-fields"
            />
          </Space>
        </Space>
      )}
    </Card>
  );
}
