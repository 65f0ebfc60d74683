// 分析: the figures management asks for — retention, churn and repeat rates
// per period (月/季/年) and tier up to an as-of day, the cohort heat table,
// the tier movement of the rating batches (stacked bars and a Sankey of the
// last batch) and the 客户经理 table. Every figure comes from the API as
// the CLI's `tierdesk analysis … --json` prints it, read in one pass
// (`analysis_all`).
import { useCallback, useEffect, useMemo, useState } from "react";
import { App, Card, Col, DatePicker, Empty, Row, Segmented, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import {
  api, asApiError, type AnalysisFigures, type CohortRow, type Cohorts, type ManagerFigures, type ManagerRow,
  type PeriodKind, type RetentionRow, type TierLabel,
} from "../ipc/api";
import { useI18n } from "../i18n";
import { TierTag } from "../tiers/TierTag";
import { BatchChart, CountsChart, MovesSankey, RatesChart } from "./AnalysisCharts";
import { days, heat, pct, yuan } from "./analysisText";
import { periodText } from "../i18n/words";
import { count as countText } from "../format";

export function AnalysisPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [by, setBy] = useState<PeriodKind>("month");
  const [asOf, setAsOf] = useState<Dayjs>(() => dayjs());
  const [tiers, setTiers] = useState<TierLabel[]>([]);
  const [figures, setFigures] = useState<AnalysisFigures | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    const day = asOf.format("YYYY-MM-DD");
    try {
      const [all, labels] = await Promise.all([api.analysisAll(by, day), api.tierLabels().catch(() => [] as TierLabel[])]);
      setFigures(all);
      setTiers(labels);
    } catch (e) {
      message.error(asApiError(e).message);
    } finally {
      setLoading(false);
    }
  }, [by, asOf, message]);
  useEffect(() => { void load(); }, [load]);

  const retention = figures?.retention;
  const lastPeriod = retention?.periods[retention.periods.length - 1];
  const tierRows = useMemo(
    () => (retention && lastPeriod ? retention.by_tier.filter((r) => r.period === lastPeriod.key) : []),
    [retention, lastPeriod],
  );
  const periodLabel = (key: string) => {
    const p = retention?.periods.find((x) => x.key === key);
    const label = p ? periodText(p.key, t, p.label) : key;
    return p?.partial ? `${label}${t("analysisPartial", { end: p.end })}` : label;
  };

  const rateColumns = [
    { title: t("analysisActive"), key: "active", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="active">{r.active}</span> },
    { title: t("analysisNew"), key: "new", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="new">{r.new}</span> },
    { title: t("analysisReturning"), key: "returning", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="returning">{r.returning}</span> },
    { title: t("analysisAliveAtStart"), key: "alive", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="alive_at_start">{r.alive_at_start}</span> },
    { title: t("analysisChurnedFromStart"), key: "churnedFromStart", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="churned_from_start">{r.churned_from_start}</span> },
    { title: t("analysisChurned"), key: "churned", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="churned">{r.churned}</span> },
    { title: t("analysisChurnRate"), key: "churnRate", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="churn_rate">{pct(r.churn_rate)}</span> },
    { title: t("analysisRetentionRate"), key: "retRate", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="retention_rate">{pct(r.retention_rate)}</span> },
    { title: t("analysisRepeatRate"), key: "repRate", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="repeat_rate">{pct(r.repeat_rate)}</span> },
    { title: t("analysisInterval"), key: "interval", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="average_interval">{days(r.average_interval, t("analysisDays"))}</span> },
    { title: t("analysisSpend"), key: "spend", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="spend">{yuan(r.spend)}</span> },
    { title: t("analysisValue"), key: "value", align: "right" as const, render: (_: unknown, r: RetentionRow) => <span data-col="value_per_active">{yuan(r.value_per_active)}</span> },
  ];

  return (
    <div data-testid="analysis-page">
      <Space style={{ marginBottom: 12, flexWrap: "wrap" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t("analysisTitle")}</Typography.Title>
        <Segmented<PeriodKind>
          data-testid="analysis-by"
          value={by}
          onChange={setBy}
          options={[
            { value: "month", label: <span data-testid="analysis-by-month">{t("analysisByMonth")}</span> },
            { value: "quarter", label: <span data-testid="analysis-by-quarter">{t("analysisByQuarter")}</span> },
            { value: "year", label: <span data-testid="analysis-by-year">{t("analysisByYear")}</span> },
          ]}
        />
        <span>{t("analysisAsOf")}</span>
        <DatePicker value={asOf} allowClear={false} onChange={(d) => d && setAsOf(d)} data-testid="analysis-as-of" />
      </Space>
      <Typography.Paragraph type="secondary" data-testid="analysis-definition">{t("analysisDefinition")}</Typography.Paragraph>

      <Card size="small" title={t("analysisRetentionTitle")} style={{ marginBottom: 16 }} loading={loading && !figures}>
        {retention && (
          <>
            <Row gutter={16}>
              <Col span={12}><RatesChart figures={retention} /></Col>
              <Col span={12}><CountsChart figures={retention} /></Col>
            </Row>
            <Table<RetentionRow>
              size="small"
              data-testid="analysis-retention-table"
              rowKey={(r) => r.period}
              dataSource={retention.totals}
              pagination={false}
              scroll={{ x: true }}
              onRow={(r) => ({ "data-period": r.period } as object)}
              columns={[{ title: t("analysisPeriod"), key: "period", render: (_: unknown, r: RetentionRow) => periodLabel(r.period) }, ...rateColumns]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t("analysisByTier", { period: lastPeriod ? periodLabel(lastPeriod.key) : "" })}
            </Typography.Title>
            <Table<RetentionRow>
              size="small"
              data-testid="analysis-tier-table"
              rowKey={(r) => r.tier ?? "-"}
              dataSource={tierRows}
              pagination={false}
              scroll={{ x: true }}
              onRow={(r) => ({ "data-tier": r.tier ?? "none" } as object)}
              columns={[
                {
                  title: t("analysisTier"),
                  key: "tier",
                  render: (_: unknown, r: RetentionRow) => (r.tier ? <TierTag tier={r.tier} tiers={tiers} /> : t("analysisUnrated")),
                },
                ...rateColumns,
              ]}
            />
          </>
        )}
      </Card>

      <Card size="small" title={t("analysisCohortsTitle")} style={{ marginBottom: 16 }} loading={loading && !figures}>
        {figures && <CohortTable cohorts={figures.cohorts} />}
      </Card>

      <Card size="small" title={t("analysisMovementTitle")} style={{ marginBottom: 16 }} loading={loading && !figures}>
        {figures && figures.movement.batches.length === 0 && <Empty description={t("analysisNoBatches")} />}
        {figures && figures.movement.batches.length > 0 && (
          <Row gutter={16}>
            <Col span={12}><BatchChart movement={figures.movement} tiers={tiers} /></Col>
            <Col span={12}>
              <Typography.Text type="secondary" data-testid="analysis-last-batch">
                {(() => {
                  const b = figures.movement.batches[figures.movement.batches.length - 1];
                  return t("analysisLastBatch", { id: b.batch_id, period: periodText(b.period, t), up: b.up, down: b.down, same: b.same, first: b.first });
                })()}
              </Typography.Text>
              <MovesSankey movement={figures.movement} tiers={tiers} />
            </Col>
          </Row>
        )}
      </Card>

      <Card size="small" title={figures ? t("analysisManagersTitle", { from: figures.managers.from, to: figures.managers.to }) : t("analysisManagersTitle", { from: "", to: "" })} loading={loading && !figures}>
        {figures && <ManagerTable figures={figures.managers} />}
      </Card>
    </div>
  );
}

