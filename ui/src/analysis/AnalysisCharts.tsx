// The 分析 page's charts, drawn by the dashboard's EChart (SVG): rates and
// counts per period, tier counts per rating batch, and the Sankey of the
// last batch's moves.
import { useMemo } from "react";
import * as echarts from "echarts/core";
import { SankeyChart } from "echarts/charts";
import type { EChartsCoreOption } from "echarts/core";
import type { RetentionFigures, TierLabel, TierMovement } from "../ipc/api";
import { EChart } from "../report/charts";
import { pct, sankeyData, tierName } from "./analysisText";
import { useI18n } from "../i18n";
import { periodText } from "../i18n/words";

echarts.use([SankeyChart]);

/** Churn, retention and repeat rates per period (everyone). */
export function RatesChart({ figures }: { figures: RetentionFigures }) {
  const { t } = useI18n();
  const option = useMemo<EChartsCoreOption>(() => {
    const labels = figures.periods.map((p) => periodText(p.key, t, p.label));
    const line = (name: string, pick: (i: number) => number | null) => ({
      name,
      type: "line",
      data: figures.totals.map((_, i) => {
        const v = pick(i);
        return v == null ? null : Math.round(v * 1000) / 10;
      }),
      connectNulls: false,
    });
    return {
      tooltip: { trigger: "axis", valueFormatter: (v: number | null) => (v == null ? "—" : pct(v / 100)) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [
        line(t("analysisChurnRate"), (i) => figures.totals[i].churn_rate),
        line(t("analysisRetentionRate"), (i) => figures.totals[i].retention_rate),
        line(t("analysisRepeatRate"), (i) => figures.totals[i].repeat_rate),
      ],
    };
  }, [figures, t]);
  return <EChart option={option} height={260} testId="analysis-rates-chart" />;
}

/** Active (new + returning) and churned customers per period. */
export function CountsChart({ figures }: { figures: RetentionFigures }) {
  const { t } = useI18n();
  const option = useMemo<EChartsCoreOption>(() => ({
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: "category", data: figures.periods.map((p) => periodText(p.key, t, p.label)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: t("analysisNew"), type: "bar", stack: "active", data: figures.totals.map((r) => r.new) },
      { name: t("analysisReturning"), type: "bar", stack: "active", data: figures.totals.map((r) => r.returning) },
      { name: t("analysisChurned"), type: "bar", data: figures.totals.map((r) => r.churned), itemStyle: { color: "#cf1322" } },
    ],
  }), [figures, t]);
  return <EChart option={option} height={260} testId="analysis-counts-chart" />;
}

/** Customers per tier in each rating batch, stacked. */
export function BatchChart({ movement, tiers }: { movement: TierMovement; tiers: TierLabel[] }) {
  const { t } = useI18n();
  const option = useMemo<EChartsCoreOption>(() => {
    const keys: (string | null)[] = [];
    for (const b of movement.batches) for (const c of b.counts) if (!keys.includes(c.tier)) keys.push(c.tier);
    keys.sort((a, b) => rank(a, tiers) - rank(b, tiers));
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "category", data: movement.batches.map((b) => `#${b.batch_id} ${b.period}`) },
      yAxis: { type: "value", minInterval: 1 },
      series: keys.map((k) => ({
        name: tierName(k, tiers, t("analysisUnrated")),
        type: "bar",
        stack: "tiers",
        itemStyle: tiers.find((l) => l.key === k) ? { color: tiers.find((l) => l.key === k)?.color } : undefined,
        data: movement.batches.map((b) => b.counts.find((c) => c.tier === k)?.customers ?? 0),
      })),
    };
  }, [movement, tiers, t]);
  return <EChart option={option} height={260} testId="analysis-batch-chart" />;
}

function rank(tier: string | null, tiers: TierLabel[]): number {
  if (tier == null) return tiers.length + 1;
  const i = tiers.findIndex((l) => l.key === tier);
  return i < 0 ? tiers.length : i;
}

/** The last batch's moves from the tier before it to the tier it gave. */
export function MovesSankey({ movement, tiers }: { movement: TierMovement; tiers: TierLabel[] }) {
  const { t } = useI18n();
  const last = movement.batches[movement.batches.length - 1];
  const option = useMemo<EChartsCoreOption>(() => {
    const data = sankeyData(last, tiers, t("analysisUnrated"), t("analysisBefore"), t("analysisAfter"));
    return {
      tooltip: { trigger: "item" },
      series: [{ type: "sankey", data: data.nodes, links: data.links, nodeAlign: "justify", emphasis: { focus: "adjacency" }, lineStyle: { color: "gradient", opacity: 0.4 } }],
    };
  }, [last, tiers, t]);
  return <EChart option={option} height={300} testId="analysis-sankey" />;
}
