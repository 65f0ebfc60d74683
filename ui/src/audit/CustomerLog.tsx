// A customer's own audit entries, newest first, in the detail drawer.
import { useEffect, useState } from "react";
import { Collapse, Typography } from "antd";
import { api, type AuditEntry } from "../ipc/api";
import { useI18n } from "../i18n";
import { AuditDetails } from "./AuditDetails";

export function CustomerLog({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  useEffect(() => {
    setEntries(null);
    api.customerLog(customerId).then(setEntries).catch(() => setEntries([]));
  }, [customerId]);
  if (entries == null) return null;
  if (entries.length === 0) return <Typography.Text type="secondary">{t("auditEmpty")}</Typography.Text>;
  return (
    <Collapse
      size="small"
      data-testid="customer-log"
      items={entries.map((e) => ({
        key: e.id,
        label: (
          <span data-testid={`customer-log-${e.id}`}>
            {e.at}　{e.actor}（{e.source === "app" ? t("auditSourceApp") : t("auditSourceCli")}）　{e.summary}
          </span>
        ),
        children: <AuditDetails entry={e} />,
      }))}
    />
  );
}
