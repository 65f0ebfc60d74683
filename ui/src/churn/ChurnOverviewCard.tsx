// 概览's line on churn: how many alerts are open and how many of them are 高
// (nothing while no alert is open).
import { useEffect, useState } from "react";
import { Alert } from "antd";
import { api, type OpenAlerts } from "../ipc/api";
import { useI18n } from "../i18n";
import { count } from "../format";

export function ChurnOverviewCard() {
  const { t } = useI18n();
  const [counts, setCounts] = useState<OpenAlerts | null>(null);
  useEffect(() => {
    api.churnOpenCounts().then(setCounts).catch(() => setCounts(null));
  }, []);
  if (!counts || counts.open === 0) return null;
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={counts.high > 0 ? "warning" : "info"}
      showIcon
      data-testid="dash-churn"
      message={t("churnOverviewOpen", { n: count(counts.open), high: count(counts.high) })}
    />
  );
}
