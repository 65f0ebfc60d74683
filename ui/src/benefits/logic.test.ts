import { describe, expect, it } from "vitest";
import type { BenefitStatus, Calibration } from "../ipc/api";
import { agreementColor, matrixRows, quotaText, quotaUsedUp, remainingPercent, tierName } from "./logic";

const b = (quota: number | null, used: number): BenefitStatus => ({
  name: "生日礼品",
  description: "",
  quota,
  used,
  remaining: quota == null ? null : Math.max(0, quota - used),
  cost: 150,
});

describe("benefits", () => {
  it("shows 不限 for unlimited quotas", () => {
    expect(quotaText(null, "不限")).toBe("不限");
    expect(quotaText(12, "不限")).toBe("12");
  });
  it("knows when the quota is used up", () => {
    expect(quotaUsedUp(b(1, 1))).toBe(true);
    expect(quotaUsedUp(b(1, 0))).toBe(false);
    expect(quotaUsedUp(b(null, 40))).toBe(false);
  });
  it("gives the share left", () => {
    expect(remainingPercent(b(12, 3))).toBe(75);
    expect(remainingPercent(b(null, 3))).toBe(100);
    expect(remainingPercent(b(0, 0))).toBe(0);
  });
});

describe("calibration", () => {
  const c = {
    tiers: [
      { key: "gold", name: "金牌", color: "#d4a017", stars: 3 },
      { key: "regular", name: "普通", color: "#5b8c5a", stars: 1 },
    ],
    matrix: [
      [3, 1],
      [0, 5],
    ],
  } as unknown as Calibration;
  it("colours agreement", () => {
    expect(agreementColor(95)).toBe("#52c41a");
    expect(agreementColor(75)).toBe("#faad14");
    expect(agreementColor(40)).toBe("#cf1322");
  });
  it("lays out the matrix with row totals", () => {
    expect(matrixRows(c).map((r) => [r.name, r.total])).toEqual([
      ["金牌", 4],
      ["普通", 5],
    ]);
  });
  it("names tiers by key", () => {
    expect(tierName(c, "gold")).toBe("金牌");
    expect(tierName(c, "vip")).toBe("vip");
  });
});
