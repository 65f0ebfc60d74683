import { describe, expect, it } from "vitest";
import { count, yuan } from "./format";

describe("money", () => {
  it("writes ¥ with thousands separators, the sign before the ¥", () => {
    const whole: [number | null | undefined, string][] = [
      [null, "—"],
      [undefined, "—"],
      [Number.NaN, "—"],
      [0, "¥0"],
      [88000, "¥88,000"],
      [1234567.4, "¥1,234,567"],
      [-2500.5, "-¥2,501"],
      [-0.2, "¥0"],
    ];
    for (const [v, want] of whole) expect(yuan(v)).toBe(want);
    const cents: [number | null, string][] = [
      [null, ""],
      [88000, "¥88,000"],
      [1234.567, "¥1,234.57"],
      [-1234.5, "-¥1,234.5"],
    ];
    for (const [v, want] of cents) expect(yuan(v, { cents: true, missing: "" })).toBe(want);
  });
});

describe("count", () => {
  it("writes every count with thousands separators", () => {
    expect(count(5130)).toBe("5,130");
    expect(count(1234567)).toBe("1,234,567");
    expect(count(999)).toBe("999");
    expect(count(0)).toBe("0");
    expect(count(-2501)).toBe("-2,501");
    expect(count(null)).toBe("—");
    expect(count(Number.NaN, "")).toBe("");
  });
});
