import { describe, expect, it } from "vitest";
import type { BatchTiers, TierLabel } from "../ipc/api";
import { days, heat, pct, sankeyData, tierName, yuan } from "./analysisText";

const tiers: TierLabel[] = [
  { key: "gold", name: "金牌", color: "#d4a017", stars: 3 },
  { key: "regular", name: "普通", color: "#5b8c5a", stars: 1 },
];

describe("analysis figures as text", () => {
  it("writes rates with one decimal, money with separators, and dashes for missing figures", () => {
    const rates: [number | null, string][] = [[null, "—"], [0, "0.0%"], [0.42, "42.0%"], [1 / 3, "33.3%"], [1, "100.0%"], [Number.NaN, "—"]];
    for (const [v, want] of rates) expect(pct(v)).toBe(want);
    const money: [number | null, string][] = [[null, "—"], [0, "¥0"], [1234567.4, "¥1,234,567"], [-2500.5, "-¥2,501"]];
    for (const [v, want] of money) expect(yuan(v)).toBe(want);
    expect(days(43.5, "天")).toBe("43.5 天");
    expect(days(null, "天")).toBe("—");
    expect(tierName("gold", tiers, "未分级")).toBe("金牌");
    expect(tierName("vip", tiers, "未分级")).toBe("vip");
    expect(tierName(null, tiers, "未分级")).toBe("未分级");
  });

  it("colours a larger share deeper, within bounds", () => {
    expect(heat(0)).toBe("rgba(22, 119, 255, 0.08)");
    expect(heat(1)).toBe("rgba(22, 119, 255, 0.80)");
    expect(heat(2)).toBe(heat(1));
    expect(heat(-1)).toBe(heat(0));
  });

  it("makes a tier before and after two nodes, each once", () => {
    const batch: BatchTiers = {
      batch_id: 7, period: "2024", as_of: "2024-12-31", up: 1, down: 1, same: 2, first: 1,
      counts: [],
      flows: [
        { from: "gold", to: "gold", customers: 2 },
        { from: "gold", to: "regular", customers: 1 },
        { from: null, to: "gold", customers: 1 },
        { from: "regular", to: "regular", customers: 0 },
      ],
    };
    const s = sankeyData(batch, tiers, "未分级", "前", "后");
    expect(s.nodes.map((n) => n.name)).toEqual(["金牌（前）", "金牌（后）", "普通（后）", "未分级（前）"]);
    expect(s.nodes[0].itemStyle?.color).toBe("#d4a017");
    expect(s.nodes[3].itemStyle).toBeUndefined();
    expect(s.links).toEqual([
      { source: "金牌（前）", target: "金牌（后）", value: 2 },
      { source: "金牌（前）", target: "普通（后）", value: 1 },
      { source: "未分级（前）", target: "金牌（后）", value: 1 },
    ]);
  });
});
