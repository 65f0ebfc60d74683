// 概览: the active scheme's key figures per tier, where the revenue comes
// from, the latest movement, and the dates that need attention.
import { Suspense, lazy, useEffect, useMemo, useState, type ComponentProps } from "react";
import { Alert, Button, Card, Col, Empty, List, Row, Space, Spin, Statistic, Table, Tag, Typography } from "antd";
import { PrinterOutlined } from "@ant-design/icons";
import { api, type Dashboard, type TierFigures } from "../ipc/api";
import { useI18n } from "../i18n";
import { tierCustomers } from "../i18n/words";
import { count, yuan } from "../format";
import { takeEarly } from "../shell/early";

// The charts (ECharts) are their own chunk: the figures and tables show
// first, the charts fill their places when it has loaded.
const EChartNow = lazy(() => import("./charts").then((m) => ({ default: m.EChart })));
const EChart = (props: ComponentProps<typeof EChartNow>) => (
  <Suspense fallback={<div style={{ height: props.height ?? 240 }} />}><EChartNow {...props} /></Suspense>
);
import { markPainted } from "../shell/launch";
import { TodoCountsCard } from "../todo/TodoCountsCard";
import { ChurnOverviewCard } from "../churn/ChurnOverviewCard";
import { countLabel, tierAxis } from "../tiers/tierAxis";

type MatrixRow = { key: string; name: string; color: string; row: number[] };

const pct = (v: number) => (v * 100).toFixed(1) + "%";

