// Tier distribution as a bar chart, each bar in its tier's colour.
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { TierCount } from "../ipc/api";
import { countLabel, tierAxis } from "./tierAxis";

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export function TierChart({ counts }: { counts: TierCount[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: "svg" });
    const axis = tierAxis(counts.map((c) => c.name));
    chart.setOption({
      animation: false,
      grid: { left: 50, right: 16, top: 16, bottom: axis.bottom },
      tooltip: {},
      xAxis: axis.xAxis,
      yAxis: { type: "value" },
      series: [{
        type: "bar",
        data: counts.map((c) => ({ value: Number(c.count), itemStyle: { color: c.color } })),
        label: countLabel,
      }],
    });
    return () => chart.dispose();
  }, [counts]);
  return <div ref={ref} data-testid="tier-chart" style={{ height: 220, width: "100%" }} />;
}
