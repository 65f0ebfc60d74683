// One applied batch in full: counts per tier, the tiers chosen at review
// and the customers who moved (the same as `tierdesk batch show`).
import { useEffect, useState } from "react";
import { App, Descriptions, Modal, Table, Tag, Typography } from "antd";
import { api, asApiError, type BatchDetail, type MoveLine, type OverrideEntry } from "../ipc/api";
import { useI18n } from "../i18n";
import { count } from "../format";

export function BatchDetailModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<BatchDetail | null>(null);

  useEffect(() => {
    setDetail(null);
    if (id == null) return;
    api.batchDetail(id).then(setDetail, (e) => message.error(asApiError(e).message));
  }, [id]); // eslint-disable-line react-hooks/exhaustive-deps

  const tier = (key: string | null) => {
    const c = detail?.counts.find((x) => x.tier === key);
    return <Tag color={c?.color}>{key ? c?.name ?? key : t("noTier")}</Tag>;
  };
  const b = detail?.batch;

  return (
    <Modal open={id != null} width={900} footer={null} onCancel={onClose} title={id != null ? `${t("batch")} #${id}` : ""} destroyOnHidden>
      {detail && b && (
        <div data-testid="batch-detail">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t("scheme")}>{`${detail.scheme_name}（v${b.scheme_version}）`}</Descriptions.Item>
            <Descriptions.Item label={t("period")}>{b.period}</Descriptions.Item>
            <Descriptions.Item label={t("asOf")}>{b.as_of}</Descriptions.Item>
            <Descriptions.Item label={t("appliedBy")}>{b.applied_by}</Descriptions.Item>
            <Descriptions.Item label={t("appliedAt")}>{b.applied_at}</Descriptions.Item>
            <Descriptions.Item label={t("moved")}>{`${count(b.moved)} / ${count(b.customers)}`}</Descriptions.Item>
          </Descriptions>
          <div style={{ margin: "12px 0" }}>
            {detail.counts.map((c) => (
              <Tag key={c.tier} color={c.color}>{`${c.name} ${c.count}`}</Tag>
            ))}
          </div>
          <Typography.Title level={5}>{`${t("overridesCol")}（${count(detail.overrides.length)}）`}</Typography.Title>
          <Table<OverrideEntry>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={detail.overrides}
            columns={[
              { title: t("code"), dataIndex: "code", width: 110 },
              { title: t("name"), dataIndex: "name" },
              { title: t("proposed"), dataIndex: "proposed_tier", width: 100, render: (k: string) => tier(k) },
              { title: t("chosenTier"), dataIndex: "tier", width: 100, render: (k: string) => tier(k) },
              { title: t("overrideReason"), dataIndex: "reason" },
              { title: t("overrideExpires"), dataIndex: "expires_on", width: 130 },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 12 }}>{`${t("moved")}（${count(detail.moves.length)}）`}</Typography.Title>
          <Table<MoveLine>
            size="small"
            rowKey="customer_id"
            pagination={{ pageSize: 10 }}
            dataSource={detail.moves}
            columns={[
              { title: t("code"), dataIndex: "code", width: 110 },
              { title: t("name"), dataIndex: "name" },
              { title: t("from"), dataIndex: "from", width: 100, render: (k: string | null) => tier(k) },
              { title: t("to"), dataIndex: "to", width: 100, render: (k: string) => tier(k) },
              { title: t("reason"), dataIndex: "reason" },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
