// Tier distribution as a bar chart, each bar in its tier's colour.
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { TierCount } from "../ipc/api";

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export function TierChart({ counts }: { counts: TierCount[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 50, right: 16, top: 16, bottom: 28 },
      tooltip: {},
      xAxis: { type: "category", data: counts.map((c) => c.name) },
      yAxis: { type: "value" },
      series: [{
        type: "bar",
        data: counts.map((c) => ({ value: Number(c.count), itemStyle: { color: c.color } })),
        label: { show: true, position: "top" },
      }],
    });
    return () => chart.dispose();
  }, [counts]);
  return <div ref={ref} data-testid="tier-chart" style={{ height: 220, width: "100%" }} />;
}
