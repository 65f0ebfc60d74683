// The category axis of a chart with one bar per tier. An RFM scheme has 8 or
// 10 tiers: ECharts would hide every other name at the app's 1280×800, so
// every name is drawn (interval 0), slanted when there are many, and each
// bar's count is written with thousands separators.
import { count } from "../format";

/** Names slant from this many bars on. */
const SLANT_FROM = 7;

export function tierAxis(names: string[]): { xAxis: Record<string, unknown>; bottom: number } {
  const slant = names.length >= SLANT_FROM;
  return {
    xAxis: {
      type: "category",
      data: names,
      axisLabel: { interval: 0, hideOverlap: false, rotate: slant ? 30 : 0 },
    },
    bottom: slant ? 64 : 28,
  };
}

/** A bar's count above it: 5,130. */
export const countLabel = {
  show: true,
  position: "top",
  formatter: (p: { value: unknown }) => count(Number(p.value)),
} as const;
