import { describe, expect, it } from "vitest";
import { countLabel, tierAxis } from "./tierAxis";

describe("a tier chart's axis", () => {
  it("names every bar of an RFM scheme (10 tiers), slanted", () => {
    const names = ["重要价值", "重要发展", "重要保持", "重要挽留", "一般价值", "一般发展", "一般保持", "一般挽留", "新客户", "流失客户"];
    const { xAxis, bottom } = tierAxis(names);
    expect(xAxis.data).toEqual(names);
    expect(xAxis.axisLabel).toEqual({ interval: 0, hideOverlap: false, rotate: 30 });
    expect(bottom).toBeGreaterThan(28);
  });

  it("keeps four tiers level", () => {
    const { xAxis, bottom } = tierAxis(["钻石", "黄金", "白银", "青铜"]);
    expect((xAxis.axisLabel as { rotate: number; interval: number }).rotate).toBe(0);
    expect((xAxis.axisLabel as { interval: number }).interval).toBe(0);
    expect(bottom).toBe(28);
  });

  it("writes counts with thousands separators", () => {
    expect(countLabel.formatter({ value: 5130 })).toBe("5,130");
  });
});