export function DashboardPage({ onOpenReport }: { onOpenReport: () => void }) {
  const { t, m } = useI18n();
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (takeEarly<Dashboard>("dashboard") ?? api.dashboard()).then(setData, (e) => setError(e.message));
  }, []);
  useEffect(() => { if (data) markPainted("dashboard_painted"); }, [data]);

  const r = data?.report;
  const charts = useMemo(() => {
    if (!r) return null;
    const tiers = r.tiers;
    const axis = tierAxis(tiers.map((x) => x.name));
    return {
      distribution: {
        tooltip: {},
        grid: { left: 48, right: 16, top: 16, bottom: axis.bottom },
        xAxis: axis.xAxis,
        yAxis: { type: "value" },
        series: [{ type: "bar", data: tiers.map((x) => ({ value: Number(x.customers), itemStyle: { color: x.color } })), label: countLabel }],
      },
      revenue: {
        tooltip: { formatter: (p: { name: string; value: number; percent: number }) => `${p.name}<br/>${yuan(p.value)}（${p.percent}%）` },
        series: [{
          type: "pie", radius: ["40%", "70%"],
          data: tiers.map((x) => ({ name: x.name, value: x.revenue, itemStyle: { color: x.color } })),
          label: { formatter: "{b}\n{d}%" },
        }],
      },
      pareto: {
        tooltip: { trigger: "axis" },
        grid: { left: 48, right: 16, top: 16, bottom: 36 },
        xAxis: { type: "value", min: 0, max: 100, name: t("dashParetoX"), nameLocation: "middle", nameGap: 22, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{
          type: "line", showSymbol: false, smooth: true,
          data: [[0, 0], ...r.pareto.map((p) => [p.customers * 100, +(p.revenue * 100).toFixed(1)])],
          markLine: { symbol: "none", data: [{ xAxis: 20 }], label: { formatter: t("dashTop20", { share: pct(r.top20_revenue_share) }) } },
        }],
      },
      history: {
        tooltip: { trigger: "axis" },
        legend: { bottom: 0 },
        grid: { left: 48, right: 16, top: 16, bottom: 48 },
        xAxis: { type: "category", data: r.history.map((h) => h.label) },
        yAxis: { type: "value" },
        series: tiers.map((x, i) => ({
          name: x.name, type: "bar", stack: "all", itemStyle: { color: x.color },
          data: r.history.map((h) => Number(h.counts[i] ?? 0)),
        })),
      },
    };
  }, [r, t]);

  if (error) return <Alert type="error" message={error} />;
  if (!data || !r || !charts) return <Spin />;
  if (Number(r.customers) === 0) return <Empty description={t("dashEmpty")} />;

  const top = r.tiers.find((x) => x.key !== "" && Number(x.customers) > 0);
  return (
    <div data-testid="dashboard">
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("dashTitle", { scheme: r.scheme_name })}</Typography.Title>
        <Button icon={<PrinterOutlined />} data-testid="dash-report" onClick={onOpenReport}>{t("dashPrint")}</Button>
      </Space>
      <Row gutter={12}>
        <Col span={6}><Card size="small"><Statistic title={t("dashCustomers")} value={Number(r.customers)} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title={t("dashRevenue")} value={yuan(r.revenue)} /></Card></Col>
        <Col span={12}>
          <Card size="small">
            <Statistic
              title={t("dashHeadline")}
              valueRender={() => (
                <span data-testid="dash-headline" style={{ fontSize: 18 }}>
                  {top ? t("dashTopTier", { tier: tierCustomers(top.name, t), customers: pct(top.customer_share), revenue: pct(top.revenue_share) }) : "—"}
                </span>
              )}
            />
          </Card>
        </Col>
      </Row>
      <TodoCountsCard counts={data.todos} />
      <ChurnOverviewCard />
      <Card size="small" title={t("dashTiers")} style={{ marginTop: 12 }}>
        <Table<TierFigures>
          size="small" pagination={false} rowKey="key" data-testid="dash-tiers" dataSource={r.tiers}
          columns={[
            { title: t("tier"), dataIndex: "name", render: (_: unknown, x) => <Tag color={x.color}>{x.name}</Tag> },
            { title: t("dashCount"), dataIndex: "customers", align: "right", render: (v: number) => Number(v).toLocaleString() },
            { title: t("dashCustomerShare"), dataIndex: "customer_share", align: "right", render: pct },
            { title: t("dashRevenueCol"), dataIndex: "revenue", align: "right", render: (v: number) => yuan(v) },
            { title: t("dashRevenueShare"), dataIndex: "revenue_share", align: "right", render: pct },
            { title: t("dashAvg"), dataIndex: "avg_spend", align: "right", render: (v: number) => yuan(v) },
          ]}
        />
      </Card>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={12}><Card size="small" title={t("dashDistribution")}><EChart option={charts.distribution} testId="dash-chart-distribution" /></Card></Col>
        <Col span={12}><Card size="small" title={t("dashRevenueChart")}><EChart option={charts.revenue} /></Card></Col>
      </Row>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={12}><Card size="small" title={t("dashPareto")}><EChart option={charts.pareto} /></Card></Col>
        <Col span={12}>
          <Card size="small" title={t("dashHistory")}>
            {r.history.length ? <EChart option={charts.history} /> : <Empty description={t("dashNoBatch")} />}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={r.movement ? m(r.movement.label_msg) : t("dashMovement")} style={{ marginTop: 12 }}>
        {r.movement ? (
          <Table<MatrixRow>
            size="small" pagination={false} rowKey="key" data-testid="dash-matrix"
            dataSource={r.movement.tiers.map((x, i) => ({ key: x.key || "-", name: x.name, color: x.color, row: r.movement!.counts[i] }))}
            columns={[
              { title: t("dashFromTo"), dataIndex: "name", render: (_: unknown, x) => <Tag color={x.color}>{x.name}</Tag> },
              ...r.movement.tiers.map((x, j) => ({
                title: x.name, key: x.key || "-", align: "right" as const,
                render: (_: unknown, row: MatrixRow) => {
                  const n = Number(row.row[j] ?? 0);
                  return n === 0 ? "" : n.toLocaleString();
                },
              })),
            ]}
          />
        ) : <Empty description={t("dashNoBatch")} />}
      </Card>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={12}>
          <Card size="small" title={t("dashUpcoming", { n: count(Number(data.upcoming_total)) })}>
            <List size="small" dataSource={data.upcoming} locale={{ emptyText: t("dashNone") }}
              renderItem={(c) => <List.Item extra={c.date}><Space><Tag color={c.color}>{c.tier || "—"}</Tag>{c.name}</Space></List.Item>} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t("dashBirthdays", { month: data.month, n: Number(data.birthdays_total) })}>
            <List size="small" dataSource={data.birthdays} locale={{ emptyText: t("dashNone") }}
              renderItem={(c) => <List.Item extra={c.date}><Space><Tag color={c.color}>{c.tier || "—"}</Tag>{c.name}<Typography.Text type="secondary">{c.phone}</Typography.Text></Space></List.Item>} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
