// 购买记录: the customer's purchases at a glance, a bar per month (the last
// 24 months with lines) and the order lines, newest first, a page at a time.
import { useEffect, useMemo, useState } from "react";
import { Alert, Descriptions, Table, Tag, Typography } from "antd";
import type { EChartsCoreOption } from "echarts/core";
import { api, asApiError, type OrderLine, type PurchaseSummary } from "../ipc/api";
import { useI18n } from "../i18n";
import { money } from "../customers/columns";
import { EChart } from "../report/charts";
import { monthSeries } from "./months";
import type { RecordTabProps } from "./CustomerRecord";

const PAGE = 20;

export function PurchasesTab({ customerId }: RecordTabProps) {
  const { t } = useI18n();
  const [summary, setSummary] = useState<PurchaseSummary | null>(null);
  const [lines, setLines] = useState<OrderLine[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.recordPurchases(customerId).then(setSummary).catch((e) => setError(asApiError(e).message));
  }, [customerId]);
  useEffect(() => {
    setLoading(true);
    api
      .recordLines(customerId, page - 1, PAGE)
      .then((p) => { setLines(p.items); setTotal(p.total); })
      .catch((e) => setError(asApiError(e).message))
      .finally(() => setLoading(false));
  }, [customerId, page]);

  const option = useMemo<EChartsCoreOption | null>(() => {
    const series = monthSeries(summary?.months ?? []);
    if (series.length === 0) return null;
    return {
      grid: { left: 60, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: series.map((m) => m.month) },
      yAxis: { type: "value" },
      series: [{ type: "bar", name: t("recordSpend"), data: series.map((m) => Math.round(m.spend * 100) / 100) }],
    };
  }, [summary, t]);

  const kindLabel = (k: string) => (k === "purchase" ? t("recordKindPurchase") : k === "return" ? t("recordKindReturn") : t("recordKindCancel"));
  return (
    <div data-testid="record-purchases">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {summary && (
        <Descriptions column={4} size="small" bordered data-testid="purchase-summary">
          <Descriptions.Item label={t("recordOrders")}><span data-testid="purchase-orders">{summary.orders}</span></Descriptions.Item>
          <Descriptions.Item label={t("recordSpend")}>{money(summary.spend)}</Descriptions.Item>
          <Descriptions.Item label={t("recordReturned")}>{money(summary.returned)}</Descriptions.Item>
          <Descriptions.Item label={t("recordLinesCount")}>{summary.lines}</Descriptions.Item>
          <Descriptions.Item label={t("recordFirstPurchase")}>{summary.first_at ?? ""}</Descriptions.Item>
          <Descriptions.Item label={t("recordLastPurchase")}>{summary.last_at ?? ""}</Descriptions.Item>
          <Descriptions.Item label={t("recordPurchaseDays")}>{summary.purchase_days}</Descriptions.Item>
          <Descriptions.Item label={t("recordInterval")}>
            {summary.average_interval_days == null ? t("recordNoInterval") : t("recordDays", { n: summary.average_interval_days.toFixed(1) })}
          </Descriptions.Item>
        </Descriptions>
      )}
      {option && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t("recordPerMonth")}</Typography.Title>
          <EChart option={option} height={200} testId="purchase-chart" />
        </>
      )}
      <Table
        data-testid="record-lines"
        style={{ marginTop: 16 }}
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={lines}
        pagination={{ current: page, pageSize: PAGE, total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t("recordLinesTotal", { n }) }}
        locale={{ emptyText: t("recordNoLines") }}
        columns={[
          { title: t("recordLineAt"), dataIndex: "occurred_at", width: 170 },
          { title: t("recordOrderNo"), dataIndex: "order_no" },
          { title: t("recordProduct"), dataIndex: "product" },
          { title: t("recordQuantity"), dataIndex: "quantity", align: "right" },
          { title: t("recordAmount"), dataIndex: "amount", align: "right", render: (v: number) => money(v) },
          { title: t("recordLineKind"), dataIndex: "kind", render: (k: string) => <Tag color={k === "purchase" ? "blue" : "orange"}>{kindLabel(k)}</Tag> },
        ]}
      />
    </div>
  );
}
