// The table of complaints shared by the 投诉与反馈 page and the record page's
// 投诉 tab: overdue ones first (Rust's order) in red with how late they are.
import { Table, Tag, Typography } from "antd";
import type { CaseLine } from "../ipc/api";
import { useI18n } from "../i18n";
import { kindText, lateText, nextDeadline, severityText, statusColor, statusText } from "./caseText";

interface Props {
  items: CaseLine[];
  loading: boolean;
  /** Whether the customer column is shown (not on one customer's tab). */
  showCustomer: boolean;
  onOpen: (c: CaseLine) => void;
}

export function CasesTable({ items, loading, showCustomer, onOpen }: Props) {
  const { t } = useI18n();
  return (
    <Table<CaseLine>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: t("caseEmpty") }}
      onRow={(c) =>
        ({
          onClick: () => onOpen(c),
          style: { cursor: "pointer", background: lateText(t, c) ? "#fff1f0" : undefined },
          "data-testid": `case-row-${c.number}`,
          "data-overdue": lateText(t, c) ? "true" : "false",
        }) as never
      }
      columns={[
        { title: t("caseNumber"), dataIndex: "number", width: 140, render: (n: string) => <a data-testid={`case-open-${n}`}>{n}</a> },
        ...(showCustomer
          ? [{ title: t("caseCustomer"), key: "customer", width: 120, render: (_: unknown, c: CaseLine) => c.customer_name }]
          : []),
        { title: t("caseTier"), key: "tier", width: 90, render: (_: unknown, c: CaseLine) => c.tier?.name ?? c.tier_at ?? t("caseNoTier") },
        { title: t("caseKind"), key: "kind", width: 90, render: (_: unknown, c: CaseLine) => kindText(t, c.kind) },
        { title: t("caseSeverity"), key: "severity", width: 70, render: (_: unknown, c: CaseLine) => severityText(t, c.severity) },
        {
          title: t("caseStatus"),
          key: "status",
          width: 100,
          render: (_: unknown, c: CaseLine) => <Tag color={statusColor[c.status]}>{statusText(t, c.status)}</Tag>,
        },
        { title: t("caseOwner"), dataIndex: "owner", width: 90 },
        { title: t("caseReceivedAt"), dataIndex: "received_at", width: 140, render: (s: string) => s.slice(0, 16) },
        {
          title: t("caseDeadline"),
          key: "deadline",
          render: (_: unknown, c: CaseLine) => {
            const late = lateText(t, c);
            if (late) return <Typography.Text type="danger" strong data-testid={`case-late-${c.number}`}>{late}</Typography.Text>;
            const next = nextDeadline(c);
            return next ? next.slice(0, 16) : "";
          },
        },
      ]}
    />
  );
}
