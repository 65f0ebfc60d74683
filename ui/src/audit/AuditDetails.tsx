// One audit entry's details: each changed field before → after, then the
// facts (counts, file, masked or not, reason). Shared by the 操作日志 page
// and the customer drawer's log.
import { Descriptions, Table, Typography } from "antd";
import type { AuditEntry } from "../ipc/api";
import { useI18n } from "../i18n";

export function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  if (entry.details_erased && !entry.details) {
    return <Typography.Text type="secondary">{t("auditDetailsErased")}</Typography.Text>;
  }
  const d = entry.details;
  if (!d) return <Typography.Text type="secondary">{t("auditNoDetails")}</Typography.Text>;
  const empty = <Typography.Text type="secondary">{t("auditEmptyValue")}</Typography.Text>;
  return (
    <div data-testid={`audit-details-${entry.id}`}>
      {d.changes.length > 0 && (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={d.changes}
          columns={[
            { title: t("auditField"), dataIndex: "label", width: 140 },
            { title: t("auditBefore"), dataIndex: "before", render: (v: string | null) => (v == null ? empty : <span className="audit-value">{v}</span>) },
            { title: t("auditAfter"), dataIndex: "after", render: (v: string | null) => (v == null ? empty : <span className="audit-value">{v}</span>) },
          ]}
        />
      )}
      {d.facts.length > 0 && (
        <Descriptions size="small" column={2} style={{ marginTop: d.changes.length > 0 ? 8 : 0 }}>
          {d.facts.map((f) => (
            <Descriptions.Item key={f.name} label={f.name}>{f.value}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </div>
  );
}
