// The customer record's card for churn: the open alert with its level,
// reasons and status, opened in the same drawer as on the 流失预警 page.
import { useCallback, useEffect, useState } from "react";
import { Button, Card, Space, Tag, Typography } from "antd";
import { api, type CustomerChurn } from "../ipc/api";
import { useI18n } from "../i18n";
import { ChurnDrawer } from "./ChurnDrawer";
import { levelColor, levelText, statusColor, statusText, yuan } from "./churnText";

export function ChurnCard({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const [churn, setChurn] = useState<CustomerChurn | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const load = useCallback(() => {
    api.churnForCustomer(customerId).then(setChurn).catch(() => setChurn(null));
  }, [customerId]);
  useEffect(load, [load]);

  const open = churn?.open;
  return (
    <Card size="small" title={t("churnCardTitle")} style={{ marginTop: 16 }} data-testid="record-churn-card">
      {!open ? (
        <Typography.Text type="secondary" data-testid="record-churn-none">{t("churnCardNone")}</Typography.Text>
      ) : (
        <>
          <Space style={{ marginBottom: 8 }} wrap>
            <Tag color={levelColor[open.level]} data-testid="record-churn-level">{levelText(t, open.level)}</Tag>
            <Tag color={statusColor[open.status]} data-testid="record-churn-status">{statusText(t, open.status)}</Tag>
            {open.signals_gone_on && <Tag color="green">{t("churnSignalsGone")}</Tag>}
            <Typography.Text type="secondary">{t("churnValueAtRisk")} {yuan(open.value_at_risk)}</Typography.Text>
            <Button size="small" onClick={() => setShown(open.id)} data-testid="record-churn-open">{t("churnCardOpen")}</Button>
          </Space>
          <div data-testid="record-churn-reasons">{open.reasons.map((r) => <div key={r.rule}>{r.reason}</div>)}</div>
        </>
      )}
      <ChurnDrawer alertId={shown} onClose={() => setShown(null)} onChanged={load} />
    </Card>
  );
}

export default ChurnCard;