function CohortTable({ cohorts }: { cohorts: Cohorts }) {
  const { t } = useI18n();
  const width = cohorts.rows[0]?.active.length ?? 0;
  return (
    <Table<CohortRow>
      size="small"
      data-testid="analysis-cohorts"
      rowKey={(r) => r.cohort}
      dataSource={cohorts.rows}
      pagination={false}
      scroll={{ x: true }}
      onRow={(r) => ({ "data-cohort": r.cohort } as object)}
      columns={[
        { title: t("analysisCohort"), key: "cohort", fixed: "left", render: (_: unknown, r: CohortRow) => periodText(r.cohort, t, r.label) },
        { title: t("analysisCohortSize"), key: "size", align: "right", render: (_: unknown, r: CohortRow) => <span data-col="size">{r.size}</span> },
        ...Array.from({ length: width }, (_, i) => ({
          title: t("analysisMonthN", { n: i }),
          key: `m${i}`,
          align: "center" as const,
          onCell: (r: CohortRow) => ({ style: i < r.active.length && r.size > 0 ? { background: heat(r.shares[i]) } : {} }),
          render: (_: unknown, r: CohortRow) =>
            i < r.active.length ? (
              <span data-col={`m${i}`} title={`${r.active[i]}`}>{r.size > 0 ? pct(r.shares[i]) : "—"}</span>
            ) : null,
        })),
      ]}
    />
  );
}

function ManagerTable({ figures }: { figures: ManagerFigures }) {
  const { t } = useI18n();
  const count = (v: number | null) => countText(v);
  return (
    <>
      {figures.total.alerts_open == null && (
        <Typography.Paragraph type="secondary" data-testid="analysis-no-alerts">{t("analysisNoAlerts")}</Typography.Paragraph>
      )}
      <Table<ManagerRow>
        size="small"
        data-testid="analysis-managers"
        rowKey={(r) => r.manager}
        dataSource={[...figures.rows, figures.total]}
        pagination={false}
        onRow={(r) => ({ "data-manager": r === figures.total ? "*" : r.manager } as object)}
        columns={[
          { title: t("analysisManager"), key: "m", render: (_: unknown, r: ManagerRow) => (r === figures.total ? <b>{t("analysisTotal")}</b> : r.manager) },
          { title: t("analysisCustomers"), key: "c", align: "right", render: (_: unknown, r: ManagerRow) => <span data-col="customers">{count(r.customers)}</span> },
          { title: t("analysisActive"), key: "a", align: "right", render: (_: unknown, r: ManagerRow) => <span data-col="active">{r.active}</span> },
          { title: t("analysisRevenue"), key: "r", align: "right", render: (_: unknown, r: ManagerRow) => <span data-col="revenue">{yuan(r.revenue)}</span> },
          { title: t("analysisAlertsOpen"), key: "o", align: "right", render: (_: unknown, r: ManagerRow) => <span data-col="alerts_open">{count(r.alerts_open)}</span> },
          { title: t("analysisAlertsRecovered"), key: "w", align: "right", render: (_: unknown, r: ManagerRow) => <span data-col="alerts_recovered">{count(r.alerts_recovered)}</span> },
          { title: t("analysisCoverage"), key: "f", align: "right", render: (_: unknown, r: ManagerRow) => <span data-col="coverage">{pct(r.coverage)}（{r.visited}/{r.visits_due}）</span> },
        ]}
      />
    </>
  );
}

export default AnalysisPage;
